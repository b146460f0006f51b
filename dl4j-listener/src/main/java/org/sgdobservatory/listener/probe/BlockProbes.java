package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The Hessian and noise covariance blocks of a small, fully tracked parameter group, for full-block predictions that
 * do not assume a diagonal Hessian ({@code docs/theory.md#the-diagonal-hessian-approximation}). Stateless.
 */
final class BlockProbes {

    private BlockProbes() {
    }

    /**
     * The Hessian block of a small parameter group by central differences along unit vectors:
     * column j is {@code [g(theta + r e_j) - g(theta - r e_j)] / (2 r)} restricted to the group
     * ({@code 2k} gradient evaluations), then symmetrised. Regularisation included.
     *
     * @param indices flattened indices of the group ({@code k} of them)
     * @return {@code k x k}
     */
    static double[][] hessianBlock(GradientProbes g, INDArray theta, MiniBatch probeSet, long[] indices,
                                   double step) {
        int k = indices.length;
        double r = step * (1 + Math.sqrt(theta.mul(theta).meanNumber().doubleValue()));
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            INDArray plus = theta.dup();
            plus.putScalar(indices[j], theta.getDouble(indices[j]) + r);
            INDArray minus = theta.dup();
            minus.putScalar(indices[j], theta.getDouble(indices[j]) - r);
            double[] col = TrackedValues.pick(g.meanGradient(plus, probeSet).subi(g.meanGradient(minus, probeSet))
                    .divi(2 * r).toDoubleVector(), indices);
            for (int i = 0; i < k; i++) {
                h[i][j] = col[i];
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    /**
     * Covariance of per-example gradients restricted to a small group, divided by {@code miniBatchSize}:
     * the minibatch noise covariance block {@code Sigma_B = C / B} (sampling with replacement).
     *
     * @return {@code k x k}
     */
    static double[][] noiseCovarianceBlock(GradientProbes probes, INDArray theta, MiniBatch examples,
                                           int maxExamples, long[] indices, int miniBatchSize) {
        int k = indices.length;
        int m = Math.min(maxExamples, examples.size());
        double[][] byIndex = probes.perExampleValues(theta, examples.rows(0, m), indices);
        double[][] g = new double[m][k];
        for (int e = 0; e < m; e++) {
            for (int i = 0; i < k; i++) {
                g[e][i] = byIndex[i][e];
            }
        }
        double[] mean = new double[k];
        for (int e = 0; e < m; e++) {
            for (int i = 0; i < k; i++) {
                mean[i] += g[e][i] / m;
            }
        }
        double[][] c = new double[k][k];
        for (int e = 0; e < m; e++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    c[i][j] += (g[e][i] - mean[i]) * (g[e][j] - mean[j]) / ((m - 1.0) * miniBatchSize);
                }
            }
        }
        return c;
    }
}
