package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The probes' shared passes: every task runs once, on threads that really run at once, a failure reaches the
 * caller, and the numbers are bit for bit those of one thread (each pass computes on its own what it computes
 * alone, and the results are combined in a fixed order).
 */
class ProbeThreadsTest {

    @Test
    void everyTaskRunsOnceAndEachThreadMakesOneWorker() {
        for (int limit = 1; limit <= 4; limit++) {
            for (int tasks : new int[] {0, 1, 3, 17}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, tasks));
                Set<Thread> makers = ConcurrentHashMap.newKeySet();
                Set<Integer> indices = ConcurrentHashMap.newKeySet();
                Thread caller = Thread.currentThread();
                new ProbeThreads(limit).run(tasks, thread -> {
                    assertTrue(makers.add(Thread.currentThread()), "one worker per thread");
                    assertTrue(indices.add(thread), "one worker per index");
                    assertEquals(thread == 0, Thread.currentThread() == caller, "worker 0 is the caller's");
                    return runs::incrementAndGet;
                });
                for (int i = 0; i < tasks; i++) {
                    assertEquals(1, runs.get(i), "task " + i + " of " + tasks + ", limit " + limit);
                }
                assertTrue(makers.size() <= Math.min(limit, Math.max(tasks, 1)), "threads used");
            }
        }
    }

    /** Two tasks that each wait for the other to start finish only if two threads run them at once. */
    @Test
    void twoThreadsRunAtOnce() {
        CountDownLatch both = new CountDownLatch(2);
        AtomicIntegerArray met = new AtomicIntegerArray(2);
        new ProbeThreads(2).run(2, thread -> task -> {
            both.countDown();
            try {
                met.set(task, both.await(20, TimeUnit.SECONDS) ? 1 : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(1, met.get(0));
        assertEquals(1, met.get(1));
    }

    @Test
    void aFailureReachesTheCallerOnceEveryThreadHasStopped() {
        IllegalStateException boom = new IllegalStateException("boom");
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> new ProbeThreads(3).run(50,
                thread -> task -> {
                    seen.add(Thread.currentThread());
                    if (task == 7) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        for (Thread t : seen) {
            assertTrue(!t.isAlive() || t == Thread.currentThread(), t.getName() + " still running");
        }
        assertThrows(IllegalArgumentException.class, () -> new ProbeThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ProbeThreads.of(-1));
        assertEquals(3, ProbeThreads.of(3).limit());
        assertTrue(ProbeThreads.of(ProbeThreads.AUTO).limit() >= 1);
    }

    /**
     * The noise along directions (exact single-precision derivatives, the directions shared among threads) and the
     * exact Gauss-Newton diagonal (the classes' backward passes shared) on an MLP with three classes: the same bits
     * with one, two and three threads.
     */
    @Test
    void theNumbersDoNotDependOnTheThreads() {
        MultiLayerNetwork net = DenseTestNetworks.mlp(12, 16, Activation.RELU, Activation.RELU, Activation.SOFTMAX,
                LossFunction.MCXENT, 1e-3, 0.01);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        int p = (int) adapter.numParams();
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(p);
        MiniBatch examples = examples(300, 12, DenseTestNetworks.OUT, new Random(3));
        DirectionBasis basis = DirectionBases.random(adapter, 5, 11);
        DenseStack stack = adapter.denseStack().orElseThrow();
        long[] tracked = {0, 5, 100, p - 1};

        double[][] noise1 = noise(adapter, theta, examples, basis, ProbeThreads.SINGLE);
        double[] diagonal1 = diagonal(stack, p, theta, examples, ProbeThreads.SINGLE);
        double[][] rows1 = trackedRows(stack, p, theta, examples, tracked, ProbeThreads.SINGLE);
        assertTrue(noise1[0][0] > 0 && diagonal1[0] > 0, "something was measured");
        // a thread other than the caller's takes a sibling of the caller's work arrays, whichever tasks it gets
        DenseHessianProduct.Derivatives pass = new GradientProbes(adapter, 0, 0).exactHessianProduct(theta, examples)
                .orElseThrow().singlePrecision();
        DenseHessianProduct.Derivatives sibling = pass.sibling();
        for (int k = 0; k < basis.size(); k++) {
            double[][] own = pass.along(basis.noiseDirection(k));
            double[][] other = sibling.along(basis.noiseDirection(k));
            assertArrayEquals(own[0], other[0], 0.0, "d along direction " + k);
            assertArrayEquals(own[1], other[1], 0.0, "q along direction " + k);
        }
        for (int threads : new int[] {2, 3}) {
            ProbeThreads t = new ProbeThreads(threads);
            double[][] noise = noise(adapter, theta, examples, basis, t);
            for (int k = 0; k < noise1.length; k++) {
                assertArrayEquals(noise1[k], noise[k], 0.0, "direction " + k + ", " + threads + " threads");
            }
            assertArrayEquals(diagonal1, diagonal(stack, p, theta, examples, t), 0.0, threads + " threads");
            double[][] rows = trackedRows(stack, p, theta, examples, tracked, t);
            for (int i = 0; i < tracked.length; i++) {
                assertArrayEquals(rows1[i], rows[i], 0.0, "tracked " + tracked[i] + ", " + threads + " threads");
            }
        }
    }

    private static double[][] noise(NetworkAdapter adapter, INDArray theta, MiniBatch examples, DirectionBasis basis,
                                    ProbeThreads threads) {
        GradientProbes probes = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO, threads);
        return DirectionNoiseProbe.measure(new ProbeCopy(probes, theta, examples, List.of()), basis, 8);
    }

    private static double[] diagonal(DenseStack stack, int p, INDArray theta, MiniBatch examples,
                                     ProbeThreads threads) {
        return GaussNewtonDiagonal.of(stack, p, threads).orElseThrow().diagonal(theta, examples).toDoubleVector();
    }

    private static double[][] trackedRows(DenseStack stack, int p, INDArray theta, MiniBatch examples, long[] tracked,
                                          ProbeThreads threads) {
        DenseBatchGradients.Forward f = DenseBatchGradients.forward(stack, theta, examples.features());
        return GaussNewtonDiagonal.of(stack, p, threads).orElseThrow().trackedRows(f, null, tracked);
    }

    /** Gaussian features and one-hot labels. */
    private static MiniBatch examples(int m, int in, int classes, Random rnd) {
        double[][] x = new double[m][in];
        double[][] y = new double[m][classes];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < in; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i][rnd.nextInt(classes)] = 1;
        }
        return new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }
}
