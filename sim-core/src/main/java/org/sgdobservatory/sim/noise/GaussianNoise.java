package org.sgdobservatory.sim.noise;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Additive Gaussian gradient noise, {@code xi ~ N(0, Sigma)} with a constant covariance: diagonal
 * ({@link #diagonal}) or full ({@link #covariance}, drawn as {@code z L^T} with the Cholesky factor
 * {@code Sigma = L L^T}). Immutable and thread-safe.
 */
public final class GaussianNoise implements GradientNoise {
    private final double[][] covariance;
    private final INDArray standardDeviationRow; // diagonal case
    private final INDArray choleskyTransposed;   // full case

    private GaussianNoise(double[][] covariance, boolean diagonal) {
        this.covariance = covariance;
        int d = covariance.length;
        if (diagonal) {
            double[] sd = new double[d];
            for (int i = 0; i < d; i++) {
                sd[i] = Math.sqrt(covariance[i][i]);
            }
            this.standardDeviationRow = Nd4j.createFromArray(sd).reshape(1, d);
            this.choleskyTransposed = null;
        } else {
            double[][] lower = Cholesky.lower(covariance);
            double[][] upper = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    upper[j][i] = lower[i][j];
                }
            }
            this.choleskyTransposed = Nd4j.createFromArray(upper).castTo(DataType.DOUBLE);
            this.standardDeviationRow = null;
        }
    }

    /**
     * Independent noise per dimension with the given variances {@code sigma_i^2 >= 0}.
     *
     * @throws IllegalArgumentException if a variance is negative, NaN or infinite
     */
    public static GaussianNoise diagonal(double... variances) {
        if (variances.length == 0) {
            throw new IllegalArgumentException("variances must not be empty");
        }
        double[][] c = new double[variances.length][variances.length];
        for (int i = 0; i < variances.length; i++) {
            if (!(variances[i] >= 0 && Double.isFinite(variances[i]))) {
                throw new IllegalArgumentException("noise variance[" + i + "] must be finite and >= 0, was "
                        + variances[i]);
            }
            c[i][i] = variances[i];
        }
        return new GaussianNoise(c, true);
    }

    /**
     * Correlated noise with a full symmetric positive-definite covariance.
     *
     * @throws IllegalArgumentException if the matrix is not square, symmetric and positive definite
     */
    public static GaussianNoise covariance(double[][] covariance) {
        double[][] c = Arrays.stream(covariance).map(double[]::clone).toArray(double[][]::new);
        return new GaussianNoise(c, false);
    }

    /** A copy of the covariance matrix {@code Sigma}. */
    public double[][] covarianceMatrix() {
        return Arrays.stream(covariance).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public int dims() {
        return covariance.length;
    }

    @Override
    public void sample(INDArray states, INDArray target, RandomStreams random) {
        random.fillStandardNormal(target);
        if (standardDeviationRow != null) {
            target.muliRowVector(standardDeviationRow);
        } else {
            target.assign(target.mmul(choleskyTransposed));
        }
    }

    @Override
    public double[] variance(double[] x) {
        double[] v = new double[covariance.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = covariance[i][i];
        }
        return v;
    }

    @Override
    public String toString() {
        return "gaussian(Sigma=" + Arrays.deepToString(covariance) + ")";
    }
}
