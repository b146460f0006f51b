package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Streaming lag autocovariances against the direct two-pass formula. */
class LagAutocovariancesTest {

    @Test
    void matchTheTwoPassFormulaAtEveryLag() {
        double[][][] s = TraceMomentsTest.series();
        double[][] x = s[0];
        int n = x.length;
        int traces = x[0].length;
        int maxLag = 8;
        LagAutocovariances lags = new LagAutocovariances(traces, maxLag);
        for (double[] row : x) {
            lags.add(row);
        }
        double[][] gamma = lags.autocovariances();
        for (int c = 0; c < traces; c++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[c] / n;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[c] - mean) * (row[c] - mean) / n;
            }
            for (int k = 1; k <= maxLag; k++) {
                double g = 0;
                for (int t = 0; t + k < n; t++) {
                    g += (x[t][c] - mean) * (x[t + k][c] - mean) / n;
                }
                // trace 2 sits at 1e3 with spread 0.1: the shifted sums keep ~1e-10 relative accuracy
                assertEquals(g, gamma[k - 1][c], 1e-8 * var, "lag " + k + ", trace " + c);
            }
        }
    }

    @Test
    void lagsBeyondTheSamplesAreZero() {
        LagAutocovariances lags = new LagAutocovariances(1, 8);
        lags.add(new double[] {1});
        lags.add(new double[] {3});
        lags.add(new double[] {2});
        double[][] gamma = lags.autocovariances();
        // mean 2: lag 1 = ((1-2)(3-2) + (3-2)(2-2))/3 = -1/3, lag 2 = (1-2)(2-2)/3 = 0
        assertEquals(-1.0 / 3, gamma[0][0], 1e-15, "lag 1");
        assertEquals(0.0, gamma[1][0], 1e-15, "lag 2");
        for (int k = 3; k <= 8; k++) {
            assertEquals(0.0, gamma[k - 1][0], 0.0, "lag " + k + " >= n");
        }
    }
}
