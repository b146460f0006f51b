package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.stats.Estimate;

class RmsPropSmallStepLimitTest {

    @Test
    void aSeedGivesTheSameNumber() {
        Estimate first = RmsPropSmallStepLimit.ratioToMeanField(0.95, 0.1, 8, 20_000, 5);
        Estimate second = RmsPropSmallStepLimit.ratioToMeanField(0.95, 0.1, 8, 20_000, 5);
        assertEquals(first, second, "same seed, same groups (each its own split generator)");
    }

    /**
     * The ends where the mean field becomes exact: {@code rho -> 1} freezes {@code w} at 1, and {@code e -> infinity}
     * is SGD with rate {@code lr/epsilon}; the deviations there are of order {@code 0.3 (1 - rho)} and
     * {@code (1 - rho)/e}, below 1e-4. Tolerance: 4 standard errors (from 32 independent chains) plus 1e-4.
     */
    @Test
    void theMeanFieldIsExactAtTheEnds() {
        Estimate slowDecay = RmsPropSmallStepLimit.ratioToMeanField(0.9999, 0, 32, 400_000, 1);
        assertEquals(1, slowDecay.value(), 4 * slowDecay.standardError() + 1e-4, "rho -> 1: " + slowDecay);
        Estimate largeEpsilon = RmsPropSmallStepLimit.ratioToMeanField(0.9, 1e4, 32, 100_000, 2);
        assertEquals(1, largeEpsilon.value(), 4 * largeEpsilon.standardError() + 1e-4, "e -> infinity: " + largeEpsilon);
    }

    /**
     * At {@code rho = 0.9}, {@code e = 0} the limit is 0.972 (the simulation check is in
     * {@code RmsPropStationaryTableAcceptanceTest}); leaving out the {@code (1 - rho) E[xi^2 m^2/sqrt w]} term of
     * the restoring force would give {@code E[xi^2 m^2]/E[m]} = 0.886. Both ratios come from the same chains here;
     * the two values differ by 0.086, over 100 standard errors, so the assertion separates them.
     */
    @Test
    void theCurrentGradientInVWeakensTheRestoringForce() {
        Estimate c0 = RmsPropSmallStepLimit.ratioToMeanField(0.9, 0, 32, 200_000, 3);
        assertTrue(c0.standardError() < 5e-4, "precise enough: " + c0);
        assertEquals(0.972, c0.value(), 4 * c0.standardError() + 5e-4, "c0(0.9, 0): " + c0);
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropSmallStepLimit.ratioToMeanField(1.0, 0, 8, 10, 1));
        assertTrue(e.getMessage().contains("rmsDecay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropSmallStepLimit.ratioToMeanField(0.9, Double.NaN, 8, 10, 1));
        assertTrue(e.getMessage().contains("scaledEpsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropSmallStepLimit.ratioToMeanField(0.9, 0, 1, 10, 1));
        assertTrue(e.getMessage().contains("groups"), e.getMessage());
    }
}
