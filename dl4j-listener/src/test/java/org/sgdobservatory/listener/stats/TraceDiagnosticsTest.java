package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Estimators against closed forms (docs/estimators.md#batch-means, docs/estimators.md#standard-error-of-a-variance).
 */
class TraceDiagnosticsTest {

    @Test
    void autocorrelationTimeTakesResolvedBatchMeansAndOtherwiseALowerBoundOrTheTheory() {
        AutocorrelationTime resolved = TraceDiagnostics.autocorrelationTime(
                new BatchMeansTau(19.0, 2.0, 186, 32, true), 600);
        assertEquals(19.0, resolved.tau(), 0.0, "a resolved estimate stands, whatever the theory says");
        assertEquals("batch-means", resolved.method(), "method");
        double r = 18.0 / 20.0; // the AR(1) chain with tau = 19: r = (tau-1)/(tau+1)
        assertEquals((1 + r * r) / (1 - r * r), resolved.tauSquared(), 1e-12, "tau2 of that AR(1) chain");

        AutocorrelationTime floor = TraceDiagnostics.autocorrelationTime(
                new BatchMeansTau(400.0, Double.NaN, 750, 8, false), 600);
        assertEquals(600.0, floor.tau(), 0.0, "a lower bound below the theory is raised to the theory");
        assertEquals(AutocorrelationTime.THEORY_FLOOR, floor.method(), "method");
        assertTrue(floor.unresolved(), "unresolved");

        AutocorrelationTime bound = TraceDiagnostics.autocorrelationTime(
                new BatchMeansTau(900.0, Double.NaN, 750, 8, false), 600);
        assertEquals(900.0, bound.tau(), 0.0, "a lower bound above the theory stays");
        assertEquals(AutocorrelationTime.LOWER_BOUND, bound.method(), "method");

        AutocorrelationTime anti = TraceDiagnostics.autocorrelationTime(
                new BatchMeansTau(0.25, 0.05, 93, 64, true), Double.NaN);
        assertEquals(0.25, anti.tau(), 0.0, "anti-correlated traces keep tau < 1");

        assertEquals("none", TraceDiagnostics.autocorrelationTime(BatchMeansTau.unavailable(), 600).method(),
                "no blocks, no estimate");
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
