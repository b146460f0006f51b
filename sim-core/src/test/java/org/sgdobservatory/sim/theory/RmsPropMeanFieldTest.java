package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RmsPropMeanFieldTest {

    // Reference: scipy.optimize.brentq on V - e s2/(h(2 - e h)), rtol 1e-15
    // (src/test/resources/reference/theory_1d_reference.py).
    @ParameterizedTest(name = "lr={0}, h={1}, s2={2}, eps={3}")
    @CsvSource({
        "0.01, 1.0, 1.0,  1e-8, 0.005012515574850587",
        "0.1,  2.0, 0.25, 1e-8, 0.013812344251525185",
        "0.4,  1.0, 0.25, 1e-3, 0.12174155123947913",
    })
    void fixedPointMatchesScipy(double lr, double h, double s2, double eps, double expected) {
        RmsPropMeanField m = RmsPropMeanField.of(lr, h, s2).withEpsilon(eps);
        assertEquals(expected, m.meanFieldVariance(), 1e-12 * expected, "mean-field V");
        double e = m.meanFieldLearningRate();
        assertEquals(e * s2 / (h * (2 - e * h)), m.meanFieldVariance(), 1e-12 * expected,
                "V solves its own fixed-point equation");
    }

    @Test
    void plainTemperatureIsLrSigmaOverTwoAndTheSmallStepLimit() {
        RmsPropMeanField m = RmsPropMeanField.of(1e-6, 1.0, 0.25).withEpsilon(0);
        assertEquals(1e-6 * 0.5 / 2, m.plainTemperature(), 1e-20, "lr sigma/2 with eps = 0");
        // lr h/sigma = 2e-6: mean field and plain agree to that relative order.
        assertEquals(m.plainVariance(), m.meanFieldVariance(), 1e-5 * m.plainVariance(),
                "mean field -> lr sigma/(2h) as lr -> 0");
    }

    @Test
    void l2AddsToTheCurvature() {
        RmsPropMeanField withL2 = RmsPropMeanField.of(0.1, 1.0, 0.25).withL2(0.5);
        RmsPropMeanField plain = RmsPropMeanField.of(0.1, 1.5, 0.25);
        assertEquals(plain.meanFieldVariance(), withL2.meanFieldVariance(), 1e-14,
                "h = 1 with l2 = 0.5 is h = 1.5");
        assertEquals(1.5, withL2.effectiveCurvature(), 0, "h + l2");
    }

    @Test
    void largeStepStillHasAUniqueFixedPoint() {
        // lr h/sigma = 4: e(0) h >= 2, the root lies where the spread itself shrinks the step.
        RmsPropMeanField m = RmsPropMeanField.of(2.0, 1.0, 0.25);
        double e = m.meanFieldLearningRate();
        assertTrue(e * 1.0 < 2, "stable effective step, e h = " + e);
        assertEquals(e * 0.25 / (2 - e), m.meanFieldVariance(), 1e-12 * m.meanFieldVariance(),
                "fixed point equation");
    }

    @Test
    void zeroNoiseIsNotApplicable() {
        Prediction p = RmsPropMeanField.predict(0.1, 1.0, 0.0, 1e-8, 0);
        assertEquals(Prediction.Reason.INVALID_INPUT,
                assertInstanceOf(Prediction.NotApplicable.class, p, "s2 = 0").reason(), "reason");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropMeanField.of(0.1, 1.0, 1.0).withEpsilon(-1));
        assertTrue(e.getMessage().contains("epsilon"), "names epsilon: " + e.getMessage());
    }
}
