package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class MultiplicativeNoiseQuadratic1DTest {

    @Test
    void theoryNotesTable() {
        // docs/theory.md#state-dependent-noise, h = 1, c = 8, eta = 0.05, s0 = 1: simulated 0.03226 = exact discrete
        // 0.05/1.55; Ito 0.05/1.6 = 0.03125; nu = 1 + 2/(0.4) = 6, excess kurtosis 6/(6 - 4) = 3.
        MultiplicativeNoiseQuadratic1D m = MultiplicativeNoiseQuadratic1D.of(0.05, 1.0, 1.0, 8.0);
        assertEquals(0.05 / 1.55, m.stationaryVariance(), 1e-15, "exact discrete");
        assertEquals(0.03125, m.itoVariance(), 1e-15, "Ito");
        assertEquals(6.0, m.itoDegreesOfFreedom(), 1e-12, "Student-t nu");
        assertEquals(3.0, m.itoExcessKurtosis(), 1e-12, "6/(nu - 4)");
    }

    @Test
    void noGrowthIsPlainSgd() {
        MultiplicativeNoiseQuadratic1D m = MultiplicativeNoiseQuadratic1D.of(0.3, 2.0, 1.0, 0.0);
        assertEquals(SgdQuadratic1D.of(0.3, 2.0, 1.0).stationaryVariance(), m.stationaryVariance(), 1e-15,
                "c = 0");
        assertEquals(0.0, m.itoExcessKurtosis(), 0, "Gaussian");
    }

    @Test
    void itoDensityVarianceMatchesTheClosedForm() {
        MultiplicativeNoiseQuadratic1D m = MultiplicativeNoiseQuadratic1D.of(0.05, 1.0, 1.0, 2.0);
        UniformGrid grid = UniformGrid.centered(0, 12, 12_001);
        double w = grid.step();
        // nu = 21: tails beyond 12 negligible; w^2/6 interpolation term as in GibbsDensityTest.
        assertEquals(m.itoVariance() + w * w / 6, m.itoDensity(grid).variance(), 1e-8 * m.itoVariance(),
                "Ito density variance");
    }

    @Test
    void heavyTailsAreAnAnswer() {
        Prediction p = MultiplicativeNoiseQuadratic1D.predict(0.05, 1.0, 1.0, 40.0);  // eta c = 2 > 1.95
        assertEquals(Prediction.Reason.INFINITE_VARIANCE,
                assertInstanceOf(Prediction.NotApplicable.class, p, "infinite variance").reason(), "reason");
    }
}
