package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * Acceptance (i): the data order of docs/data-order.md#three-data-orders. Random reshuffling each epoch shrinks the
 * spread to the closed form (about 0.128x the i.i.d. value at {@code n = 400, B = 20, eta h = 0.02}); the
 * ratio tends to 1 as {@code eta h K} grows; a fixed cyclic order gives a periodic orbit.
 */
class DataOrderAcceptanceTest {
    private static final int N = 400;
    private static final int B = 20;
    private static final int K = N / B;
    private static final double H = 1.0;
    private static final double BATCH_VARIANCE = 1.0;   // i.i.d.-with-replacement batch noise variance

    private static PerExampleNoiseDataset data() {
        return PerExampleNoiseDataset.gaussian(QuadraticLandscape.diagonal(H), N, B, new double[] {BATCH_VARIANCE}, 3);
    }

    @ParameterizedTest(name = "eta*h={0}")
    @ValueSource(doubles = {0.02, 0.2})
    void reshufflingMatchesTheClosedForm(double etaH) {
        double eta = etaH / H;
        SimulationResult r = Simulation.builder()
                .gradient(MinibatchGradient.of(data(), B, DataOrder.RESHUFFLE))
                .updater(new Sgd(eta))
                // Recording whole epochs: the spread varies along an epoch, its mean over k is the
                // closed form's observed spread.
                .chains(10_000).burnIn(50 * K).steps(200 * K).seed(21)
                .build().run();
        // Per-example variance = B * BATCH_VARIANCE (population form); one batch drawn without
        // replacement from n has variance (C/B)(n-B)/(n-1).
        double s2 = ReshufflingQuadratic1D.withoutReplacementBatchVariance(B * BATCH_VARIANCE, N, B);
        ReshufflingQuadratic1D theory = ReshufflingQuadratic1D.of(eta, H, s2, K);
        Estimate variance = r.variance(0);
        // Chain groups are independent, so the group SE is honest; 1% is the bound.
        assertEquals(theory.stationarySpread(), variance.value(), 4 * variance.standardError(),
                "reshuffling spread vs closed form, 4 SE: " + variance);
        assertEquals(1.0, variance.value() / theory.stationarySpread(), 0.01, "within 1%");
        // The docs' 0.128x (docs/data-order.md#random-reshuffling) compares with the i.i.d. value for the same batch
        // variance s2 (one batch drawn without replacement); against the with-replacement value it is (n-B)/(n-1)
        // smaller.
        double iid = SgdQuadratic1D.of(eta, H, s2).stationaryVariance();
        assertEquals(theory.iidVariance(), iid, 1e-15 * iid, "the theory's i.i.d. reference");
        if (etaH == 0.02) {
            assertEquals(0.128, variance.value() / iid, 0.005,
                    "about 0.128x the i.i.d. variance (docs/data-order.md#random-reshuffling)");
        }
    }

    @Test
    void reshufflingRatioTendsToOneAsEtaHKGrows() {
        double s2 = ReshufflingQuadratic1D.withoutReplacementBatchVariance(B * BATCH_VARIANCE, N, B);
        double previous = 0;
        for (double etaH : new double[] {0.005, 0.02, 0.1, 0.5, 1.0}) {
            double ratio = ReshufflingQuadratic1D.of(etaH / H, H, s2, K).ratioToIid();
            assertTrue(ratio > previous, "ratio grows with eta h K: " + ratio + " at eta h = " + etaH);
            previous = ratio;
        }
        assertEquals(1.0, previous, 0.05, "eta h K = 20: back to the i.i.d. value");
    }

    @Test
    void cyclicOrderSettlesOnAPeriodicOrbitWithTheExactSpread() {
        double eta = 0.05;
        PerExampleNoiseDataset data = data();
        SimulationResult r = Simulation.builder()
                .gradient(MinibatchGradient.of(data, B, DataOrder.CYCLIC))
                .updater(new Sgd(eta))
                .chains(8).burnIn(100 * K).steps(4 * K).seed(1)
                .collect(Statistic.AUTOCORRELATION)
                .build().run();
        double[] trace = r.trace(0, 0).orElseThrow();
        for (int t = 0; t + K < trace.length; t++) {
            assertEquals(trace[t], trace[t + K], 1e-12, "period K = " + K + " at recorded step " + t);
        }
        double[][] e = data.perExampleNoises();
        double[] batchNoises = new double[K];
        for (int k = 0; k < K; k++) {
            for (int b = 0; b < B; b++) {
                batchNoises[k] += e[k * B + b][0] / B;
            }
        }
        CyclicOrderQuadratic1D orbit = CyclicOrderQuadratic1D.of(eta, H, batchNoises);
        assertEquals(orbit.spread(), r.variance(0).value(), 1e-9 * orbit.spread(),
                "the spread is the exact periodic orbit's");
    }
}
