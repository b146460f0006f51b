package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SgdQuadratic1DTest {

    private static final double EXACT = 1e-12;

    // Reference: the check values of docs/theory.md#sgd-on-a-1-d-quadratic (h = 2, s2 = 1); exact
    // rationals printed by
    // src/test/resources/reference/theory_1d_reference.py.
    @ParameterizedTest(name = "eta={0}")
    @CsvSource({
        "0.05, 0.013157894736842105",
        "0.3,  0.10714285714285714",
        "0.8,  1.0",
    })
    void stationaryVarianceMatchesTheoryNotesTable(double eta, double expected) {
        SgdQuadratic1D model = SgdQuadratic1D.of(eta, 2.0, 1.0);
        assertEquals(expected, model.stationaryVariance(), EXACT * expected,
                "eta s2/(h(2 - eta h)) at eta = " + eta);
        assertEquals(expected, SgdQuadratic1D.predict(eta, 2.0, 1.0).stationaryVariance().orElseThrow(),
                EXACT * expected, "predict() agrees with of()");
    }

    @ParameterizedTest(name = "eta*h={0}")
    @CsvSource({"0.01", "0.5", "1.0", "1.5", "1.99"})
    void derivedQuantitiesObeyTheirIdentities(double etaH) {
        double h = 3.0;
        double s2 = 0.7;
        SgdQuadratic1D m = SgdQuadratic1D.of(etaH / h, h, s2);
        // Var * tau_int = s2/h^2 for every linear scheme (docs/theory.md#variance-times-autocorrelation-time).
        assertEquals(s2 / (h * h), m.stationaryVariance() * m.integratedAutocorrelationTime(),
                EXACT * s2 / (h * h), "Var * tau = s2/h^2");
        // tau = 1 + 2 sum rho_k summed directly.
        double sum = 0;
        for (int k = 1; k < 200_000; k++) {
            sum += m.lagAutocorrelation(k);
        }
        assertEquals(1 + 2 * sum, m.integratedAutocorrelationTime(), 1e-9 * (1 + 2 * Math.abs(sum)),
                "tau from the sum of lag autocorrelations");
        assertEquals(0.5 + sum, m.sokalIntegratedAutocorrelationTime(), 1e-9 * (0.5 + Math.abs(sum)),
                "Sokal's convention is half");
        assertEquals(m.temperature() / (m.learningRate() * s2), m.effectiveAlpha(), EXACT,
                "alpha = T/(eta s2)");
        assertEquals(m.sdeVariance() * 2 / (2 - etaH), m.stationaryVariance(),
                EXACT * m.stationaryVariance(), "exact = SDE * 2/(2 - eta h)");
    }

    @Test
    void smallStepsApproachTheSdeLimitAndAlphaOneHalf() {
        SgdQuadratic1D m = SgdQuadratic1D.of(1e-7, 1.0, 1.0);
        assertEquals(m.sdeVariance(), m.stationaryVariance(), 1e-7 * m.sdeVariance(),
                "relative gap is eta h / 2 = 5e-8");
        assertEquals(0.5, m.effectiveAlpha(), 1e-7, "alpha -> 1/2");
    }

    @Test
    void kurtosisAndSampleVarianceErrorMatchTheoryNotesChecks() {
        // docs/estimators.md#kurtosis-and-gaussianisation, docs/estimators.md#standard-error-of-a-variance;
        // Laplace noise (kappa = 3) at eta h = 0.2, r = 0.8:
        // kappa_x = 3 * 0.36/1.64 = 0.6585 (simulated 0.658); N Var(s^2)/Var^2 = 2*1.64/0.36 + 3 = 12.11
        // (simulated 12.13).
        SgdQuadratic1D m = SgdQuadratic1D.of(0.1, 2.0, 1.0);
        assertEquals(3 * 0.36 / 1.64, m.parameterExcessKurtosis(3), 1e-14, "kappa_x");
        double n = 20_000;
        double se = m.sampleVarianceStandardError(n, 3);
        assertEquals(2 * 1.64 / 0.36 + 3, n * se * se / Math.pow(m.stationaryVariance(), 2), 1e-12,
                "N Var(s^2)/Var^2");
    }

    @ParameterizedTest(name = "eta={0}, h={1}, s2={2} -> {3}")
    @CsvSource({
        "0.7,   3.0,  1.0,  UNSTABLE",
        "1.0,   2.0,  1.0,  UNSTABLE",
        "0.1,   0.0,  1.0,  NON_POSITIVE_CURVATURE",
        "0.1,  -1.0,  1.0,  NON_POSITIVE_CURVATURE",
        "NaN,   1.0,  1.0,  INVALID_INPUT",
        "0.1,   NaN,  1.0,  INVALID_INPUT",
        "0.1,   1.0,  -1.0, INVALID_INPUT",
        "0.0,   1.0,  1.0,  INVALID_INPUT",
    })
    void inapplicableInputsAreAnswersNotExceptions(double eta, double h, double s2,
            Prediction.Reason reason) {
        Prediction p = SgdQuadratic1D.predict(eta, h, s2);
        Prediction.NotApplicable n = assertInstanceOf(Prediction.NotApplicable.class, p,
                "eta=" + eta + ", h=" + h + ", s2=" + s2 + " is not stationary");
        assertEquals(reason, n.reason(), "reason for " + n.explanation());
        assertFalse(p.isApplicable(), "not applicable");
        assertTrue(p.stationaryVariance().isEmpty(), "no variance");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SgdQuadratic1D.of(eta, h, s2));
        assertTrue(e.getMessage().contains(n.explanation()), "of() explains: " + e.getMessage());
    }

    @Test
    void unstableExplanationNamesEtaH() {
        Prediction p = SgdQuadratic1D.predict(2.1, 1.0, 1.0);
        assertEquals("eta*h = 2.1 >= 2: unstable",
                ((Prediction.NotApplicable) p).explanation(), "the message names the value and the limit");
        assertFalse(SgdQuadratic1D.isStable(2.1, 1.0), "2.1 is unstable");
        assertFalse(SgdQuadratic1D.isStable(Double.NaN, 1.0), "NaN is not stable");
        assertTrue(SgdQuadratic1D.isStable(0.1, 1.0), "0.1 is stable");
    }

    @Test
    void negativeLagIsRejectedNamingTheParameter() {
        SgdQuadratic1D m = SgdQuadratic1D.of(0.1, 1.0, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.lagAutocorrelation(-1));
        assertTrue(e.getMessage().contains("lag"), "message names lag: " + e.getMessage());
    }
}
