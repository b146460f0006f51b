package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * A window that extends itself: with a small rate the autocorrelation time (~1/(eta h) iterations) leaves a
 * 1000-iteration window far below the minimum effective sample size; with {@code extendWindowUpTo} the window grows
 * until the median ESS of what it observes reaches the minimum, or stops at the cap and says so.
 */
class WindowExtensionTest {

    private static final LinearRegressionFixture FX = new LinearRegressionFixture(200, 3, new double[] {1, 1, 1},
            0.3, 5);

    private static ObservatoryReport run(long cap, int trainIterations) {
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.002), 1, 0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(1000)
                .extendWindowUpTo(cap).directions(0).reservoirBatches(8).hutchinsonProbes(8).perExampleGradients(32)
                .closeUps(0).build().attachTo(net);
        net.fit(FX.iid(10, trainIterations, 5));
        return l.lastReport().orElseThrow();
    }

    @Test
    void theWindowExtendsUntilItCanBeJudged() {
        ObservatoryReport r = run(40_000, 42_000);
        double medianEss = Median.of(r.parameters().stream().mapToDouble(p -> p.observed().effectiveSampleSize())
                .toArray());
        System.out.println("extended window: " + r.window().endReason() + "; samples " + r.window().samples()
                + "; median ESS " + medianEss);
        assertTrue(r.window().endReason().contains("extended"), "the end reason says so: " + r.window().endReason());
        assertTrue(r.window().samples() > 1000 && r.window().samples() < 40_000, "grew, within the cap: "
                + r.window().samples());
        assertTrue(medianEss >= 20, "the median ESS reached the minimum: " + medianEss);
        assertFalse(r.hasFinding(FindingCode.WINDOW_TOO_SHORT), "no longer too short: " + r.findings());
    }

    @Test
    void theCapStopsTheExtensionAndTheReportSaysSo() {
        ObservatoryReport r = run(1_500, 2_000);
        assertEquals(1_500, r.window().samples(), "stopped at the cap");
        assertTrue(r.window().endReason().contains("cap extendWindowUpTo = 1500"), "names the cap: "
                + r.window().endReason());
        assertTrue(r.hasFinding(FindingCode.WINDOW_TOO_SHORT), "still too short, and the finding says how long");
    }
}
