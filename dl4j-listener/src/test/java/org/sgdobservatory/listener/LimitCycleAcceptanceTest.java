package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * Fixed order: the linear model of {@link LinearRegressionAcceptanceTest} trained with a non-shuffling iterator (n =
 * 1000, B = 50, K = 20 minibatches per epoch, Sgd lr 0.005, eta h K = 0.07..0.34). The parameters settle on a limit
 * cycle of one epoch; the listener must report it (LIMIT_CYCLE) and predict its spread with sim-core's
 * CyclicOrderQuadratic1D from the measured curvature and the epoch's per-minibatch gradient noises in training order.
 *
 * <p>Deterministic dynamics: no sampling noise. Start at the optimum; the slowest parameter (h = 0.72) relaxes by
 * {@code (1 - eta h)^K = 0.93} per epoch, so after 60 epochs the transient is 1.3% of the orbit's amplitude;
 * the window is 40 whole epochs. Remaining model errors: the Hutchinson curvature (256 probes, ~1% SE), the
 * diagonal-Hessian orbit (off-diagonal H ~ 0.06 against diagonals 0.7..3.4, and with eta h K < 1 the orbit is
 * mostly the integrated noise, insensitive to the restoring force) and the minibatches' own curvatures (H_k - H,
 * a second-order effect). The 15% bound on the median ratio is generous for these.
 */
@Tag("slow")
class LimitCycleAcceptanceTest {

    @Test
    void fixedOrderGivesALimitCycleWhoseSpreadIsPredicted() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.mlnFromOptimum(new Sgd(0.005), 1, 0);
        int epochs = 100;
        ObservatoryListener l = ObservatoryListener.builder().startAtEpoch(60).finishAfterEpochs(epochs)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).hutchinsonProbes(256)
                .build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 20, SamplingIterator.Order.CYCLIC, 17), epochs);
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertEquals(DataOrder.FIXED_CYCLIC, r.dataOrder().used(), r.dataOrder().evidence());
        assertEquals(fx.n, r.dataOrder().epochLengthExamples(), "epoch length");
        assertTrue(r.hasFinding(FindingCode.LIMIT_CYCLE), "LIMIT_CYCLE finding: " + r.findings());
        double[] ratios = r.parameters().stream()
                .mapToDouble(p -> p.observed().limitCycleSpread() / p.prediction().limitCycleSpread()).toArray();
        double median = Median.of(ratios);
        System.out.printf("a' fixed order: median observed/predicted limit-cycle spread = %.4f; ratios %s%n", median,
                java.util.Arrays.toString(ratios));
        for (ParameterReport p : r.parameters()) {
            assertEquals(p.observed().variance().value(), p.observed().limitCycleSpread(), 0.0, "observed spread = the window variance");
            assertTrue(Double.isNaN(p.prediction().variance().value()),
                    "no density predicted for a limit cycle: " + p.prediction());
        }
        assertTrue(r.group("0_W").orElseThrow().judgement().explanation().contains("orbit spread"),
                "the verdict states the limit cycle: " + r.group("0_W").orElseThrow().judgement().explanation());
        assertEquals(1.0, median, 0.15, "median observed / predicted limit-cycle spread");
    }
}
