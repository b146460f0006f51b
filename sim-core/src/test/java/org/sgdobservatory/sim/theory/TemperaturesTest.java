package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.stats.Estimate;

class TemperaturesTest {

    @Test
    void temperatureAndAlphaPropagateErrors() {
        Estimate var = new Estimate(0.02, 0.001, 500);
        Estimate t = Temperatures.temperature(2.5, var);
        assertEquals(0.05, t.value(), 1e-15, "T = h Var");
        assertEquals(0.0025, t.standardError(), 1e-15, "SE = h SE(Var)");
        Estimate alpha = Temperatures.alpha(t, 0.1, 1.0);
        assertEquals(0.5, alpha.value(), 1e-14, "alpha = T/(eta s2): the Fokker-Planck 1/2");
        assertEquals(0.025, alpha.standardError(), 1e-15, "SE / (eta s2)");
        Estimate alphaEst = Temperatures.alpha(t, 0.1, new Estimate(1.0, 0.03, 200));
        // relative errors 5% and 3% in quadrature: 5.83%.
        assertEquals(0.5 * Math.hypot(0.05, 0.03), alphaEst.standardError(), 1e-14, "delta method");
        assertEquals(200, alphaEst.effectiveSampleSize(), 0, "smaller ESS");
    }

    @Test
    void estimatedCurvatureAddsItsRelativeError() {
        Estimate t = Temperatures.temperature(new Estimate(2.0, 0.2, 50), new Estimate(0.5, 0.05, 80));
        assertEquals(1.0, t.value(), 1e-15, "T = h Var");
        assertEquals(Math.hypot(0.1, 0.1), t.standardError(), 1e-15, "10% and 10% in quadrature");
        assertEquals(50, t.effectiveSampleSize(), 0, "smaller ESS");
    }

    @Test
    void perDimensionChecksLengths() {
        Estimate[] ts = Temperatures.perDimension(new double[] {1, 2},
                new Estimate[] {new Estimate(1, 0.1, 10), new Estimate(0.5, 0.05, 10)});
        assertEquals(1.0, ts[1].value(), 1e-15, "T_2 = 2 * 0.5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Temperatures.perDimension(new double[] {1}, new Estimate[0]));
        assertTrue(e.getMessage().contains("equal length"), e.getMessage());
    }
}
