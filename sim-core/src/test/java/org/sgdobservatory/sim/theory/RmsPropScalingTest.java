package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RmsPropScalingTest {

    // Reference: RmsPropMeanField's bisection (to 1e-15 relative) in the original units; the Newton root in noise
    // units times sigma^2/h^2 must be the same number.
    @ParameterizedTest(name = "lr={0}, h={1}, s2={2}, eps={3}")
    @CsvSource({
        "0.01,  1.0, 1.0,   1e-8",
        "0.1,   2.0, 0.25,  1e-8",
        "0.4,   1.0, 0.25,  1e-3",
        "2.0,   1.0, 0.25,  0",
        "1e-5,  0.3, 1e-4,  0.5",
        "2.0,   3.0, 0.01,  1e-8",
    })
    void meanFieldInNoiseUnitsIsRmsPropMeanField(double lr, double h, double s2, double eps) {
        double a = RmsPropScaling.scaledStep(lr, h, s2);
        double e = RmsPropScaling.scaledEpsilon(eps, s2);
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double expected = RmsPropMeanField.of(lr, h, s2).withEpsilon(eps).meanFieldVariance();
        assertEquals(expected, s2 / (h * h) * f, 1e-11 * expected, "(s2/h^2) F(lr h/sigma, eps/sigma)");
        double s = Math.sqrt(1 + f);
        assertEquals(a, f * (2 * (s + e) - a), 1e-12 * a, "F solves F (2 (sqrt(1+F) + e) - a) = a");
    }

    /**
     * With {@code e = 0} the fixed point has a closed form: {@code (s^2 - 1)(2s - a) = a} is
     * {@code s (2s^2 - a s - 2) = 0}, so {@code s = (a + sqrt(a^2 + 16))/4} and {@code F = (s - 1)(s + 1)}. Up to {@code a = 10^6} the Newton root
     * keeps 1e-13 relative accuracy (RmsPropMeanField's bisection on {@code V = e s2/(h(2 - e h))} loses digits in
     * {@code 2 - e h} there: 5e-7 at {@code a = 1.5 10^5}).
     */
    @ParameterizedTest(name = "a={0}")
    @CsvSource({"1e-9", "1e-3", "1", "150", "1.5e5", "1e6"})
    void withoutEpsilonTheMeanFieldIsAQuadraticRoot(double a) {
        double root = Math.sqrt(a * a + 16);
        double sMinusOne = (a + a * a / (root + 4)) / 4;   // (a + root - 4)/4 without cancellation at small a
        double exact = sMinusOne * (sMinusOne + 2);
        assertEquals(exact, RmsPropScaling.meanFieldScaledVariance(a, 0), 1e-13 * exact, "F(a, 0)");
    }

    @ParameterizedTest(name = "F={0}, p={1}")
    @CsvSource({"1e-6, 1", "1e-3, 0.5", "0.3, 0.025", "1, 0.9", "30, 0.3", "1e4, 1"})
    void tableCoordinatesInvert(double f, double p) {
        double a = RmsPropScaling.scaledStepAt(f, p);
        double e = RmsPropScaling.scaledEpsilonAt(f, p);
        double back = RmsPropScaling.meanFieldScaledVariance(a, e);
        assertEquals(f, back, 1e-12 * f, "F(a(F, p), e(F, p)) = F");
        assertEquals(p, RmsPropScaling.rootShare(back, e), 1e-12, "p(F, e(F, p)) = p");
    }

    @Test
    void limitsOfTheMeanField() {
        // a -> 0: F = a/(2(1 + e)) + O(a^2) (RMSProp's T = lr sigma/2 with the step lr/(sigma + eps)).
        assertEquals(1e-7 / (2 * 1.5), RmsPropScaling.meanFieldScaledVariance(1e-7, 0.5), 1e-13, "small a");
        // e -> infinity at fixed a/e = 0.8: SGD with rate lr/eps, F = (a/e)/(2 - a/e) to relative O(1/e).
        double sgd = 0.8 / (2 - 0.8);
        assertEquals(sgd, RmsPropScaling.meanFieldScaledVariance(0.8e6, 1e6), 3e-6 * sgd, "large e");
        // a -> infinity with e = 0: the sign-like regime, F = a^2/4 + 1 + O(1/a^2).
        assertEquals(1e6 / 4 + 1, RmsPropScaling.meanFieldScaledVariance(1e3, 0), 1e-3, "large a");
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropScaling.meanFieldScaledVariance(Double.NaN, 0));
        assertTrue(e.getMessage().contains("scaledStep"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RmsPropScaling.meanFieldScaledVariance(1, -1));
        assertTrue(e.getMessage().contains("scaledEpsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RmsPropScaling.scaledStepAt(1, 0));
        assertTrue(e.getMessage().contains("rootShare"), e.getMessage());
    }
}
