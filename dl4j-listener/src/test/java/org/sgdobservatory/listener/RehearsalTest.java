package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * The rehearsal: it runs the whole end of a window on its copy (a report comes out), beside training that stays
 * bitwise what it is without it (dropout draws from the training thread's generator, which the rehearsal's own
 * dropout must not advance; RReLU's activation keeps its slopes between the forward and the backward pass, which the
 * copy must not share), leaves no file and no log line, and runs only when asked and possible.
 */
class RehearsalTest {

    private static final int ITERATIONS = 120;
    private static final int BEFORE_REHEARSAL = 10;

    @Test
    void aRehearsalBesideTrainingRunsTheWindowsEndAndLeavesTrainingBitwiseIdentical() throws Exception {
        ObservatoryConfig config = ObservatoryListener.builder().maxTrackedParameters(20).closeUps(2).config();
        Map<String, Supplier<Model>> networks = new LinkedHashMap<>();
        networks.put("FLOAT MultiLayerNetwork, ReLU with dropout", () -> dropoutNetwork(Activation.RELU));
        networks.put("FLOAT MultiLayerNetwork, RReLU with dropout", () -> dropoutNetwork(Activation.RRELU));
        networks.put("DOUBLE ComputationGraph, RmsProp and L2", RehearsalTest::rmsPropGraph);
        for (Map.Entry<String, Supplier<Model>> network : networks.entrySet()) {
            Model plain = network.getValue().get();
            Model observed = network.getValue().get();
            String what = network.getKey();
            // dropout draws from this thread's generator, which carries on from one network's training to the next
            Nd4j.getRandom().setSeed(99);
            DataSetIterator twin = iterator(ITERATIONS, 7);
            while (twin.hasNext()) {
                Rehearsal.fit(plain, twin.next());
            }
            Nd4j.getRandom().setSeed(99);
            DataSetIterator data = iterator(ITERATIONS, 7);
            DataSet batch = null;
            for (int i = 0; i < BEFORE_REHEARSAL; i++) {
                batch = data.next();
                Rehearsal.fit(observed, batch);
            }
            Rehearsal rehearsal = Rehearsal.start(config, NetworkAdapter.of(observed), batch.getFeatures(),
                    batch.getLabels()).orElseThrow(() -> new AssertionError(what + ": a rehearsal starts"));
            while (data.hasNext()) {
                Rehearsal.fit(observed, data.next());
            }
            Optional<ObservatoryReport> report = rehearsal.join();

            assertTrue(report.isPresent(), what + ": the rehearsal made its report");
            assertEquals(Rehearsal.ITERATIONS, report.get().window().samples(), what + ": its window");
            // RReLU's probes fail in DOUBLE (DL4J draws its slopes in the default type): a finding, not a failure
            assertTrue(report.get().hasFinding(FindingCode.PROBES_SKIPPED) || report.get().parameters().stream()
                    .anyMatch(p -> Double.isFinite(p.probed().curvature().value())), what + ": its probes ran");
            Path dir = rehearsal.directory().orElseThrow(() -> new AssertionError(what + ": it had a directory"));
            assertFalse(Files.exists(dir), what + ": its directory " + dir + " is gone");
            TwinRuns.assertIdentical(plain, observed, what);
        }
    }

    /**
     * The listener's own path: its window's first minibatch starts the rehearsal from {@code onGradientCalculation},
     * and training with the listener and the rehearsal beside it is its twin without either.
     */
    @Test
    void theListenersWindowStartsTheRehearsal() throws Exception {
        Model plain = dropoutNetwork(Activation.RRELU);
        Model observed = dropoutNetwork(Activation.RRELU);
        Optional<Rehearsal> before = Rehearsal.last();
        Rehearsal.allowAnother();
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(5).closeUps(1).rehearse(true)
                .build().attachTo(observed);
        Nd4j.getRandom().setSeed(99);
        TwinRuns.fit(plain, iterator(ITERATIONS, 7));
        Nd4j.getRandom().setSeed(99);
        TwinRuns.fit(observed, iterator(ITERATIONS, 7));
        Rehearsal rehearsal = Rehearsal.last().filter(r -> before.map(b -> b != r).orElse(true))
                .orElseThrow(() -> new AssertionError("the window's start started a rehearsal"));
        assertTrue(rehearsal.join().isPresent(), "the rehearsal made its report");
        listener.report();
        TwinRuns.assertIdentical(plain, observed, "MultiLayerNetwork FLOAT RReLU with the listener");
    }

    @Test
    void aRehearsalLogsNothing() throws Exception {
        Model net = dropoutNetwork(Activation.RELU);
        DataSet batch = iterator(1, 3).next();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Optional<ObservatoryReport> report;
        try {
            report = Rehearsal.start(ObservatoryListener.builder().config(), NetworkAdapter.of(net),
                    batch.getFeatures(), batch.getLabels()).orElseThrow().join();
            // the control: a listener on this thread logs where the capture sees it
            ObservatoryListener.builder().rehearse(false).build().attachTo(net);
            Rehearsal.fit(net, batch);
        } finally {
            System.setErr(err);
        }
        assertTrue(report.isPresent(), "the rehearsal ran");
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("SGD Observatory attached"), "the capture sees the control's line:\n" + log);
        assertFalse(log.contains("sgd-observatory-rehearsal"), "no line from or about the rehearsal's thread:\n" + log);
        assertEquals(1, log.split("SGD Observatory", -1).length - 1, "the control's one line only:\n" + log);
    }

    @Test
    void onlyWhenAskedForAndPossible() {
        Model net = dropoutNetwork(Activation.RELU);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        DataSet batch = iterator(1, 3).next();
        assertFalse(ObservatoryListener.builder().config().rehearse(), "off by default");
        ObservatoryConfig on = ObservatoryListener.builder().rehearse(true).config();
        assertTrue(Rehearsal.wanted(on, adapter, batch.getFeatures(), batch.getLabels()), "rehearse(true): wanted");
        assertFalse(Rehearsal.wanted(ObservatoryListener.builder().rehearse(false).config(), adapter,
                batch.getFeatures(), batch.getLabels()), "rehearse(false): not wanted");
        DataSet one = new DataSet(batch.getFeatures().getRow(0, true), batch.getLabels().getRow(0, true));
        assertFalse(Rehearsal.wanted(on, adapter, one.getFeatures(), one.getLabels()), "a minibatch of one row: no");
    }

    /**
     * A d-8-1 FLOAT network whose hidden layer has dropout: training draws from ND4J's generator every step. With
     * RReLU the activation function itself keeps state between the forward and the backward pass.
     */
    private static Model dropoutNetwork(Activation hidden) {
        int d = TestFixtures.independentFeatures().d;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(d).nOut(8).activation(hidden).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    /** A DOUBLE ComputationGraph with RmsProp and L2 (the no-interference matrix's). */
    private static Model rmsPropGraph() {
        return NoInterferenceMatrixTest.network(new NoInterferenceMatrixTest.Case(DataType.DOUBLE,
                NoInterferenceMatrixTest.Net.COMPUTATION_GRAPH, WorkspaceMode.ENABLED,
                NoInterferenceMatrixTest.Updater.RMSPROP, NoInterferenceMatrixTest.Placement.REPORT_AFTER_TRAINING,
                true));
    }

    private static DataSetIterator iterator(int batches, long seed) {
        return new SamplingIterator(TestFixtures.independentFeatures().dataSet(DataType.FLOAT), 10, batches,
                SamplingIterator.Order.IID, seed);
    }
}
