package org.sgdobservatory.listener.predict;

import org.sgdobservatory.listener.predict.VariancePrediction;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.UpdaterKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;

/** {@link SimCorePredictor} on the {@code eta'/sigma^2} rule against the closed forms it must delegate to. */
class VarianceNormalizedPredictionTest {

    private static final UpdaterSpec VARNORM = new UpdaterSpec(UpdaterKind.VARNORM, "VarianceNormalizedSgd",
            Map.of("averagingDecay", 0.999, "epsilon", 1e-8));

    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.001, 2.0, 0.02", "0.01, 0.5, 0.004", "0.002, 3.0, 0.05"})
    void iidIsSgdWithRateEtaPrimeOverSigma2(double etaPrime, double h, double s2) {
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.IID, etaPrime, h,
                s2, 32, 0));
        double eta = etaPrime / s2;
        // THEORY.md 2: exact discrete SGD eta s2 / (h (2 - eta h)) with eta = eta'/s2
        double expected = eta * s2 / (h * (2 - eta * h));
        assertTrue(p.predicted(), p.basis());
        assertEquals(expected, p.variance(), 1e-12 * expected, "variance, basis " + p.basis());
    }

    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.001, 2.0, 0.02", "0.01, 0.5, 0.004"})
    void reshuffledUsesTheWithoutReplacementVarianceInRateAndNoise(double etaPrime, double h, double s2) {
        int b = 32;
        long k = 50;
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.RESHUFFLED,
                etaPrime, h, s2, b, k));
        double wr = ReshufflingQuadratic1D.withoutReplacementBatchVariance(s2 * b, (int) (k * b), b);
        double expected = ((org.sgdobservatory.sim.theory.Prediction.Stationary) ReshufflingQuadratic1D.predict(
                etaPrime / wr, h, wr, (int) k)).variance();
        assertEquals(expected, p.variance(), 1e-12 * expected, "variance, basis " + p.basis());
    }

    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.1, 2.0, 0.02"})
    void unstableWhenEtaPrimeHOverSigma2ReachesTwo(double etaPrime, double h, double s2) {
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.IID, etaPrime, h,
                s2, 32, 0));
        assertFalse(p.predicted(), "eta' h / s2 = " + etaPrime * h / s2 + " >= 2");
        assertTrue(p.basis().contains("unstable"), p.basis());
    }
}
