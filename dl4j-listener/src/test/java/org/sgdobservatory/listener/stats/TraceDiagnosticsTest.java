package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Estimators against closed forms (THEORY-NOTES 1.2, 6.3). */
class TraceDiagnosticsTest {

    @ParameterizedTest(name = "r={0}")
    @CsvSource({"0.0", "0.5", "0.8", "-0.3"})
    void sokalWindowOnAnExactAr1AutocorrelationGivesItsTau(double r) {
        double[] rho = new double[64];
        for (int k = 1; k <= rho.length; k++) {
            rho[k - 1] = Math.pow(r, k);
        }
        AutocorrelationTime t = TraceDiagnostics.autocorrelationTime(rho, Double.NaN);
        double exact = (1 + r) / (1 - r);
        // the window stops at the first M >= 5 tau(M) and drops the tail 2 sum_{k>M} r^k, at most
        // 2 |r|^(M+1) / (1 - |r|) with M >= 5 tau (for r = -0.3: M = 3, bound 0.023)
        int m = (int) Math.ceil(5 * exact - 1e-9);
        double tail = 2 * Math.pow(Math.abs(r), m + 1) / (1 - Math.abs(r));
        assertEquals(exact, t.tau(), tail + 1e-12, "tau = (1+r)/(1-r) for AR(1)");
        assertEquals((1 + r * r) / (1 - r * r), t.tauSquared(), tail + 1e-12, "tau2 = (1+r^2)/(1-r^2)");
        assertEquals("sokal-window", t.method(), "window reached");
    }

    /** Reference: scipy.stats.chi2.ppf, interval {@code [nu/chi2_0.975, nu/chi2_0.025]} with nu = 2/rse^2. */
    @ParameterizedTest(name = "relative SE={0}")
    @CsvSource({"0.01, 0.9806861872530213, 1.0198927565830738", "0.05, 0.9088065591199284, 1.1057167593902335",
        "0.2, 0.7000820967897117, 1.5452433168005109"})
    void varianceIntervalMatchesExactChiSquareQuantiles(double rse, double low, double high) {
        double[] ci = TraceDiagnostics.varianceInterval95(1.0, rse);
        // Wilson-Hilferty is accurate to ~1e-3 relative for nu >= 50
        assertEquals(low, ci[0], 1e-3 * low, "lower end");
        assertEquals(high, ci[1], 1e-3 * high, "upper end");
    }

    /** Reference: scipy.stats.t.isf(p/2, nu) and scipy.stats.norm.isf(p/2) (scipy 1.17). */
    @ParameterizedTest(name = "nu={0}, p={1}")
    @CsvSource({"9, 0.001, 4.780912585931139, 3.2905267314918945", "6, 1e-6, 20.047856110604165, 4.891638475698591",
        "62, 0.05, 1.998971517033379, 1.9599639845400545"})
    void studentScoreBecomesTheNormalScoreOfTheSamePValue(double nu, double p, double t, double z) {
        assertEquals(z, TraceDiagnostics.studentToNormalScore(t, nu), 1e-6 * z, "positive t");
        assertEquals(-z, TraceDiagnostics.studentToNormalScore(-t, nu), 1e-6 * z, "sign kept");
    }

    /**
     * Where the t tail underflows (t ~ 1e34 for nu = 9) the asymptotic tails take over. Reference:
     * scipy.stats.norm.isf(scipy.stats.t.sf(1e15, 9)) = 24.449520819297895, still exact in double; the score must
     * be finite and increasing through the switch and in the far tail.
     */
    @Test
    void studentScoreStaysFiniteAndIncreasingInTheFarTail() {
        assertEquals(24.449520819297895, TraceDiagnostics.studentToNormalScore(1e15, 9), 1e-6 * 24.45,
                "exact path, far tail");
        double previous = 0;
        for (double t = 10; t < 1e60; t *= 1.5) {
            double z = TraceDiagnostics.studentToNormalScore(t, 9);
            assertTrue(Double.isFinite(z) && z > previous, "z(" + t + ") = " + z + " after " + previous);
            previous = z;
        }
    }
}
