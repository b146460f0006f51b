package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.probe.DirectionBases;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.SpectralReport.StrideChoice;

/**
 * The directions' sampling stride: the smallest multiple of {@code every} within the budget, and, for projections on
 * the training thread, its settling from the window's first sampled steps, after which the statistics hold only the
 * samples at the settled stride.
 */
class DirectionStrideTest {

    private static final int K = 4;

    @ParameterizedTest(name = "step {0} s, iteration {1} s, every {2}, budget {3}: stride {4}")
    @CsvSource({"0.016, 0.021, 10, 0.03, 30", "0.016, 0.021, 1, 0.03, 26", "0.00005, 0.0014, 1, 0.03, 2",
        "0.00001, 0.0014, 10, 0.03, 10", "0.0001, 0.00089, 1, 0.0025, 45", "0.0001, 0.00089, 10, 0.0025, 50",
        "0.001, NaN, 5, 0.005, 5", "0, 0.001, 3, 0.005, 3"})
    void theStrideIsTheSmallestMultipleWithinTheBudget(double step, double iteration, int every, double budget,
                                                        int expected) {
        // smallest multiple s of every with step / (s * iteration) <= budget
        assertEquals(expected, DirectionStride.stride(step, iteration, every, budget), "stride");
    }

    @Test
    void theMedianOfTheTimedStepsSettlesTheStride() {
        DirectionStride stride = DirectionStride.automatic(true, 1e-6, 1e-3, 10);
        assertEquals(10, stride.stride(), "provisional");
        assertEquals(StrideChoice.AUTOMATIC, stride.sampling().choice());
        // steps of 1 us (a stale reading), 10 ms (a step the scheduler interrupted) and 86 to 114 us: the median is
        // 100 us, where the shortest (as a warm pair is timed) would give stride 10 and the mean (725 us) stride 150
        long[] steps = {1_000L, 10_000_000L, 86_000L, 88_000L, 90_000L, 92_000L, 94_000L, 96_000L, 98_000L, 102_000L,
            104_000L, 106_000L, 108_000L, 110_000L, 112_000L, 114_000L};
        double[] asked = {0};
        for (int i = 0; i < steps.length - 1; i++) {
            assertTrue(stride.settle(steps[i], () -> asked[0]++).isEmpty(), "still timing at step " + i);
        }
        assertEquals(0, asked[0], "the iteration's time is asked only when the stride settles");
        assertEquals(20, stride.settle(steps[steps.length - 1], () -> 2e-3).orElseThrow(),
                "100 us / (0.25% x 2 ms, the iteration now, x 10) = 2 strides of 10");
        SpectralReport.Sampling s = stride.sampling();
        assertEquals(StrideChoice.TIMED_IN_WINDOW, s.choice());
        assertEquals(1e-4, s.projectionSeconds(), 1e-15, "the median step");
        assertEquals(2e-3, s.iterationSeconds(), "the iteration's time it was settled with");
        assertEquals(DirectionStride.TRAINING_THREAD_BUDGET, s.budget());
        assertFalse(stride.timing(), "settled once");
        assertTrue(stride.settle(1_000_000_000L, () -> 2e-3).isEmpty(), "later steps change nothing");
        assertEquals(20, stride.stride());
    }

    @Test
    void theProductOffTheTrainingThreadIsNotTimedInTheWindow() {
        DirectionStride stride = DirectionStride.automatic(false, 0.016, 0.021, 10);
        assertEquals(30, stride.stride());
        assertEquals(DirectionStride.COST_BUDGET, stride.sampling().budget());
        assertFalse(stride.timing());
        DirectionStride unknown = DirectionStride.automatic(true, 1e-6, Double.NaN, 10);
        assertEquals(10, unknown.stride(), "every, while the iteration's time is unknown");
        assertTrue(unknown.timing(), "settled in the window all the same");
        assertFalse(DirectionStride.configured(7, 5, 1e-6, 1e-3).timing(), "configured");
        assertEquals(10, DirectionStride.configured(7, 5, 1e-6, 1e-3).stride(), "rounded up to a multiple of every");
    }

