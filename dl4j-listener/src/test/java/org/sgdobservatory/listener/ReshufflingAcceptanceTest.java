package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * Random reshuffling: the linear model trained the usual DL4J way, with a shuffling iterator for many epochs
 * (n = 1000, B = 50, K = 20 minibatches per epoch, eta = 0.005: eta h K = 0.07..0.34, well below 1). The
 * listener must detect reshuffling and the epoch length, pass them to the predictor, and show the i.i.d.
 * prediction several times too large.
 */
@Tag("slow")
class ReshufflingAcceptanceTest {

    @Test
    void reshufflingIsDetectedAndItsPredictionMatches() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        ObservatoryReport r = trainReshuffled(fx, new Sgd(0.005), 17);
        assertEquals(DataOrder.RESHUFFLED, r.dataOrder().used(), r.dataOrder().evidence());
        assertEquals(fx.n, r.dataOrder().epochLengthExamples(), "epoch length");
        double[] ratios = r.parameters().stream().mapToDouble(p -> p.comparison().ratio().value()).toArray();
        double[] iidOverScheme = r.parameters().stream()
                .mapToDouble(p -> p.prediction().varianceIid() / p.prediction().variance().value()).toArray();
        double median = Median.of(ratios);
        double gap = Median.of(iidOverScheme);
        System.out.printf("a': median observed/predicted(reshuffling) = %.4f; i.i.d./reshuffling prediction = %.2f;"
                + " ratios %s%n", median, gap, java.util.Arrays.toString(ratios));
        // 340 observed epochs: the within-epoch bridge re-randomises every epoch (relative SE ~ 1/sqrt(340) ~ 5.5%);
        // the slower epoch-boundary part (a fraction ~ eta h K of the spread, correlated over ~2/(eta h K) epochs)
        // adds a few percent. The 15% is about 2 SE.
        assertEquals(1.0, median, 0.15, "median observed / scheme-aware prediction");
        // eta h K / 3 ~ 0.02..0.11: the i.i.d. prediction is several times too large
        // (docs/data-order.md#random-reshuffling)
        assertTrue(gap > 3, "the i.i.d. prediction is several times the reshuffling one: " + gap);
    }

    /**
     * The linear model of (a) started at its optimum and trained for 360 epochs with a shuffling iterator
     * (K = 20 minibatches of 50), the listener observing epochs 20..360 with probes on the whole data set.
     */
    static ObservatoryReport trainReshuffled(LinearRegressionFixture fx, org.nd4j.linalg.learning.config.IUpdater updater,
                                             long shuffleSeed) {
        MultiLayerNetwork net = fx.mln(updater, 1);
        net.setParams(org.nd4j.linalg.factory.Nd4j.createFromArray(fx.optimum()).castTo(DataType.FLOAT)
                .reshape(1, fx.d + 1));
        int epochs = 360;
        ObservatoryListener l = ObservatoryListener.builder().startAtEpoch(20).finishAfterEpochs(epochs)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).hutchinsonProbes(256)
                .build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 20, SamplingIterator.Order.RESHUFFLE, shuffleSeed),
                epochs);
        return l.lastReport().orElseThrow();
    }
}
