package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** StreamingMoments against direct two-pass formulas, and the exactness of merging two halves. */
class StreamingMomentsTest {

    private static final int P = 3;
    private static final int N = 1000;

    /** Three AR(1) traces with different r, gradient and update series correlated with them. */
    private static double[][][] series() {
        Random rnd = new Random(11);
        double[][] theta = new double[N][P];
        double[][] grad = new double[N][P];
        double[][] upd = new double[N][P];
        double[] r = {0.5, 0.9, -0.3};
        double[] x = {1.0, -2.0, 1e3};
        for (int t = 0; t < N; t++) {
            for (int p = 0; p < P; p++) {
                double noise = rnd.nextGaussian();
                theta[t][p] = x[p];
                grad[t][p] = 0.7 * (x[p] - (p == 2 ? 1e3 : 0)) + noise;
                upd[t][p] = 0.1 * grad[t][p];
                x[p] = (p == 2 ? 1e3 : 0) + r[p] * (x[p] - (p == 2 ? 1e3 : 0)) + 0.1 * noise;
            }
        }
        return new double[][][] {theta, grad, upd};
    }

    private static StreamingMoments run(double[][][] s, int from, int to, int maxLag, int block) {
        StreamingMoments m = new StreamingMoments(P, maxLag, block, 64);
        for (int t = from; t < to; t++) {
            m.add(Nd4j.createFromArray(s[0][t]), Nd4j.createFromArray(s[1][t]), Nd4j.createFromArray(s[2][t]));
        }
        return m;
    }

    @Test
    void matchesTwoPassFormulas() {
        double[][][] s = series();
        StreamingMoments m = run(s, 0, N, 8, 16);
        for (int p = 0; p < P; p++) {
            double mean = 0;
            double meanU = 0;
            for (int t = 0; t < N; t++) {
                mean += s[0][t][p] / N;
                meanU += s[2][t][p] / N;
            }
            double var = 0;
            double cov = 0;
            double u2 = 0;
            for (int t = 0; t < N; t++) {
                var += (s[0][t][p] - mean) * (s[0][t][p] - mean) / N;
                cov += (s[0][t][p] - mean) * (s[2][t][p] - meanU) / N;
                u2 += s[2][t][p] * s[2][t][p] / N;
            }
            // Welford in double on O(1e3) values: relative rounding ~1e-13; 1e-9 leaves a wide margin.
            assertEquals(mean, m.meanTheta()[p], 1e-9 * Math.abs(mean) + 1e-12, "mean theta p=" + p);
            assertEquals(var, m.varianceTheta()[p], 1e-9 * var, "variance theta p=" + p);
            assertEquals(2 * cov / u2, m.fluctuationDissipationRatio()[p], 1e-9, "FDR ratio p=" + p);
            for (int k = 1; k <= 8; k++) {
                double g = 0;
                for (int t = 0; t + k < N; t++) {
                    g += (s[0][t][p] - mean) * (s[0][t + k][p] - mean) / N;
                }
                // p=2 sits at 1e3 with spread 0.1: the shifted sums keep ~1e-10 relative accuracy.
                assertEquals(g, m.autocovariances()[k - 1][p], 1e-8 * var, "lag " + k + " autocovariance p=" + p);
            }
        }
    }

    @Test
    void mergingTwoHalvesEqualsOnePass() {
        double[][][] s = series();
        StreamingMoments one = run(s, 0, N, 8, 16);
        int split = 480; // a multiple of the block length 16: block sums merge exactly
        StreamingMoments merged = run(s, 0, split, 8, 16).merge(run(s, split, N, 8, 16));
        assertEquals(one.count(), merged.count(), "count");
        assertArrays(one.meanTheta(), merged.meanTheta(), "mean theta");
        assertArrays(one.varianceTheta(), merged.varianceTheta(), "variance theta");
        assertArrays(one.varianceGradient(), merged.varianceGradient(), "variance gradient");
        assertArrays(one.meanUpdate(), merged.meanUpdate(), "mean update");
        assertArrays(one.varianceUpdate(), merged.varianceUpdate(), "variance update");
        assertArrays(one.covarianceThetaUpdate(), merged.covarianceThetaUpdate(), "cov(theta, u)");
        for (int k = 0; k < 8; k++) {
            assertArrays(one.autocovariances()[k], merged.autocovariances()[k], "autocovariance lag " + (k + 1));
        }
        StreamingMoments.BlockMeans a = one.blockMeans();
        StreamingMoments.BlockMeans b = merged.blockMeans();
        assertEquals(a.blocks(), b.blocks(), "closed blocks");
        for (int i = 0; i < a.blocks(); i++) {
            for (int p = 0; p < P; p++) {
                assertEquals(a.mean(i, p), b.mean(i, p), 1e-9 * (1 + Math.abs(a.mean(i, p))), "block " + i);
            }
        }
    }

    private static void assertArrays(double[] expected, double[] actual, String what) {
        for (int p = 0; p < expected.length; p++) {
            // merging reorders floating-point sums only: agreement to ~1e-12 relative of the scale
            double scale = Math.max(1e-12, Math.abs(expected[p]));
            assertEquals(expected[p], actual[p], 1e-9 * scale, what + " p=" + p);
        }
    }
}
