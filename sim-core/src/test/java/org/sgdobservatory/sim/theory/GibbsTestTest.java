package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.stats.Estimate;

class GibbsTestTest {

    private static Estimate est(double value, double se) {
        return new Estimate(value, se, 1000);
    }

    @Test
    void homogeneityStatisticMatchesScipy() {
        // Reference (scipy 1.17): w = 1/se^2, pooled = sum(w T)/sum(w) = 1.0777777777777777,
        // chi2 = 2.888888888888887, scipy.stats.chi2.sf(chi2, 2) = 0.23587708298570023, SE = 1/sqrt(sum w).
        GibbsTest.Result r = GibbsTest.ofTemperatures(
                new Estimate[] {est(1.0, 0.1), est(1.2, 0.1), est(0.9, 0.2)});
        assertEquals(1.0777777777777777, r.pooledTemperature().value(), 1e-14, "pooled T");
        assertEquals(0.06666666666666668, r.pooledTemperature().standardError(), 1e-15, "pooled SE");
        assertEquals(2.888888888888887, r.chiSquared(), 1e-12, "chi2");
        assertEquals(2, r.degreesOfFreedom(), "m - 1");
        assertEquals(0.23587708298570023, r.pValue(), 1e-12, "p-value");
        assertTrue(r.gibbs(), "p = 0.24 >= 0.001");
        assertEquals(1.2 / 0.9, r.maxMinRatio(), 1e-15, "max/min");
    }

    @Test
    void twoTemperaturesAreDetected() {
        // sigma_x^2 != sigma_y^2 under SGD (docs/theory.md#when-the-density-is-gibbs): T = eta s2/2 differs by 2x, SEs
        // of 5%.
        GibbsTest.Result r = GibbsTest.ofTemperatures(new Estimate[] {est(1.0, 0.05), est(2.0, 0.1)});
        assertFalse(r.gibbs(), "z = 8.9: p = " + r.pValue());
        assertEquals(2.0, r.maxMinRatio(), 1e-15, "ratio 2");
    }

    @Test
    void rejectionRateUnderTheNullIsTheSignificanceLevel() {
        // 4000 tests of 5 Gaussian estimates of one T; rejections ~ Binomial(4000, 0.05): mean 200,
        // SD sqrt(4000 * 0.05 * 0.95) = 13.8; accept 4 SD.
        Random rng = new Random(2026);
        int rejections = 0;
        int trials = 4000;
        for (int t = 0; t < trials; t++) {
            Estimate[] temps = new Estimate[5];
            for (int i = 0; i < temps.length; i++) {
                double se = 0.05 * (i + 1);
                temps[i] = est(1.0 + se * rng.nextGaussian(), se);
            }
            if (!GibbsTest.ofTemperatures(temps, 0.05).gibbs()) {
                rejections++;
            }
        }
        assertEquals(200, rejections, 4 * 13.8, "rejections at level 0.05");
    }

    @Test
    void exactGibbsCovariancePassesTheMatrixTest() {
        double[][] h = {{2.0, 0.5, 0.1}, {0.5, 1.0, 0.2}, {0.1, 0.2, 0.5}};
        double t = 0.3;
        double[][] s = new LUDecomposition(MatrixUtils.createRealMatrix(h)).getSolver().getInverse()
                .scalarMultiply(t).getData();
        s = LyapunovTest.symmetrized(s);
        double[][] se = filled(3, 1e-3);
        GibbsTest.Result r = GibbsTest.ofCovariance(h, s, se, GibbsTest.DEFAULT_SIGNIFICANCE);
        assertTrue(r.gibbs(), "S = T H^-1");
        assertEquals(0.0, r.chiSquared(), 1e-15, "exact: chi2 = 0 up to rounding");
        assertEquals(t, r.pooledTemperature().value(), 1e-14, "pooled T");
        assertEquals(3 + 2, r.degreesOfFreedom(), "3 off-diagonal + 2");
    }

    @Test
    void anisotropicNoiseFailsTheMatrixTest() {
        // docs/theory.md#when-the-density-is-gibbs: with coupled H and non-isotropic Sigma, S = Lyapunov(H, Sigma) is
        // not T H^-1.
        double[][] h = {{2.0, 0.5}, {0.5, 1.0}};
        double[][] sigma = {{1.0, 0.0}, {0.0, 4.0}};
        double[][] s = Lyapunov.continuous(h, sigma, 0.1);
        GibbsTest.Result r = GibbsTest.ofCovariance(h, s, filled(2, 1e-4), 0.001);
        assertFalse(r.gibbs(), "anisotropic: chi2 = " + r.chiSquared());
    }

    @Test
    void matrixStandardErrorsFollowTheStatedPropagation() {
        // H = [[2,1],[1,3]], all SE(S_ab) = 0.1, distinct entries independent:
        // M_11 = 2 S11 + S12 -> var (4 + 1) 0.01; M_22 = S12 + 3 S22 -> var (1 + 9) 0.01;
        // M_12 = (5 S12 + S11 + S22)/2 -> var (25 + 1 + 1) 0.01/4.
        double[][] h = {{2, 1}, {1, 3}};
        double[][] s = {{0.4, 0.05}, {0.05, 0.2}};
        GibbsTest.Result r = GibbsTest.ofCovariance(h, s, filled(2, 0.1), 0.001);
        double m11 = 0.85;
        double m22 = 0.65;
        double m12 = (5 * 0.05 + 0.4 + 0.2) / 2;
        double w1 = 1 / 0.05;
        double w2 = 1 / 0.1;
        double pooled = (w1 * m11 + w2 * m22) / (w1 + w2);
        double chi2 = m12 * m12 / 0.0675 + w1 * (m11 - pooled) * (m11 - pooled)
                + w2 * (m22 - pooled) * (m22 - pooled);
        assertEquals(chi2, r.chiSquared(), 1e-12 * chi2, "chi2 from hand-propagated variances");
        assertEquals(pooled, r.pooledTemperature().value(), 1e-14, "pooled diagonal");
    }

    @Test
    void unusableInputsAreRejectedNamingTheEstimate() {
        IllegalArgumentException zeroSe = assertThrows(IllegalArgumentException.class,
                () -> GibbsTest.ofTemperatures(new Estimate[] {est(1, 0.1), Estimate.exact(1)}));
        assertTrue(zeroSe.getMessage().contains("temperatures[1]"), zeroSe.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> GibbsTest.ofTemperatures(new Estimate[] {est(1, 0.1)}));
        assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> GibbsTest.ofTemperatures(new Estimate[] {est(1, 0.1), est(1, 0.1)}, 0));
        assertTrue(level.getMessage().contains("significanceLevel"), level.getMessage());
    }

    private static double[][] filled(int d, double v) {
        double[][] m = new double[d][d];
        for (double[] row : m) {
            java.util.Arrays.fill(row, v);
        }
        return m;
    }
}
