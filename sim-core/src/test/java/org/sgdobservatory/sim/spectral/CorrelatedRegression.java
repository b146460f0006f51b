package org.sgdobservatory.sim.spectral;

import java.util.Random;
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;

/**
 * A linear-regression fixture whose per-example gradient covariance is far from diagonal in the
 * Hessian's eigenbasis: correlated features of unequal scale, and residuals that are heteroscedastic
 * and contain an unmodelled product term, so that {@code C} is not proportional to {@code H}.
 * Immutable.
 */
final class CorrelatedRegression {
    private final double[][] features;
    private final double[] targets;

    /** {@code n} examples of {@code d} features, seeded. */
    CorrelatedRegression(int n, int d, long seed) {
        Random random = new Random(seed);
        this.features = new double[n][d];
        this.targets = new double[n];
        for (int i = 0; i < n; i++) {
            double shared = random.nextGaussian();
            double previous = 0;
            for (int j = 0; j < d; j++) {
                double g = random.nextGaussian();
                features[i][j] = (1 + 0.4 * j) * (g + 0.7 * shared + 0.5 * previous);
                previous = g;
            }
            double noise = random.nextGaussian() * (0.5 + Math.abs(features[i][0]));
            targets[i] = features[i][0] - 0.5 * features[i][d - 1] + 0.8 * features[i][1] * features[i][d / 2] + noise;
        }
    }

    /** The data set. */
    LeastSquaresDataset data() {
        return LeastSquaresDataset.of(features, targets);
    }

    /**
     * The same data with features {@code a_i' V} (columns of {@code V} orthonormal): least squares in the
     * coordinates {@code z = V' x}, whose SGD trajectories are {@code V'} times the original ones.
     */
    LeastSquaresDataset rotated(double[][] columns) {
        int d = columns.length;
        double[][] rotatedFeatures = new double[features.length][d];
        for (int i = 0; i < features.length; i++) {
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int j = 0; j < features[i].length; j++) {
                    s += features[i][j] * columns[k][j];
                }
                rotatedFeatures[i][k] = s;
            }
        }
        return LeastSquaresDataset.of(rotatedFeatures, targets);
    }

    /**
     * The per-example gradients at the least-squares optimum, {@code g_i = a_i (a_i' x* - y_i)} (they sum
     * to zero), in the coordinates {@code z = V' x}: {@code V' g_i}.
     */
    double[][] perExampleGradientsAtOptimum(double[][] columns) {
        int n = features.length;
        int d = features[0].length;
        double[][] gram = new double[d][d];
        double[] moment = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                moment[j] += features[i][j] * targets[i] / n;
                for (int k = 0; k < d; k++) {
                    gram[j][k] += features[i][j] * features[i][k] / n;
                }
            }
        }
        double[] optimum = new org.apache.commons.math3.linear.LUDecomposition(
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(gram)).getSolver()
                .solve(org.apache.commons.math3.linear.MatrixUtils.createRealVector(moment)).toArray();
        double[][] g = new double[n][columns.length];
        for (int i = 0; i < n; i++) {
            double r = -targets[i];
            for (int j = 0; j < d; j++) {
                r += features[i][j] * optimum[j];
            }
            for (int k = 0; k < columns.length; k++) {
                for (int j = 0; j < d; j++) {
                    g[i][k] += columns[k][j] * features[i][j] * r;
                }
            }
        }
        return g;
    }

    /**
     * First-order size of the state-dependent part of the least-squares noise along direction {@code k}:
     * the batch gradient is {@code H_b x + g_b}, and {@code (H_b - H) x} has, for {@code x} with
     * independent components {@code z_j = v_j' x} of variance {@code Var_j} (cross-covariances ignored),
     * <pre>
     *   m_k = ((n - B)/((n - 1) B)) sum_j Var_j Var_i[(v_k' a_i)(a_i' v_j)]
     * </pre>
     * (one batch drawn without replacement).
     *
     * @param columns the eigenvectors {@code v_k}
     * @param variances {@code Var_j} along them
     * @param batchSize {@code B}
     * @return {@code m_k} per direction
     */
    double[] stateDependentNoiseVariance(double[][] columns, double[] variances, int batchSize) {
        int n = features.length;
        int d = columns.length;
        double[][] projected = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                projected[i][k] = LanczosTest.dot(columns[k], features[i]);
            }
        }
        double[] m = new double[d];
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < d; j++) {
                double mean = 0;
                double square = 0;
                for (int i = 0; i < n; i++) {
                    double t = projected[i][k] * projected[i][j];
                    mean += t / n;
                    square += t * t / n;
                }
                m[k] += variances[j] * (square - mean * mean);
            }
            m[k] *= (n - batchSize) / ((n - 1.0) * batchSize);
        }
        return m;
    }

    /** {@code H = A'A/n}. */
    static double[][] hessian(LeastSquaresDataset data) {
        return ((QuadraticLandscape) data.landscape()).hessian();
    }

    /** The per-step batch noise covariance at the optimum, {@code C/B * factor}. */
    static double[][] batchCovariance(LeastSquaresDataset data, int batchSize, double factor) {
        double[][] c = data.perExampleCovariance(new double[data.dims()]);
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor / batchSize;
            }
        }
        return c;
    }

    /** {@code a' M b}. */
    static double quadratic(double[] a, double[][] m, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                s += a[i] * m[i][j] * b[j];
            }
        }
        return s;
    }
}
