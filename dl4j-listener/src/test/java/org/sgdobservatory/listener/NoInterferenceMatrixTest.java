package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.updater.VarianceNormalizedSgd;

/**
 * Attaching the observatory never changes what the user trains, over the factors that change DL4J's code path:
 * data type x network type x workspace mode x updater x where the report is made (x L2 on or off). A network
 * trained with the listener ends bitwise identical to its twin trained without it ({@link TwinRuns}: parameters,
 * updater state, counters, the model saved by {@code ModelSerializer}). DL4J's training is deterministic for a fixed
 * seed and data order on this backend, so any difference is the listener's doing.
 *
 * <p>Design: the full product has 3 x 2 x 2 x 5 x 3 x 2 = 360 cases (180 without the L2 factor), about 2 s each. The
 * {@link #CASES} table is a covering array of strength 2: every pair of levels of every two factors occurs in at
 * least one of its 16 rows (117 pairs, checked by {@link #everyPairOfLevelsIsCovered}), and DOUBLE, the data type
 * whose probe copy once ran on the training network, occurs with every network type and report placement together
 * (6 triples). 16 rows is close to the least possible: updater x placement alone needs 15.
 *
 * <p>HALF: DL4J 1.0.0-M2.1 on the CPU backend trains HALF networks ({@link #halfPrecisionTrainsOnTheCpuBackend}),
 * but an epsilon of 1e-8, Adam's default, is 0 in HALF (its smallest subnormal is 6e-8), so Adam's first steps divide
 * 0 by 0; the adaptive updaters here use epsilon 1e-3 in every row.
 */
class NoInterferenceMatrixTest {

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

    /** The updaters: the four with a theory, and Adam (observed, not predicted). */
    enum Updater {
        SGD, RMSPROP, NESTEROVS, VARIANCE_NORMALIZED_SGD, ADAM;

        IUpdater create() {
            return switch (this) {
                case SGD -> new Sgd(0.05);
                case RMSPROP -> new RmsProp(0.01, 0.95, 1e-3);
                case NESTEROVS -> new Nesterovs(0.02, 0.9);
                case VARIANCE_NORMALIZED_SGD -> new VarianceNormalizedSgd(1e-3, 0.99, 1e-3);
                case ADAM -> new Adam(0.01, 0.9, 0.999, 1e-3);
            };
        }
    }

    /** Network type. */
    enum Net { MULTI_LAYER_NETWORK, COMPUTATION_GRAPH }

    /** One row of the covering array. */
    record Case(DataType type, Net net, WorkspaceMode workspaces, Updater updater, Placement placement, boolean l2) {
        @Override
        public String toString() {
            return type + " " + net + " workspaces=" + workspaces + " " + updater + " " + placement + (l2 ? " L2" : "");
        }
    }

    private static final DataType F = DataType.FLOAT;
    private static final DataType D = DataType.DOUBLE;
    private static final DataType H = DataType.HALF;
    private static final Net MLN = Net.MULTI_LAYER_NETWORK;
    private static final Net CG = Net.COMPUTATION_GRAPH;
    private static final WorkspaceMode ON = WorkspaceMode.ENABLED;
    private static final WorkspaceMode OFF = WorkspaceMode.NONE;

