package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.sim.spectral.SymmetricOperator;

/**
 * The operator whose top eigenpairs are the directions: {@code x -> P^{1/2} H P^{1/2} x + D x} on the probe copy,
 * {@code H} the Hessian of the probe set's mean loss (L2 included), {@code P} the frame's preconditioner (identity
 * for Sgd), {@code D} weight decay's diagonal. {@code H u} is exact where {@link DenseHessianProduct} applies (dense
 * stacks on the batched engine with piecewise-linear hidden activations and a supported output pair: Pearlmutter's
 * R-operator). Elsewhere it is a forward difference of
 * the double-precision mean gradient, {@code (g(theta + r u) - g(theta)) / r} with {@code g(theta)} computed once and
 * {@code r = step (1 + ||theta||)/||u||}: one gradient pass per product. At the listener's step ({@code 1e-9}) the
 * truncation error, {@code (r/2) D^3L[u, u]}, is below the rounding error, about {@code 2e-16 ||g|| / r}, and both
 * are some {@code 1e-7} of {@code ||H u||} on the bundled networks; a step that small also makes it unlikely that
 * any probe example's ReLU or max-pool switches within it. Unlikely is not never: one such switch adds its gradient
 * jump divided by the step, a larger error the smaller the step ({@code docs/estimators.md#hessian-vector-products});
 * nothing in a single product detects it, but Lanczos's true residuals (each returned pair's product recomputed)
 * would show it as a large residual or an unconverged pair in the report. The operator is symmetric up to that error, which
 * Lanczos's tolerance ({@code 1e-5}) allows for. With exact products two parameter-length work arrays on the heap
 * serve every product. Not thread-safe.
 */
final class HessianOperator implements SymmetricOperator {

    private final GradientProbes probes;
    private final INDArray theta;
    private final MiniBatch examples;
    private final DirectionFrame frame;
    private final FiniteDifference scheme;
    private final double step;
    private final double thetaNorm;
    private final int dimension;
    private final boolean dense;
    private final Optional<DenseHessianProduct> exact;
    /** {@code g(theta)} for forward differences, once for all products; null otherwise. */
    private final double[] base;
    /** The preconditioned vector and, for exact products, the product: reused by every product. */
    private final double[] scaled;
    private final double[] product;

    /** Exact products where the network allows them, forward differences at relative step {@code step} elsewhere. */
    HessianOperator(GradientProbes probes, INDArray theta, MiniBatch examples, DirectionFrame frame, double step) {
        this(probes, theta, examples, frame, probes.exactHessianProduct(theta, examples), FiniteDifference.FORWARD,
                step);
    }

    /** Differences of the given scheme whatever the network: the reference the exact products are checked against. */
    static HessianOperator differences(GradientProbes probes, INDArray theta, MiniBatch examples,
                                       DirectionFrame frame, FiniteDifference scheme, double step) {
        return new HessianOperator(probes, theta, examples, frame, Optional.empty(), scheme, step);
    }

    private HessianOperator(GradientProbes probes, INDArray theta, MiniBatch examples, DirectionFrame frame,
                            Optional<DenseHessianProduct> exact, FiniteDifference scheme, double step) {
        this.probes = probes;
        this.exact = exact;
        this.theta = theta;
        this.examples = examples;
        this.frame = frame;
        this.scheme = scheme;
        this.step = step;
        this.thetaNorm = theta.norm2Number().doubleValue();
        this.dimension = (int) probes.numParams();
        this.dense = probes.batched(List.of(examples));
        // computed here, outside the products' workspace, since it outlives every one of them
        this.base = exact.isEmpty() && scheme == FiniteDifference.FORWARD
                ? probes.curvatureGradient(theta, examples).toDoubleVector() : null;
        this.scaled = new double[dimension];
        this.product = exact.isPresent() ? new double[dimension] : null;
    }

    /** Whether the products are exact ({@link DenseHessianProduct}) rather than differences of gradients. */
    boolean exact() {
        return exact.isPresent();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void apply(double[] in, double[] out) {
        double[] u = scaled;
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
        if (exact.isPresent()) {
            // the exact product allocates no array of the network's or the batch's size: those are made once, on
            // its first call
            hu = product;
            exact.get().apply(u, hu);
        } else if (dense) {
            // the product's full-length temporaries live in a reused workspace (fresh off-heap vectors cost more
            // than the arithmetic on a large network); the dense engine's pass opens its own inside it
            try (MemoryWorkspace ws = PassWorkspace.openProduct()) {
                hu = product(u, r);
            }
        } else {
            // DL4J's own passes expect no workspace of ours to be open
            hu = product(u, r);
        }
        for (int i = 0; i < dimension; i++) {
            out[i] = frame.sqrtPreconditioner(i) * hu[i] + frame.decay(i) * in[i];
        }
    }

    /** {@code (g(theta + r u) - g(theta - r u)) / (2r)} or {@code (g(theta + r u) - g(theta)) / r}. */
    private double[] product(double[] u, double r) {
        INDArray du = Nd4j.createFromArray(u).muli(r);
        INDArray plus = probes.curvatureGradient(theta.add(du), examples);
        if (scheme == FiniteDifference.CENTRAL) {
            INDArray minus = probes.curvatureGradient(theta.sub(du), examples);
            return plus.subi(minus).divi(2 * r).toDoubleVector();
        }
        double[] hu = plus.toDoubleVector();
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (hu[i] - base[i]) / r;
        }
        return hu;
    }
}
