package org.sgdobservatory.sim.optim;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Preconditioned SGD {@code u = eta P g} with a fixed symmetric matrix {@code P}
 * (docs/theory.md#preconditioning-and-the-variance-normalised-rule: {@code P = c Sigma^{-1}} gives the Gibbs density
 * {@code S = (eta c/2) H^{-1}} for any {@code H}; the lecture's {@code eta'/sigma^2} rule is its diagonal case).
 * Immutable.
 */
public final class Preconditioned implements Updater {
    private final double learningRate;
    private final double[][] preconditioner;

    private Preconditioned(double learningRate, double[][] preconditioner) {
        Updater.requireLearningRate(learningRate);
        int d = preconditioner.length;
        for (int i = 0; i < d; i++) {
            if (preconditioner[i].length != d) {
                throw new IllegalArgumentException("preconditioner must be square: row " + i + " has "
                        + preconditioner[i].length + " entries, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!(Math.abs(preconditioner[i][j] - preconditioner[j][i])
                        <= 1e-12 * Math.max(1, Math.abs(preconditioner[i][j])))) {
                    throw new IllegalArgumentException("preconditioner must be symmetric at [" + i + "][" + j + "]");
                }
            }
        }
        this.learningRate = learningRate;
        this.preconditioner = Arrays.stream(preconditioner).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code u = learningRate * P g}. */
    public static Preconditioned of(double learningRate, double[][] preconditioner) {
        return new Preconditioned(learningRate, preconditioner);
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    /** A copy of {@code P}. */
    public double[][] preconditioner() {
        return Arrays.stream(preconditioner).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public GradientUpdater instantiate(int chains, int dims) {
        if (preconditioner.length != dims) {
            throw new IllegalArgumentException("preconditioner is " + preconditioner.length + "x"
                    + preconditioner.length + " but the problem has " + dims + " dims");
        }
        INDArray p = Nd4j.createFromArray(preconditioner).castTo(DataType.DOUBLE).muli(learningRate);
        return (gradient, iteration) -> gradient.assign(gradient.mmul(p));  // P symmetric: (P g)^T = g^T P
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preconditioned p && p.learningRate == learningRate
                && Arrays.deepEquals(p.preconditioner, preconditioner);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(learningRate) * 31 + Arrays.deepHashCode(preconditioner);
    }

    @Override
    public String toString() {
        return "Preconditioned(lr=" + learningRate + ", P=" + Arrays.deepToString(preconditioner) + ")";
    }
}
