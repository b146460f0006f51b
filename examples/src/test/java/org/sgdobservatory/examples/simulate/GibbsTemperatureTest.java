package org.sgdobservatory.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.landscape.ScalarLoss;

/** The Gibbs-temperature helper against closed forms. */
class GibbsTemperatureTest {

    @ParameterizedTest(name = "quartic c={0}, T={1}")
    @CsvSource({"1, 0.1", "0.25, 2", "4, 0.01"})
    void quarticMeanLossIsAQuarterOfT(double c, double t) {
        // Generalised equipartition: for p ∝ exp(-c x^4/T), E[c x^4] = T/4 exactly. The grid (4001 points,
        // tails to 40 T) integrates it to ~1e-6 relative.
        ScalarLoss loss = ScalarLoss.quartic(c);
        assertEquals(t / 4, GibbsTemperature.meanLoss(loss, t), 1e-5 * t, "E_T[c x^4] = T/4");
        assertEquals(t, GibbsTemperature.temperatureForMeanLoss(loss, t / 4), 1e-5 * t, "inverse recovers T");
    }

    @ParameterizedTest(name = "quadratic h={0}, T={1}")
    @CsvSource({"1, 0.1", "8, 0.5"})
    void quadraticVarianceIsTOverH(double h, double t) {
        assertEquals(t / h, GibbsTemperature.variance(ScalarLoss.quadratic(h), t), 1e-4 * t / h, "Var = T/h");
    }

    @ParameterizedTest(name = "double well T={0}")
    @CsvSource({"0.05", "0.25", "1"})
    void doubleWellInverseIsConsistent(double t) {
        ScalarLoss loss = ScalarLoss.doubleWell(1);
        double m = GibbsTemperature.meanLoss(loss, t);
        assertTrue(m > 0, "positive mean loss");
        assertEquals(t, GibbsTemperature.temperatureForMeanLoss(loss, m), 1e-6 * t, "mean loss is invertible");
    }
}