    /** The covering array (found by a greedy search over the 360 cases; its coverage is checked below). */
    static final List<Case> CASES = List.of(
            new Case(F, MLN, OFF, Updater.SGD, Placement.REPORT_AFTER_TRAINING, true),
            new Case(F, CG, OFF, Updater.RMSPROP, Placement.WINDOW_ENDS_INSIDE_FIT, false),
            new Case(F, CG, ON, Updater.NESTEROVS, Placement.WINDOW_ENDS_INSIDE_FIT, false),
            new Case(F, MLN, OFF, Updater.VARIANCE_NORMALIZED_SGD, Placement.REPORT_MID_WINDOW, true),
            new Case(F, CG, ON, Updater.ADAM, Placement.REPORT_MID_WINDOW, false),
            new Case(D, MLN, ON, Updater.SGD, Placement.REPORT_MID_WINDOW, false),
            new Case(D, CG, OFF, Updater.RMSPROP, Placement.REPORT_MID_WINDOW, true),
            new Case(D, MLN, ON, Updater.RMSPROP, Placement.REPORT_AFTER_TRAINING, false),
            new Case(D, CG, ON, Updater.NESTEROVS, Placement.REPORT_AFTER_TRAINING, true),
            new Case(D, CG, OFF, Updater.VARIANCE_NORMALIZED_SGD, Placement.WINDOW_ENDS_INSIDE_FIT, true),
            new Case(D, MLN, OFF, Updater.ADAM, Placement.WINDOW_ENDS_INSIDE_FIT, true),
            new Case(H, CG, ON, Updater.SGD, Placement.WINDOW_ENDS_INSIDE_FIT, false),
            new Case(H, CG, OFF, Updater.RMSPROP, Placement.WINDOW_ENDS_INSIDE_FIT, true),
            new Case(H, MLN, OFF, Updater.NESTEROVS, Placement.REPORT_MID_WINDOW, true),
            new Case(H, MLN, ON, Updater.VARIANCE_NORMALIZED_SGD, Placement.REPORT_AFTER_TRAINING, false),
            new Case(H, MLN, OFF, Updater.ADAM, Placement.REPORT_AFTER_TRAINING, false));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainingWithTheListenerIsBitwiseIdentical(Case c) {
        Model plain = network(c);
        Model observed = network(c);
        ObservatoryBuilder b = ObservatoryListener.builder().startAtIteration(30)
                .reservoirBatches(16).hutchinsonProbes(8).perExampleGradients(64).closeUps(2)
                .fullBlockPredictions(20);
        if (c.placement() == Placement.WINDOW_ENDS_INSIDE_FIT) {
            b.windowIterations(100);
        }
        ObservatoryListener listener = b.build().attachTo(observed);

        if (c.placement() == Placement.REPORT_MID_WINDOW) {
            TwinRuns.fit(plain, iterator(FIRST_FIT, 7));
            TwinRuns.fit(plain, iterator(ITERATIONS - FIRST_FIT, 8));
            TwinRuns.fit(observed, iterator(FIRST_FIT, 7));
            listener.report();
            TwinRuns.fit(observed, iterator(ITERATIONS - FIRST_FIT, 8));
        } else {
            TwinRuns.fit(plain, iterator(ITERATIONS, 7));
            TwinRuns.fit(observed, iterator(ITERATIONS, 7));
            if (c.placement() == Placement.REPORT_AFTER_TRAINING) {
                listener.report();
            }
        }

        String what = c.toString();
        ObservatoryReport r = listener.lastReport().orElseThrow(() -> new AssertionError(what + ": no report"));
        assertFalse(r.hasFinding(FindingCode.NETWORK_ALTERED), what + ": the listener's own invariant check saw no"
                + " change: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), what + ": no internal failure: " + r.findings());
        assertTrue(r.parameters().stream().anyMatch(p -> Double.isFinite(p.probed().curvature().value())),
                what + ": the probes ran (the copy they run on is part of what this test is about)");
        if (c.updater() == Updater.ADAM) {
            assertTrue(r.hasFinding(FindingCode.UNSUPPORTED_UPDATER), what + ": Adam is observed, not predicted");
            assertTrue(r.parameters().stream().noneMatch(p -> p.prediction().predicted()), what + ": no prediction");
        }
        TwinRuns.assertIdentical(plain, observed, what);
    }

    /** The claim of the class comment: every pair of levels occurs, and DOUBLE with every network and placement. */
    @Test
    void everyPairOfLevelsIsCovered() {
        List<List<Object>> levels = List.of(List.of(F, D, H), List.of((Object[]) Net.values()),
                List.of(ON, OFF), List.of((Object[]) Updater.values()), List.of((Object[]) Placement.values()),
                List.of(false, true));
        Set<List<Object>> covered = new HashSet<>();
        for (Case c : CASES) {
            List<Object> row = List.of(c.type(), c.net(), c.workspaces(), c.updater(), c.placement(), c.l2());
            for (int i = 0; i < row.size(); i++) {
                for (int j = i + 1; j < row.size(); j++) {
                    covered.add(List.of(i, row.get(i), j, row.get(j)));
                }
            }
        }
        List<List<Object>> missing = new ArrayList<>();
        int pairs = 0;
        for (int i = 0; i < levels.size(); i++) {
            for (int j = i + 1; j < levels.size(); j++) {
                for (Object a : levels.get(i)) {
                    for (Object b : levels.get(j)) {
                        pairs++;
                        if (!covered.contains(List.of(i, a, j, b))) {
                            missing.add(List.of(a, b));
                        }
                    }
                }
            }
        }
        assertEquals(117, pairs, "pairs of levels over the six factors");
        assertTrue(missing.isEmpty(), "pairs not covered by the " + CASES.size() + " rows: " + missing);
        for (Net n : Net.values()) {
            for (Placement p : Placement.values()) {
                assertTrue(CASES.stream().anyMatch(c -> c.type() == D && c.net() == n && c.placement() == p),
                        "DOUBLE with " + n + " and " + p);
            }
        }
        assertEquals(16, CASES.size(), "rows of the covering array");
    }

    /**
     * The HALF rows are meaningful: DL4J 1.0.0-M2.1 on the CPU backend trains a HALF network (finite parameters that
     * moved), and with Adam's default epsilon 1e-8, which is 0 in HALF, it produces NaN parameters (why the matrix uses
     * epsilon 1e-3). If this fails, DL4J's HALF support changed and the matrix's HALF rows should be revisited.
     */
    @Test
    void halfPrecisionTrainsOnTheCpuBackend() {
        Model sgd = network(new Case(H, MLN, ON, Updater.SGD, Placement.REPORT_AFTER_TRAINING, false));
        float[] before = sgd.params().toFloatVector();
        TwinRuns.fit(sgd, iterator(100, 7));
        float[] after = sgd.params().toFloatVector();
        assertEquals(DataType.HALF, sgd.params().dataType(), "parameters stay HALF");
        boolean moved = false;
        for (int i = 0; i < after.length; i++) {
            assertTrue(Float.isFinite(after[i]), "HALF + Sgd: parameter " + i + " finite, was " + after[i]);
            moved |= after[i] != before[i];
        }
        assertTrue(moved, "HALF + Sgd: training moved the parameters");

        MultiLayerNetwork adam = new MultiLayerNetwork(config(H, WorkspaceMode.ENABLED, new Adam(0.01), false).list()
                .layer(hidden()).layer(output()).build());
        adam.init();
        adam.fit(iterator(100, 7));
        assertTrue(Float.isNaN(adam.params().getFloat(0)), "DL4J 1.0.0-M2.1: HALF + Adam(epsilon 1e-8) gives NaN"
                + " parameters; was " + adam.params().getFloat(0));
    }

    private static NeuralNetConfiguration.Builder config(DataType type, WorkspaceMode ws, IUpdater u, boolean l2) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(5).updater(u)
                .weightInit(WeightInit.XAVIER).dataType(type).trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
        if (l2) {
            b.l2(1e-3);
        }
        return b;
    }

    private static DenseLayer hidden() {
        return new DenseLayer.Builder().nIn(TestFixtures.independentFeatures().d).nOut(4).activation(Activation.RELU)
                .build();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY)
                .build();
    }

    /** A d-4-1 ReLU network with MSE: a dense stack, so the probes take the exact-curvature path. */
    static Model network(Case c) {
        NeuralNetConfiguration.Builder b = config(c.type(), c.workspaces(), c.updater().create(), c.l2());
        if (c.net() == Net.MULTI_LAYER_NETWORK) {
            MultiLayerNetwork net = new MultiLayerNetwork(b.list().layer(hidden()).layer(output()).build());
            net.init();
            return net;
        }
        ComputationGraph g = new ComputationGraph(b.graphBuilder().addInputs("in").addLayer("hidden", hidden(), "in")
                .addLayer("out", output(), "hidden").setOutputs("out").build());
        g.init();
        return g;
    }

    private static DataSetIterator iterator(int batches, long seed) {
        return new SamplingIterator(TestFixtures.independentFeatures().dataSet(DataType.FLOAT), 10, batches,
                SamplingIterator.Order.IID, seed);
    }
}
