package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.probe.DirectionBases;
import org.sgdobservatory.listener.stats.BlockMeans;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * On a network large enough for the native projection engine ({@code k P} above its heap limit), a sampler at a
 * stride above 1 projects on its background thread; its statistics must be exactly those of the samples taken
 * synchronously, in order: the same count, moments and block means (which depend on the order) as a reference that
 * projects every sampled step in Java on the training thread. The two differ only by the summation order of the
 * dot products over 70 000 DOUBLE terms: relative rounding of about {@code sqrt(P) 1e-16 = 3e-14} of the terms'
 * magnitude, which on these well-conditioned sums stays below {@code 1e-9} of each statistic, the tolerance. A
 * missing sample (a read that does not wait for the background) changes the count; a sample out of order changes the
 * block means by order one.
 */
class BackgroundProjectionTest {

    private static final int K = 16;
    private static final int STRIDE = 3;

    @Test
    void backgroundSamplesAreTheSynchronousOnesInOrder() {
        NetworkAdapter adapter = NetworkAdapter.of(network());
        DirectionBasis basis = DirectionBases.random(adapter, K, 11);
        INDArray params = adapter.params();
        double[] reference = params.toDoubleVector();
        DirectionSampler sampler = sampler(adapter, basis);
        assertEquals(STRIDE, sampler.sampling().stride());
        // the sampler's blocks are shorter by the stride (one sample each here): every sample is its own block mean
        TraceMoments expected = new TraceMoments(K, sampler.moments().blockLength(), 64);
        double[][] rows = new double[K][];
        for (int k = 0; k < K; k++) {
            rows[k] = basis.projection(k);
        }
        // the last iteration is a sampled one, so that its projection is still running when the statistics are read
        for (long it = 0; it <= 87; it++) {
            double[] before = project(rows, params.toDoubleVector(), reference);
            sampler.beforeStep(adapter, it, false, null);
            // a step: a drift towards 0 plus noise, so that the projections have a spread and an autocorrelation
            INDArray noise = Nd4j.randn(DataType.DOUBLE, params.length()).muli(1e-3);
            params.muli(0.97).addi(noise);
            double[] after = project(rows, params.toDoubleVector(), reference);
            assertTrue(sampler.afterStep(adapter, it, null), "iteration " + it);
            if (it % STRIDE == 0) {
                double[] update = new double[K];
                for (int k = 0; k < K; k++) {
                    update[k] = before[k] - after[k];
                }
                expected.add(before, update);
            }
        }
        TraceMoments got = sampler.moments();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("sgd-observatory-projections")), "projected in the background");
        assertEquals(expected.count(), got.count(), "samples");
        assertClose(expected.meanTheta(), got.meanTheta(), "mean");
        assertClose(expected.varianceTheta(), got.varianceTheta(), "variance");
        assertClose(expected.covarianceWithUpdate(), got.covarianceWithUpdate(), "covariance with the update");
        BlockMeans e = expected.blockMeans();
        BlockMeans g = got.blockMeans();
        assertEquals(e.blocks(), g.blocks(), "blocks");
        for (int b = 0; b < e.blocks(); b++) {
            for (int k = 0; k < K; k++) {
                assertEquals(e.mean(b, k), g.mean(b, k), 1e-9 * Math.abs(e.mean(b, k)) + 1e-15,
                        "block " + b + ", direction " + k);
            }
        }
    }

    /**
     * The native engine's automatic stride is sized from the pair timed when the basis is found, against the budget
     * of the other thread; its sampled steps are not timed (a clock read would throw here) and the stride stays.
     */
    @Test
    void anAutomaticStrideOnTheNativeEngineIsNotTimedInTheWindow() {
        NetworkAdapter adapter = NetworkAdapter.of(network());
        DirectionSampler sampler = DirectionSampler.start(DirectionBases.random(adapter, K, 11), adapter.params(), 0, 1,
                () -> 1.0, 0, 4, 64);
        sampler.timeWith(() -> {
            throw new AssertionError("a sampled step was timed");
        });
        SpectralReport.Sampling first = sampler.sampling();
        assertEquals(SpectralReport.StrideChoice.AUTOMATIC, first.choice());
        assertEquals(DirectionStride.COST_BUDGET, first.budget());
        for (long it = 0; it < 20L * first.stride(); it++) {
            sampler.beforeStep(adapter, it, false, null);
            sampler.afterStep(adapter, it, null);
        }
        assertEquals(first, sampler.sampling(), "unchanged after 20 sampled steps");
        assertEquals(20, sampler.moments().count());
    }

    /** A non-finite projection in the background is left out and reported once, with its own iteration. */
    @Test
    void aNonFiniteBackgroundProjectionIsReportedWithItsIteration() {
        NetworkAdapter adapter = NetworkAdapter.of(network());
        INDArray params = adapter.params();
        DirectionSampler sampler = sampler(adapter, DirectionBases.random(adapter, K, 11));
        sampler.beforeStep(adapter, 0, false, null);
        sampler.afterStep(adapter, 0, null);
        sampler.beforeStep(adapter, 3, false, null);
        params.putScalar(5, Double.NaN);
        assertTrue(sampler.afterStep(adapter, 3, null), "the projection runs in the background: not known yet");
        params.putScalar(5, 0.5);
        assertEquals(OptionalLong.of(3), sampler.nonFinite(true), "reported with the sample's iteration");
        assertEquals(OptionalLong.empty(), sampler.nonFinite(true), "reported once");
        sampler.beforeStep(adapter, 6, false, null);
        assertTrue(sampler.afterStep(adapter, 6, null));
        assertEquals(2, sampler.moments().count(), "the non-finite sample is left out");
        assertEquals(OptionalLong.empty(), sampler.nonFinite(true), "the others were finite");
    }

    /**
     * With the product held back (queued behind a gate on the sampler's executor), the sampled step returns at once,
     * and both a read of the statistics and the next sampled step wait for the product: each stays blocked while the
     * gate is closed (checked for 300 ms, during which a read that did not wait would return and a snapshot that did
     * not wait would overwrite the buffer the held product reads) and finishes once it opens.
     */
    @Test
    void readsAndTheNextSampleWaitForTheProduct() throws Exception {
        NetworkAdapter adapter = NetworkAdapter.of(network());
        INDArray params = adapter.params();
        DirectionSampler sampler = sampler(adapter, DirectionBases.random(adapter, K, 11));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            sampler.runProductsOn(executor);
            CountDownLatch gate = hold(executor);
            sampler.beforeStep(adapter, 0, false, null);
            params.muli(0.9);
            assertTrue(sampler.afterStep(adapter, 0, null), "the sampled step returns with its product held");
            Future<Long> read = caller.submit(() -> sampler.moments().count());
            assertThrows(TimeoutException.class, () -> read.get(300, TimeUnit.MILLISECONDS), "the read waits");
            gate.countDown();
            assertEquals(1L, read.get(10, TimeUnit.SECONDS), "and then sees the sample");

            gate = hold(executor);
            sampler.beforeStep(adapter, 3, false, null);
            params.muli(0.9);
            sampler.afterStep(adapter, 3, null);
            Future<?> next = caller.submit(() -> sampler.beforeStep(adapter, 6, false, null));
            assertThrows(TimeoutException.class, () -> next.get(300, TimeUnit.MILLISECONDS),
                    "the next sampled step waits");
            gate.countDown();
            next.get(10, TimeUnit.SECONDS);
            params.muli(0.9);
            sampler.afterStep(adapter, 6, null);
            assertEquals(3L, sampler.moments().count(), "every sample added");
        } finally {
            executor.shutdownNow();
            caller.shutdownNow();
        }
    }

    /** Occupies {@code executor}'s thread until the returned latch is counted down. */
    private static CountDownLatch hold(ExecutorService executor) {
        CountDownLatch gate = new CountDownLatch(1);
        executor.submit(() -> {
            gate.await();
            return null;
        });
        return gate;
    }

    /** A sampler at stride {@value #STRIDE} from iteration 0, its window's blocks 4 samples long. */
    private static DirectionSampler sampler(NetworkAdapter adapter, DirectionBasis basis) {
        return DirectionSampler.start(basis, adapter.params(), STRIDE, 1, () -> Double.NaN, 0, 4, 64);
    }

    /** A DOUBLE 256-256-16 MLP: 69 904 parameters, so that 16 directions exceed the heap engine's limit. */
    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Sgd(0.01)).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(16)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        assertTrue((long) K * net.numParams() > 1L << 20, "past the heap engine's limit");
        return net;
    }

    /** {@code rows . (theta - reference)}, each summed in coordinate order in double. */
    static double[] project(double[][] rows, double[] theta, double[] reference) {
        double[] s = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            for (int i = 0; i < theta.length; i++) {
                s[k] += rows[k][i] * (theta[i] - reference[i]);
            }
        }
        return s;
    }

    private static void assertClose(double[] expected, double[] got, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], got[k], 1e-9 * Math.abs(expected[k]) + 1e-15, what + " of direction " + k);
        }
    }
}