    /**
     * A sampler on a small network (the heap engine) whose clock says each sampled step takes 0.05 s against 1 s
     * iterations: the provisional stride is {@code every} = 2 (the real pair takes microseconds), and the 16th
     * sampled step (iteration 30) settles it at 2 ceil(0.05 / (0.0025 x 1 x 2)) = 20. New statistics start at
     * iteration 50; until they have 16 samples too (at iteration 350) the reads report the provisional ones, so that
     * a window ending soon after the restart keeps its directions. From then on they hold exactly the samples at 50,
     * 70, ..., 350, equal to projections made here.
     */
    @Test
    void aSettledStrideRestartsTheStatisticsAtIt() {
        NetworkAdapter adapter = NetworkAdapter.of(network());
        DirectionBasis basis = DirectionBases.random(adapter, K, 5);
        INDArray params = adapter.params();
        double[] reference = params.toDoubleVector();
        DirectionSampler sampler = DirectionSampler.start(basis, params, 0, 2, () -> 1.0, 0, 4, 64);
        long[] now = {0};
        sampler.timeWith(() -> now[0] += 25_000_000L);
        assertEquals(2, sampler.sampling().stride(), "provisional");
        double[][] rows = new double[K][];
        for (int k = 0; k < K; k++) {
            rows[k] = basis.projection(k);
        }
        TraceMoments provisional = new TraceMoments(K, 4, 64);
        TraceMoments settled = null;
        for (long it = 0; it <= 350; it++) {
            double[] before = BackgroundProjectionTest.project(rows, params.toDoubleVector(), reference);
            sampler.beforeStep(adapter, it, false, null);
            params.muli(0.97).addi(Nd4j.randn(DataType.DOUBLE, params.length()).muli(1e-3));
            double[] after = BackgroundProjectionTest.project(rows, params.toDoubleVector(), reference);
            assertTrue(sampler.afterStep(adapter, it, null), "iteration " + it);
            double[] update = new double[K];
            for (int k = 0; k < K; k++) {
                update[k] = before[k] - after[k];
            }
            if (it <= 30 && it % 2 == 0) {
                provisional.add(before, update);
            }
            if (it == 30) {
                settled = new TraceMoments(K, 1, 64);
            }
            if (it >= 50 && (it - 50) % 20 == 0) {
                assertTrue(sampler.samples(it), "samples iteration " + it);
                settled.add(before, update);
            } else if (it > 30) {
                assertFalse(sampler.samples(it), "iteration " + it + " is between samples");
            }
            if (it >= 30 && it < 350) {
                assertEquals(StrideChoice.AUTOMATIC, sampler.sampling().choice(), "provisional reported at " + it);
                assertEquals(2, sampler.sampling().stride());
                assertSame(provisional, sampler.moments(), "the provisional samples at iteration " + it);
            }
        }
        assertEquals(20, sampler.sampling().stride(), "settled");
        assertEquals(StrideChoice.TIMED_IN_WINDOW, sampler.sampling().choice());
        assertEquals(0.05, sampler.sampling().projectionSeconds(), 1e-12, "two clock reads per call");
        assertSame(settled, sampler.moments(), "the settled stride's samples");
        assertEquals(1, sampler.moments().blockLength(), "the window's 4-sample blocks at stride 2 hold"
                + " max(1, 4 x 2 / 20) = 1 sample at stride 20");
    }

    /** {@code expected}'s count, means and variances in {@code got}: the same samples. */
    private static void assertSame(TraceMoments expected, TraceMoments got, String what) {
        assertEquals(expected.count(), got.count(), what + ": count");
        for (int k = 0; k < K; k++) {
            assertEquals(expected.meanTheta()[k], got.meanTheta()[k], 1e-9 * Math.abs(expected.meanTheta()[k]) + 1e-15,
                    what + ": mean of direction " + k);
            assertEquals(expected.varianceTheta()[k], got.varianceTheta()[k],
                    1e-9 * expected.varianceTheta()[k] + 1e-20, what + ": variance of direction " + k);
        }
    }

    /** A DOUBLE 8-16-4 MLP: 212 parameters, the heap engine. */
    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Sgd(0.01)).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }
}
