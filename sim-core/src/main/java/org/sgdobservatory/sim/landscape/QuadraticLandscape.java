package org.sgdobservatory.sim.landscape;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code L(x) = x^T H x / 2} with a symmetric Hessian {@code H} (THEORY.md §2, "N-D quadratic"),
 * either diagonal (one element-wise multiply per call) or full (one matrix product per call).
 * Immutable and thread-safe.
 */
public final class QuadraticLandscape implements Landscape {
    private final double[][] hessian;
    private final INDArray hessianMatrix;   // null when diagonal
    private final INDArray diagonalRow;     // null when full

    private QuadraticLandscape(double[][] hessian, boolean diagonal) {
        this.hessian = copy(hessian);
        if (diagonal) {
            double[] d = new double[hessian.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = hessian[i][i];
            }
            this.diagonalRow = Nd4j.createFromArray(d).reshape(1, d.length);
            this.hessianMatrix = null;
        } else {
            this.hessianMatrix = Nd4j.createFromArray(this.hessian).castTo(DataType.DOUBLE);
            this.diagonalRow = null;
        }
    }

    /** A diagonal Hessian with the given curvatures (the separable quadratic). */
    public static QuadraticLandscape diagonal(double... curvatures) {
        if (curvatures.length == 0) {
            throw new IllegalArgumentException("curvatures must not be empty");
        }
        double[][] h = new double[curvatures.length][curvatures.length];
        for (int i = 0; i < curvatures.length; i++) {
            if (!Double.isFinite(curvatures[i])) {
                throw new IllegalArgumentException("curvature[" + i + "] must be finite, was " + curvatures[i]);
            }
            h[i][i] = curvatures[i];
        }
        return new QuadraticLandscape(h, true);
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
        return new QuadraticLandscape(hessian, false);
    }

    /** A copy of the Hessian. */
    public double[][] hessian() {
        return copy(hessian);
    }

    @Override
    public int dims() {
        return hessian.length;
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
        return "quadratic(H=" + Arrays.deepToString(hessian) + ")";
    }
}
