package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.RmsProp;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * RMSProp: the linear model of {@link LinearRegressionAcceptanceTest} trained with DL4J's {@code RmsProp} (lr 0.005,
 * decay 0.95, eps 1e-8, B = 50, i.i.d. minibatches); the listener's predictions come from sim-core's precomputed
 * RMSProp table (the group simulation only outside its range), with the probed curvature and noise.
 */
@Tag("slow")
class RmsPropAcceptanceTest {

    @Test
    void rmsPropSpreadMatchesTheSimulation() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.mln(new RmsProp(0.005, 0.95, 1e-8), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(800).windowIterations(8_000)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).hutchinsonProbes(256)
                .build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 8_810, SamplingIterator.Order.IID, 31));
        ObservatoryReport r = l.lastReport().orElseThrow();
        double[] ratios = r.parameters().stream().mapToDouble(p -> p.comparison().ratio().value()).toArray();
        double median = Median.of(ratios);
        System.out.printf("b: median observed/predicted (RmsProp, sim-core table) = %.4f; ratios %s; basis %s%n",
                median, java.util.Arrays.toString(ratios), r.parameters().get(0).prediction());
        for (ParameterReport p : r.parameters()) {
            assertEquals(PredictionMethod.RMSPROP_TABLE, p.prediction().method(), "basis: " + p.prediction());
        }
        // relative SE of each observed variance sqrt(2 tau2/n) with eta_eff h ~ 0.03..0.2 (tau2 <= ~35) and
        // n = 8000: <= 10%; the table's own error is below 0.5%; the median of 6 is tighter than one ratio. The
        // 15% bound is about 2 SE of a single ratio.
        assertEquals(1.0, median, 0.15, "median observed / predicted variance, RmsProp");
    }

    /**
     * Random reshuffling for RmsProp: trained with a shuffling iterator (K = 20 minibatches of 50 per epoch), the
     * listener's scheme-aware prediction (the i.i.d. table times SGD's reshuffling factor at the mean-field rate
     * times the measured RMSProp correction) matches, and the i.i.d. prediction beside it is several times too
     * large.
     */
    @Test
    void rmsPropUnderReshufflingMatchesTheSchemeAwarePrediction() {
        ObservatoryReport r = ReshufflingAcceptanceTest.trainReshuffled(TestFixtures.independentFeatures(),
                new RmsProp(0.002, 0.95, 1e-8), 23);
        assertEquals(DataOrder.RESHUFFLED, r.dataOrder().used(), r.dataOrder().evidence());
        double[] ratios = r.parameters().stream().mapToDouble(p -> p.comparison().ratio().value()).toArray();
        double median = Median.of(ratios);
        double gap = Median.of(r.parameters().stream()
                .mapToDouble(p -> p.prediction().varianceIid() / p.prediction().variance().value()).toArray());
        System.out.printf("b': RmsProp reshuffled: median observed/predicted = %.4f; i.i.d./reshuffling prediction"
                + " = %.2f; ratios %s%n", median, gap, java.util.Arrays.toString(ratios));
        for (ParameterReport p : r.parameters()) {
            assertEquals(PredictionMethod.RMSPROP_TABLE_RESHUFFLING_CORRECTION, p.prediction().method(),
                    "basis: " + p.prediction());
        }
        // 340 observed epochs: relative SE of each observed spread ~ 1/sqrt(340) ~ 5.5% (as in the SGD test);
        // the corrected prediction is within 3% of sim-core's finite-data simulation (SimCorePredictorTest). The
        // 15% bound is about 2 SE of one ratio; the median of 6 is tighter.
        assertEquals(1.0, median, 0.15, "median observed / scheme-aware prediction, RmsProp reshuffled");
        assertTrue(gap > 3, "the i.i.d. prediction is several times the reshuffling one: " + gap);
    }

    /**
     * The preconditioned frame: correlated features (rho 0.6, so the preconditioned Hessian is not diagonal), RmsProp at
     * lr 0.005, i.i.d. minibatches, every direction of the 6-parameter model observed. The directions are eigenvectors
     * of {@code P^{1/2} H P^{1/2}} with RmsProp's {@code P} read from the updater state, and their spread matches the
     * frozen-preconditioner (mean-field) prediction.
     */
    @Test
    void rmsPropDirectionsMatchTheMeanFieldInThePreconditionedFrame() {
        LinearRegressionFixture fx = LinearRegressionFixture.correlated(1000, 5, 0.6, 0.5, 42);
        MultiLayerNetwork net = fx.mln(new RmsProp(0.005, 0.95, 1e-8), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(800).windowIterations(12_000)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).directions(6).directionsEvery(1)
                .closeUps(0).seed(5).build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 12_810, SamplingIterator.Order.IID, 37));
        SpectralReport s = l.lastReport().orElseThrow().directions().orElseThrow();
        assertEquals(SpectralReport.Basis.PRECONDITIONED_HESSIAN, s.basis(), s.basisDescription());
        List<DirectionReport> judged = s.directions().stream().filter(d -> d.verdict().judged()).toList();
        double median = Median.of(judged.stream().mapToDouble(d -> d.comparison().ratio().value()).toArray());
        System.out.printf("b'': RmsProp directions: %d judged, median observed/predicted %.4f; ratios %s%n",
                judged.size(), median, judged.stream().map(d -> d.comparison().ratio()).toList());
        assertTrue(judged.size() >= 4, "most directions are judged: " + s.directions());
        // Each ratio: the observed variance's relative SE sqrt(2 tau2 / n) with eta_eff lambda ~ 0.02..0.3 over 12000
        // iterations is <= ~10%, the prediction's (probe sampling of c_k and lambda_k) ~5%, and the frozen-P mean
        // field is off by O(1 - rho) = 5%: about 12% per ratio. The median of >= 4 is tighter; 0.15 is > 1.2 of a
        // single ratio's combined SE and keeps a 2x-off prediction (the failure this guards against) far outside.
        assertEquals(1.0, median, 0.15, "median observed/predicted variance along the preconditioned directions");
        // The explanation states v's relative spread, sqrt((2 + kappa/B)(1 - rho)/(1 + rho)): the slopes here are
        // products of Gaussian features and residuals (excess kurtosis 6 for independent factors, more when
        // correlated; any kappa in 0..26 gives 0.226 to 0.249 at B = 50 and rho = 0.95), printed as 0.23 to 0.25.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v fluctuates along these directions by about"
                + " ([0-9.]+) of its mean").matcher(s.judgement().explanation());
        assertTrue(m.find(), "the judgement states v's spread: " + s.judgement().explanation());
        double spread = Double.parseDouble(m.group(1));
        assertTrue(spread >= 0.23 && spread <= 0.25, "v's relative spread " + spread);
    }
}
