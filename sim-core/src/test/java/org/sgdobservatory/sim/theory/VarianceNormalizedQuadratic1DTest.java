package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarianceNormalizedQuadratic1DTest {

    @ParameterizedTest(name = "h={0}, s2={1}")
    @CsvSource({"1.0, 1.0", "0.1, 4.0", "10.0, 0.5"})
    void isSgdWithLearningRateEtaPrimeOverS2(double h, double s2) {
        double etaPrime = 0.01;
        VarianceNormalizedQuadratic1D m = VarianceNormalizedQuadratic1D.of(etaPrime, h, s2);
        double sgd = SgdQuadratic1D.of(etaPrime / s2, h, s2).stationaryVariance();
        assertEquals(sgd, m.stationaryVariance(), 1e-12 * sgd, "Var = SGD at eta'/s2");
        assertEquals(etaPrime / (2 - etaPrime * h / s2), m.temperature(), 1e-12 * m.temperature(),
                "T = eta'/(2 - eta' h/s2)");
        assertEquals(etaPrime / 2, m.sdeTemperature(), 0, "one temperature eta'/2");
    }

    @Test
    void unstableWhenEtaPrimeHExceedsTwoS2() {
        Prediction p = VarianceNormalizedQuadratic1D.predict(1.0, 2.0, 0.9);
        assertEquals(Prediction.Reason.UNSTABLE,
                assertInstanceOf(Prediction.NotApplicable.class, p, "eta' h = 2 > 2 s2 = 1.8").reason(),
                "reason");
    }
}
