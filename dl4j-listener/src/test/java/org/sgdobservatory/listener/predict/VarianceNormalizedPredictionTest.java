package org.sgdobservatory.listener.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.theory.EstimatedNoiseVarianceNormalized1D;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;

/** {@link SimCorePredictor} on the {@code eta'/sigma^2} rule against the closed forms it must delegate to. */
class VarianceNormalizedPredictionTest {

    private static final UpdaterSpec VARNORM = new UpdaterSpec(UpdaterKind.VARNORM, "VarianceNormalizedSgd",
            Map.of("averagingDecay", 0.999, "epsilon", 1e-8));

    /**
     * i.i.d.: the updater's own moving average of the noise sets the rate, so the prediction is sim-core's
     * estimated-noise fixed point, which for the updater's long memory (beta = 0.999) is within 0.2% of the one
     * temperature {@code eta'/2} ({@code Var = eta'/(2h)}); the known-noise formula {@code eta'/(h(2 - eta' h/s2))}
     * is higher by {@code 1/(1 - eta' h/(2 s2))}: 5% to 2.7x in these rows.
     */
    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.001, 2.0, 0.02", "0.01, 0.5, 0.004", "0.002, 3.0, 0.05"})
    void iidFollowsTheUpdatersOwnNoiseAverage(double etaPrime, double h, double s2) {
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.IID, etaPrime, h,
                s2, 32, 0));
        double fixedPoint = EstimatedNoiseVarianceNormalized1D.predict(etaPrime, h, s2, 0.999, 1e-8)
                .stationaryVariance().orElseThrow();
        assertTrue(p.predicted(), p.basis());
        assertEquals(fixedPoint, p.variance(), 1e-12 * fixedPoint, "variance, basis " + p.basis());
        assertEquals(etaPrime / (2 * h), p.variance(), 2e-3 * p.variance(), "one temperature eta'/2");
    }

    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.001, 2.0, 0.02", "0.01, 0.5, 0.004"})
    void reshuffledUsesTheWithoutReplacementVarianceInRateAndNoise(double etaPrime, double h, double s2) {
        int b = 32;
        long k = 50;
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.RESHUFFLED,
                etaPrime, h, s2, b, k));
        double wr = ReshufflingQuadratic1D.withoutReplacementBatchVariance(s2 * b, (int) (k * b), b);
        double v = EstimatedNoiseVarianceNormalized1D.predict(etaPrime, h, wr, 0.999, 1e-8).stationaryVariance()
                .orElseThrow();
        double eta = 2 * v * h / (wr + h * h * v);
        double expected = ((org.sgdobservatory.sim.theory.Prediction.Stationary) ReshufflingQuadratic1D.predict(
                eta, h, wr, (int) k)).variance();
        assertEquals(expected, p.variance(), 1e-12 * expected, "variance, basis " + p.basis());
    }

    /**
     * With known noise the rule would be unstable at {@code eta' h / s2 >= 2}; the updater's average also sees the
     * signal {@code h x}, which lowers the rate, so the chain is stable there with {@code Var ~ eta'/(2h)}.
     */
    @ParameterizedTest(name = "eta'={0}, h={1}, s2={2}")
    @CsvSource({"0.1, 2.0, 0.02"})
    void theSignalInTheAverageKeepsLargeRatesStable(double etaPrime, double h, double s2) {
        VariancePrediction p = new SimCorePredictor().predict(new PredictionInput(VARNORM, DataOrder.IID, etaPrime, h,
                s2, 32, 0));
        assertTrue(p.predicted(), "eta' h / s2 = " + etaPrime * h / s2 + ": " + p.basis());
        assertEquals(etaPrime / (2 * h), p.variance(), 0.01 * p.variance(), "Var ~ eta'/(2h)");
    }
}
