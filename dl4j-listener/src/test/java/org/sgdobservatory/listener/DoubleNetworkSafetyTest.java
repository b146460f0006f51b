package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.LiveNetworkState;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.report.model.FindingCode;

/**
 * Attaching the observatory never changes what the user trains, whatever the network's data type: a network
 * trained with the listener ends bitwise identical (parameters, updater state, counters, the model saved by
 * {@code ModelSerializer}) to the same network trained without it, for DOUBLE as for FLOAT networks, for both
 * network types and for every place the report can be made (the window ending inside {@code fit},
 * {@code report()} called between two {@code fit} calls while the window is open, {@code report()} after
 * training). DL4J's training is deterministic for a fixed seed and data order on this backend, so any
 * difference is the listener's doing.
 *
 * <p>The DOUBLE cases pin a DL4J behaviour the probes depend on: {@code convertDataType(DOUBLE)} on a network
 * that is already DOUBLE returns the network itself, so a probe copy made that way would run on the training
 * network ({@link #convertDataTypeOnDoubleNetworkIsNotACopy}).
 */
class DoubleNetworkSafetyTest {

    private static final int ITERATIONS = 150;
    private static final int FIRST_FIT = 80;

    /** Where the report is made. */
    enum Placement {
        /** The window (start 30, 100 iterations) ends inside one {@code fit} call of 150 iterations. */
        WINDOW_ENDS_INSIDE_FIT,
        /** An open window; {@code report()} after the first of two {@code fit} calls (80 + 70 iterations). */
        REPORT_MID_WINDOW,
        /** An open window; {@code report()} after training (one {@code fit} of 150 iterations). */
        REPORT_AFTER_TRAINING
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (String network : List.of("MultiLayerNetwork", "ComputationGraph")) {
                for (String updater : List.of("Sgd+L2", "RmsProp")) {
                    for (Placement placement : Placement.values()) {
                        out.add(Arguments.of(type, network, updater, placement));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void trainingWithTheListenerIsBitwiseIdentical(DataType type, String network, String updater,
                                                   Placement placement) throws IOException {
        Model plain = network(type, network, updater);
        Model observed = network(type, network, updater);
        ObservatoryConfig.Builder b = ObservatoryListener.builder().startAtIteration(30)
                .reservoirBatches(16).hutchinsonProbes(8).perExampleGradients(64).closeUps(2)
                .fullBlockPredictions(20);
        if (placement == Placement.WINDOW_ENDS_INSIDE_FIT) {
            b.windowIterations(100);
        }
        ObservatoryListener listener = b.build().attachTo(observed);

        DataSetIterator data = iterator(type, ITERATIONS, 7);
        DataSetIterator first = iterator(type, FIRST_FIT, 7);
        DataSetIterator rest = iterator(type, ITERATIONS - FIRST_FIT, 8);
        if (placement == Placement.REPORT_MID_WINDOW) {
            fit(plain, first);
            fit(plain, rest);
            fit(observed, iterator(type, FIRST_FIT, 7));
            listener.report();
            fit(observed, iterator(type, ITERATIONS - FIRST_FIT, 8));
        } else {
            fit(plain, data);
            fit(observed, iterator(type, ITERATIONS, 7));
            if (placement == Placement.REPORT_AFTER_TRAINING) {
                listener.report();
            }
        }

        String what = type + " " + network + " " + updater + " " + placement;
        assertTrue(listener.lastReport().isPresent(), what + ": a report exists");
        assertFalse(listener.lastReport().get().hasFinding(FindingCode.NETWORK_ALTERED), what + ": the listener's own"
                + " invariant check saw no change: " + listener.lastReport().get().findings());
        assertTrue(listener.lastReport().get().parameters().stream().anyMatch(p -> Double.isFinite(p.probed().curvature().value())),
                what + ": the probes ran (the copy they ran on is what this test is about)");
        assertArrayEquals(bytes(plain.params()), bytes(observed.params()),
                what + ": parameters must be bitwise identical with and without the listener");
        assertArrayEquals(bytes(NetworkAdapter.of(plain).updaterStateView().orElse(plain.params().like())),
                bytes(NetworkAdapter.of(observed).updaterStateView().orElse(observed.params().like())),
                what + ": updater state must be bitwise identical");
        assertEquals(NetworkAdapter.of(plain).iterationCount(), NetworkAdapter.of(observed).iterationCount(),
                what + ": iteration counter");
        assertEquals(saved(plain), saved(observed), what + ": the model saved by ModelSerializer (every zip entry)"
                + " must be byte for byte identical");
    }

    /**
     * The DL4J behaviour behind the probe copy: {@code convertDataType(DOUBLE)} returns the same network when it
     * is already DOUBLE, so the listener must clone instead; its copy is a different object with its own buffers.
     */
    @Test
    void convertDataTypeOnDoubleNetworkIsNotACopy() {
        MultiLayerNetwork net = (MultiLayerNetwork) network(DataType.DOUBLE, "MultiLayerNetwork", "Sgd+L2");
        assertTrue(net.convertDataType(DataType.DOUBLE) == net,
                "DL4J 1.0.0-M2.1: convertDataType(DOUBLE) on a DOUBLE network returns the network itself; if this"
                        + " fails DL4J changed and the clone in NetworkAdapter.doublePrecisionCopy may be dropped");
        NetworkAdapter adapter = NetworkAdapter.of(net);
        NetworkAdapter copy = adapter.doublePrecisionCopy();
        assertNotSame(net, copy.model(), "the probe copy is another network");
        LiveNetworkState before = LiveNetworkState.of(adapter);
        copy.setParams(copy.params().mul(2).addi(1));
        assertEquals("", LiveNetworkState.of(adapter).differencesFrom(before),
                "writing the copy's parameters leaves the training network untouched");
    }

    /**
     * The other DL4J shortcut the probe copy avoids: {@code ComputationGraph.clone()} shares the listener collection
     * with the original, so changing the clone's listeners changes the training network's.
     */
    @Test
    void computationGraphCloneSharesItsListeners() {
        ComputationGraph net = (ComputationGraph) network(DataType.DOUBLE, "ComputationGraph", "Sgd+L2");
        net.setListeners(new org.deeplearning4j.optimize.listeners.ScoreIterationListener(1000));
        ComputationGraph clone = net.clone();
        clone.setListeners(new ArrayList<org.deeplearning4j.optimize.api.TrainingListener>());
        assertTrue(net.getListeners().isEmpty(), "DL4J 1.0.0-M2.1: clearing a ComputationGraph clone's listeners"
                + " clears the original's; if this fails DL4J changed (the probe copy does not depend on it)");
        NetworkAdapter adapter = NetworkAdapter.of(net);
        net.setListeners(new org.deeplearning4j.optimize.listeners.ScoreIterationListener(1000));
        LiveNetworkState before = LiveNetworkState.of(adapter);
        NetworkAdapter copy = adapter.doublePrecisionCopy();
        assertTrue(copy.listeners().isEmpty(), "the probe copy has no listeners");
        copy.setParams(copy.params().mul(2));
        assertEquals("", LiveNetworkState.of(adapter).differencesFrom(before), "the training network is untouched");
    }

    /** The invariant check notices a changed parameter (so the bitwise test above is not vacuous). */
    @Test
    void liveNetworkStateSeesAChangedParameter() {
        Model net = network(DataType.DOUBLE, "MultiLayerNetwork", "Sgd+L2");
        NetworkAdapter adapter = NetworkAdapter.of(net);
        LiveNetworkState before = LiveNetworkState.of(adapter);
        INDArray p = net.params();
        p.putScalar(0, Math.nextUp(p.getDouble(0)));
        assertEquals("parameters", LiveNetworkState.of(adapter).differencesFrom(before),
                "one ulp in one parameter is a difference");
    }

    private static Model network(DataType type, String kind, String updater) {
        IUpdater u = updater.startsWith("Sgd") ? new Sgd(0.05) : new RmsProp(0.01, 0.95, 1e-8);
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(5).updater(u)
                .weightInit(WeightInit.XAVIER).dataType(type);
        if (updater.endsWith("L2")) {
            b.l2(1e-3);
        }
        int d = TestFixtures.independentFeatures().d;
        DenseLayer hidden = new DenseLayer.Builder().nIn(d).nOut(4).activation(Activation.RELU).build();
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                .activation(Activation.IDENTITY).build();
        if (kind.equals("MultiLayerNetwork")) {
            MultiLayerNetwork net = new MultiLayerNetwork(b.list().layer(hidden).layer(out).build());
            net.init();
            return net;
        }
        ComputationGraph g = new ComputationGraph(b.graphBuilder().addInputs("in").addLayer("hidden", hidden, "in")
                .addLayer("out", out, "hidden").setOutputs("out").build());
        g.init();
        return g;
    }

    private static DataSetIterator iterator(DataType type, int batches, long seed) {
        return new SamplingIterator(TestFixtures.independentFeatures().dataSet(type), 10, batches,
                SamplingIterator.Order.IID, seed);
    }

    private static void fit(Model m, DataSetIterator it) {
        if (m instanceof MultiLayerNetwork n) {
            n.fit(it);
        } else {
            ((ComputationGraph) m).fit(it);
        }
    }

    private static byte[] bytes(INDArray a) {
        return a.data().asBytes();
    }

    /**
     * The entries of the model zip written by {@code ModelSerializer} (updater included), name to content. The
     * zip's own bytes also hold each entry's write time, which differs between two saves.
     */
    private static Map<String, String> saved(Model m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(m, out, true);
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(zip.readAllBytes())));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }
}
