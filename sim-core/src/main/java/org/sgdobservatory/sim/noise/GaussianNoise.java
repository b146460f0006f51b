package org.sgdobservatory.sim.noise;

import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Additive Gaussian gradient noise, {@code xi ~ N(0, Sigma)} with a constant covariance: diagonal
 * ({@link #diagonal}) or full ({@link #covariance}, drawn as {@code z L^T} with the Cholesky factor
 * {@code Sigma = L L^T}). Immutable and thread-safe.
 */
public final class GaussianNoise implements GradientNoise {
    private final double[][] covariance;         // null when diagonal: a dense D x D copy would need 8 D^2 bytes
    private final double[] variances;            // null when full
    private final INDArray standardDeviationRow; // diagonal case
    private final INDArray choleskyTransposed;   // full case

    private GaussianNoise(double[][] covariance) {
        this.covariance = covariance;
        this.variances = null;
        int d = covariance.length;
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

    private GaussianNoise(double[] variances) {
        this.covariance = null;
        this.variances = variances;
        double[] sd = new double[variances.length];
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.sqrt(variances[i]);
        }
        this.standardDeviationRow = Nd4j.createFromArray(sd).reshape(1, sd.length);
        this.choleskyTransposed = null;
    }

    /**
     * Independent noise per dimension with the given variances {@code sigma_i^2 >= 0}. Holds the D variances only
     * (never a dense D x D matrix), so it scales to millions of dimensions.
     *
     * @throws IllegalArgumentException if a variance is negative, NaN or infinite
     */
    public static GaussianNoise diagonal(double... variances) {
        if (variances.length == 0) {
            throw new IllegalArgumentException("variances must not be empty");
        }
        for (int i = 0; i < variances.length; i++) {
            if (!(variances[i] >= 0 && Double.isFinite(variances[i]))) {
                throw new IllegalArgumentException("noise variance[" + i + "] must be finite and >= 0, was "
                        + variances[i]);
            }
        }
        return new GaussianNoise(variances.clone());
    }

    /**
     * Correlated noise with a full symmetric positive-definite covariance.
     *
     * @throws IllegalArgumentException if the matrix is not square, symmetric and positive definite
     */
    public static GaussianNoise covariance(double[][] covariance) {
        double[][] c = Arrays.stream(covariance).map(double[]::clone).toArray(double[][]::new);
        return new GaussianNoise(c);
    }

    /** A copy of the covariance matrix {@code Sigma} (built densely on request for diagonal noise: 8 D^2 bytes). */
    public double[][] covarianceMatrix() {
        if (covariance != null) {
            return Arrays.stream(covariance).map(double[]::clone).toArray(double[][]::new);
        }
        double[][] c = new double[variances.length][variances.length];
        for (int i = 0; i < variances.length; i++) {
            c[i][i] = variances[i];
        }
        return c;
    }

    /**
     * The variances {@code sigma_i^2} of diagonal noise (a copy), or empty for a full covariance. Lets a
     * simulation recognise independent noise per dimension and fuse its step.
     */
    public Optional<double[]> diagonalVariances() {
        return variances == null ? Optional.empty() : Optional.of(variances.clone());
    }

    @Override
    public int dims() {
        return covariance != null ? covariance.length : variances.length;
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
        if (variances != null) {
            return variances.clone();
        }
        double[] v = new double[covariance.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = covariance[i][i];
        }
        return v;
    }

    @Override
    public String toString() {
        return covariance != null ? "gaussian(Sigma=" + Arrays.deepToString(covariance) + ")"
                : variances.length <= 16 ? "gaussian(Sigma=diag" + Arrays.toString(variances) + ")"
                : "gaussian(Sigma=diag of " + variances.length + " variances)";
    }
}
