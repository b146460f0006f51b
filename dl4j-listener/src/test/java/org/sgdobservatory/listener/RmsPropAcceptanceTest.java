package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.RmsProp;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.sim.stats.Median;

/**
 * Issue 3 (b): the linear model of (a) trained with DL4J's {@code RmsProp} (lr 0.005, decay 0.95, eps 1e-8,
 * B = 50, i.i.d. minibatches); the listener's predictions come from sim-core's precomputed RMSProp table (the
 * group simulation only outside its range), with the probed curvature and noise.
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
        // issue's 15% bound is about 2 SE of a single ratio.
        assertEquals(1.0, median, 0.15, "median observed / predicted variance, RmsProp");
    }

    /**
     * Issue 3 (a') for RmsProp: trained with a shuffling iterator (K = 20 minibatches of 50 per epoch), the
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
        // issue's 15% is about 2 SE of one ratio; the median of 6 is tighter.
        assertEquals(1.0, median, 0.15, "median observed / scheme-aware prediction, RmsProp reshuffled");
        assertTrue(gap > 3, "the i.i.d. prediction is several times the reshuffling one: " + gap);
    }
}
