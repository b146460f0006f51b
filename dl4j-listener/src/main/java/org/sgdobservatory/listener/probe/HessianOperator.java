package org.sgdobservatory.listener.probe;

import java.util.List;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.sim.spectral.SymmetricOperator;

/**
 * The operator whose top eigenpairs are the directions: {@code x -> P^{1/2} H P^{1/2} x + D x} on the probe copy,
 * {@code H} the Hessian of the probe set's mean loss (L2 included), {@code P} the frame's preconditioner (identity
 * for Sgd), {@code D} weight decay's diagonal. {@code H u} is a central finite difference of the double-precision
 * mean gradient, {@code (g(theta + r u) - g(theta - r u)) / (2r)} with {@code r = step (1 + ||theta||)/||u||}: its
 * truncation error is {@code O(r^2)} times the loss's third derivative (zero for a quadratic; for ReLU networks only
 * examples whose pre-activation changes sign within {@code r} contribute) and its rounding error about
 * {@code 1e-16 ||g|| / r} ({@code docs/estimators.md#finite-difference-hessian-vector-products}); it is symmetric up
 * to that error, which Lanczos's tolerance allows for. Not thread-safe.
 */
final class HessianOperator implements SymmetricOperator {

    private final GradientProbes probes;
    private final INDArray theta;
    private final MiniBatch examples;
    private final DirectionFrame frame;
    private final double step;
    private final double thetaNorm;
    private final int dimension;
    private final boolean dense;

    HessianOperator(GradientProbes probes, INDArray theta, MiniBatch examples, DirectionFrame frame, double step) {
        this.probes = probes;
        this.theta = theta;
        this.examples = examples;
        this.frame = frame;
        this.step = step;
        this.thetaNorm = theta.norm2Number().doubleValue();
        this.dimension = (int) probes.numParams();
        this.dense = probes.batched(List.of(examples));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void apply(double[] in, double[] out) {
        double[] u = new double[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            u[i] = frame.sqrtPreconditioner(i) * in[i];
            norm += u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            java.util.Arrays.fill(out, 0);
            return;
        }
        double r = step * (1 + thetaNorm) / norm;
        double[] hu;
        if (dense) {
            // the product's full-length temporaries live in a reused workspace (fresh off-heap vectors cost more
            // than the arithmetic on a large network); the dense engine's pass opens its own inside it
            try (MemoryWorkspace ws = PassWorkspace.openProduct()) {
                hu = difference(u, r);
            }
        } else {
            // DL4J's own passes expect no workspace of ours to be open
            hu = difference(u, r);
        }
        for (int i = 0; i < dimension; i++) {
            out[i] = frame.sqrtPreconditioner(i) * hu[i] + frame.decay(i) * in[i];
        }
    }

    /** {@code (g(theta + r u) - g(theta - r u)) / (2r)}. */
    private double[] difference(double[] u, double r) {
        INDArray du = Nd4j.createFromArray(u).muli(r);
        INDArray plus = probes.curvatureGradient(theta.add(du), examples);
        INDArray minus = probes.curvatureGradient(theta.sub(du), examples);
        return plus.subi(minus).divi(2 * r).toDoubleVector();
    }
}
