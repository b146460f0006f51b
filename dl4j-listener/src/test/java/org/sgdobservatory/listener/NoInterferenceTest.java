package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.sample.TrackingPlan;

/**
 * Attaching the listener never changes training. Same seed, same data order, with and without
 * the listener (observing, reservoir, fingerprints, probes at the window end): bitwise-identical parameters
 * and updater state (docs/dl4j-behaviour.md#determinism makes this meaningful).
 */
class NoInterferenceTest {

    private static final int ITERATIONS = 300;

    @ParameterizedTest(name = "network={0}")
    @ValueSource(strings = {"MultiLayerNetwork+Sgd", "ComputationGraph+RmsProp", "MultiLayerNetwork+Sgd+subset"})
    void listenerDoesNotChangeTraining(String which) {
        var fx = TestFixtures.independentFeatures();
        LongFunction<Model> make = seed -> which.startsWith("Multi") ? fx.mln(new Sgd(0.05), seed)
                : fx.graph(new RmsProp(0.01, 0.95, 1e-8), seed);
        Model plain = make.apply(5);
        Model observed = make.apply(5);
        ObservatoryConfig.Builder b = ObservatoryListener.builder().startAtIteration(50).windowIterations(200)
                .reservoirBatches(16).hutchinsonProbes(8).perExampleGradients(64);
        if (which.endsWith("subset")) {
            // about 3 parameters fit: exercises the gather path instead of the whole-vector copy
            b.memoryBudgetMegabytes(3.5 * TrackingPlan.bytesPerTrackedParameter() / (1024.0 * 1024.0));
        }
        ObservatoryListener listener = b.build();
        listener.attachTo(observed);

        long t0 = System.nanoTime();
        fit(plain, iterator(fx));
        long t1 = System.nanoTime();
        fit(observed, iterator(fx));
        long t2 = System.nanoTime();
        System.out.printf("%s: %d iterations, plain %.2f ms/it, observed %.2f ms/it%n", which, ITERATIONS,
                (t1 - t0) / 1e6 / ITERATIONS, (t2 - t1) / 1e6 / ITERATIONS);

        assertTrue(listener.lastReport().isPresent(), "the window ended inside training, so a report exists");
        if (which.endsWith("subset")) {
            assertTrue(listener.lastReport().get().cost().trackedParameters() < plain.numParams(), "a subset");
        }
        var cost = listener.lastReport().get().cost();
        System.out.printf("%s: listener cost %.1f ms in %d callbacks, %.1f ms in probes%n", which,
                cost.callbackMillis(), cost.callbacks(), cost.probeMillis());
        assertArrayEquals(plain.params().toFloatVector(), observed.params().toFloatVector(),
                which + ": parameters must be bitwise identical with and without the listener");
        if (plain instanceof ComputationGraph g) {
            assertArrayEquals(g.getUpdater().getStateViewArray().toFloatVector(),
                    ((ComputationGraph) observed).getUpdater().getStateViewArray().toFloatVector(),
                    which + ": RmsProp state must be bitwise identical");
        }
    }

    private static DataSetIterator iterator(LinearRegressionFixture fx) {
        return new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, ITERATIONS, SamplingIterator.Order.IID, 7);
    }

    private static void fit(Model m, DataSetIterator it) {
        if (m instanceof MultiLayerNetwork n) {
            n.fit(it);
        } else {
            ((ComputationGraph) m).fit(it);
        }
    }
}
