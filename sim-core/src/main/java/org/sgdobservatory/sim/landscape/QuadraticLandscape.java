package org.sgdobservatory.sim.landscape;

import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code L(x) = x^T H x / 2} with a symmetric Hessian {@code H}
 * (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation), either diagonal (one element-wise multiply per call) or
 * full (one matrix product per call). Immutable and thread-safe.
 */
public final class QuadraticLandscape implements Landscape {
    private final double[][] hessian;       // null when diagonal: a dense D x D copy would need 8 D^2 bytes
    private final double[] curvatures;      // null when full
    private final INDArray hessianMatrix;   // null when diagonal
    private final INDArray diagonalRow;     // null when full

    private QuadraticLandscape(double[][] hessian) {
        this.hessian = copy(hessian);
        this.curvatures = null;
        this.hessianMatrix = Nd4j.createFromArray(this.hessian).castTo(DataType.DOUBLE);
        this.diagonalRow = null;
    }

    private QuadraticLandscape(double[] curvatures) {
        this.hessian = null;
        this.curvatures = curvatures.clone();
        this.diagonalRow = Nd4j.createFromArray(this.curvatures).reshape(1, this.curvatures.length);
        this.hessianMatrix = null;
    }

    /**
     * A diagonal Hessian with the given curvatures (the separable quadratic). Holds the D curvatures only (never a
     * dense D x D matrix), so it scales to millions of dimensions.
     */
    public static QuadraticLandscape diagonal(double... curvatures) {
        if (curvatures.length == 0) {
            throw new IllegalArgumentException("curvatures must not be empty");
        }
        for (int i = 0; i < curvatures.length; i++) {
            if (!Double.isFinite(curvatures[i])) {
                throw new IllegalArgumentException("curvature[" + i + "] must be finite, was " + curvatures[i]);
            }
        }
        return new QuadraticLandscape(curvatures);
    }

    /**
     * A full symmetric Hessian.
     *
     * @throws IllegalArgumentException if {@code hessian} is not square, not symmetric (to 1e-12
     *     relative), or has a non-finite entry
     */
    public static QuadraticLandscape full(double[][] hessian) {
        int d = hessian.length;
        if (d == 0) {
            throw new IllegalArgumentException("hessian must not be empty");
        }
        for (int i = 0; i < d; i++) {
            if (hessian[i].length != d) {
                throw new IllegalArgumentException("hessian must be square: row " + i + " has "
                        + hessian[i].length + " entries, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double a = hessian[i][j];
                double b = hessian[j][i];
                if (!Double.isFinite(a)) {
                    throw new IllegalArgumentException("hessian[" + i + "][" + j + "] must be finite, was " + a);
                }
                if (!(Math.abs(a - b) <= 1e-12 * Math.max(1.0, Math.abs(a)))) {
                    throw new IllegalArgumentException("hessian must be symmetric: [" + i + "][" + j + "]="
                            + a + " but [" + j + "][" + i + "]=" + b);
                }
            }
        }
        return new QuadraticLandscape(hessian);
    }

    /** A copy of the Hessian (built densely on request for a diagonal landscape: 8 D^2 bytes). */
    public double[][] hessian() {
        if (hessian != null) {
            return copy(hessian);
        }
        double[][] h = new double[curvatures.length][curvatures.length];
        for (int i = 0; i < curvatures.length; i++) {
            h[i][i] = curvatures[i];
        }
        return h;
    }

    /**
     * The curvatures {@code h_i} of a diagonal Hessian (a copy), or empty for a full one. Lets a
     * simulation recognise the separable quadratic and fuse its step (see {@code FusedStep}).
     */
    public Optional<double[]> diagonalCurvatures() {
        return curvatures == null ? Optional.empty() : Optional.of(curvatures.clone());
    }

    @Override
    public int dims() {
        return hessian != null ? hessian.length : curvatures.length;
    }

    @Override
    public INDArray value(INDArray states) {
        Shapes.requireStates(states, dims());
        return gradient(states).muli(states).sum(1).muli(0.5);
    }

    @Override
    public INDArray gradient(INDArray states) {
        Shapes.requireStates(states, dims());
        return hessianMatrix == null ? states.mulRowVector(diagonalRow) : states.mmul(hessianMatrix);
    }

    @Override
    public void gradient(INDArray states, INDArray target) {
        Shapes.requireStates(states, dims());
        if (hessianMatrix == null) {
            target.assign(states).muliRowVector(diagonalRow);
        } else {
            states.mmul(hessianMatrix, target);
        }
    }

    private static double[][] copy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public String toString() {
        return hessian != null ? "quadratic(H=" + Arrays.deepToString(hessian) + ")"
                : curvatures.length <= 16 ? "quadratic(H=diag" + Arrays.toString(curvatures) + ")"
                : "quadratic(H=diag of " + curvatures.length + " curvatures)";
    }
}
