package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * Fault: networks the observatory cannot fully observe. Each is observed where it can be (every group has tracked
 * parameters with an observed variance); what cannot be done is said once, in a finding that names the layer (or the
 * inputs and outputs) and why; no internal failure; and training is bitwise identical to the same network trained
 * without the listener ({@link TwinRuns}), dropout included (ND4J's generator is seeded before each twin run, and
 * the probes' passes must not advance it).
 *
 * <p>Each network trains 100 minibatches of synthetic data (java.util.Random, fixed seeds); the window starts at
 * iteration 10 and ends after 64; two eigen-directions are looked for (their basis is found during training).
 */
class PartlyObservableNetworksFaultTest {

    private static final int ITERATIONS = 100;

    /**
     * One network kind.
     *
     * @param name the row's name
     * @param network a fresh network (same seed every call)
     * @param batch the i-th training minibatch ({@link DataSet} or {@link MultiDataSet})
     * @param expected the finding code that must say what is not observed, if any
     * @param mustMention what that finding (exactly one of its code) must mention
     */
    record Kind(String name, Supplier<Model> network, IntFunction<Object> batch, FindingCode expected,
                String mustMention) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("LSTM", PartlyObservableNetworksFaultTest::lstm, i -> sequences(i, 5), FindingCode.CURVATURE_METHOD,
                        "Hutchinson"),
                new Kind("LSTM, sequence length varying 3..7", PartlyObservableNetworksFaultTest::lstm,
                        i -> sequences(i, 3 + i % 5), FindingCode.RESERVOIR_LIMITED, "another shape"),
                new Kind("convolution + batch normalisation", PartlyObservableNetworksFaultTest::convBatchNorm, i -> {
                    Random r = new Random(i);
                    return new DataSet(gauss(r, 8, 1, 6, 6), oneHot(r, 8, 3));
                }, FindingCode.UNSUPPORTED_UPDATER, "layer 1 (BatchNormalization)"),
                new Kind("dropout", () -> dense(true, false), PartlyObservableNetworksFaultTest::regression,
                        FindingCode.CURVATURE_METHOD, "Hutchinson"),
                new Kind("frozen layer", () -> dense(false, true), PartlyObservableNetworksFaultTest::regression,
                        FindingCode.UNSUPPORTED_UPDATER, "layer 0 (FrozenLayer)"),
                new Kind("embedding", PartlyObservableNetworksFaultTest::embedding, i -> {
                    Random r = new Random(i);
                    float[][] idx = new float[10][1];
                    for (float[] row : idx) {
                        row[0] = r.nextInt(20);
                    }
                    return new DataSet(Nd4j.createFromArray(idx), oneHot(r, 10, 3));
                }, FindingCode.CURVATURE_METHOD, "Hutchinson"),
                new Kind("ComputationGraph with two inputs and two outputs", PartlyObservableNetworksFaultTest::twoByTwo,
                        i -> {
                            Random r = new Random(i);
                            return new MultiDataSet(new INDArray[] {gauss(r, 10, 3), gauss(r, 10, 2)},
                                    new INDArray[] {gauss(r, 10, 1), oneHot(r, 10, 2)});
                        }, FindingCode.PROBES_SKIPPED, "2 inputs (a, b) and 2 outputs (o1, o2)"),
                new Kind("minibatch size 10, every 8th minibatch 4 (an epoch's remainder)", () -> dense(false, false),
                        i -> regression(i, i % 8 == 7 ? 4 : 10), FindingCode.MINIBATCH_SIZE_VARIED, "B = 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void observedWherePossibleAndTrainingUnaffected(Kind kind) {
        Model plain = kind.network().get();
        Model observed = kind.network().get();
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(10).windowIterations(64).maxLag(8)
                .reservoirBatches(8).perExampleGradients(32).hutchinsonProbes(4).closeUps(2).directions(2).build()
                .attachTo(observed);
        train(plain, kind);
        train(observed, kind);

        String what = kind.name();
        ObservatoryReport r = listener.lastReport().orElseThrow(() -> new AssertionError(what + ": no report"));
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), what + ": no internal failure: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.NETWORK_ALTERED), what + ": training network untouched: " + r.findings());
        assertEquals(64, r.window().samples(), what + ": every iteration of the window observed");
        for (GroupReport g : r.groups()) {
            assertTrue(g.counts().tracked() >= 1, what + ": group " + g.key() + " tracked");
        }
        assertTrue(r.parameters().stream().allMatch(p -> Double.isFinite(p.observed().variance().value())),
                what + ": every tracked parameter has an observed variance");
        List<Finding> said = r.findings(kind.expected()).stream()
                .filter(f -> f.message().contains(kind.mustMention())).toList();
        assertEquals(1, said.size(), what + ": exactly one " + kind.expected() + " finding mentioning '"
                + kind.mustMention() + "': " + r.findings(kind.expected()));
        assertFalse(said.get(0).message().contains("\n"), what + ": one line: " + said.get(0).message());
        TwinRuns.assertIdentical(plain, observed, what);
    }

    private static void train(Model m, Kind kind) {
        Nd4j.getRandom().setSeed(99);
        for (int i = 0; i < ITERATIONS; i++) {
            Object b = kind.batch().apply(i);
            if (m instanceof MultiLayerNetwork n) {
                n.fit((DataSet) b);
            } else if (b instanceof MultiDataSet md) {
                ((ComputationGraph) m).fit(md);
            } else {
                ((ComputationGraph) m).fit((DataSet) b);
            }
        }
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.02)).weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT);
    }

    private static Model lstm() {
        MultiLayerNetwork n = new MultiLayerNetwork(base().list()
                .layer(new LSTM.Builder().nIn(3).nOut(6).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        n.init();
        return n;
    }

    private static Model convBatchNorm() {
        MultiLayerNetwork n = new MultiLayerNetwork(base().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(6, 6, 1)).build());
        n.init();
        return n;
    }

    private static Model dense(boolean dropout, boolean frozenFirst) {
        DenseLayer.Builder hidden = new DenseLayer.Builder().nIn(5).nOut(8).activation(Activation.RELU);
        if (dropout) {
            hidden.dropOut(0.8);
        }
        MultiLayerNetwork n = new MultiLayerNetwork(base().list()
                .layer(frozenFirst ? new FrozenLayer(hidden.build()) : hidden.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        n.init();
        return n;
    }

    private static Model embedding() {
        MultiLayerNetwork n = new MultiLayerNetwork(base().list()
                .layer(new EmbeddingLayer.Builder().nIn(20).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        n.init();
        return n;
    }

    private static Model twoByTwo() {
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("a", "b")
                .addLayer("da", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "a")
                .addLayer("db", new DenseLayer.Builder().nIn(2).nOut(4).activation(Activation.TANH).build(), "b")
                .addVertex("m", new MergeVertex(), "da", "db")
                .addLayer("o1", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build(), "m")
                .addLayer("o2", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "m")
                .setOutputs("o1", "o2").build());
        g.init();
        return g;
    }

    private static Object regression(int i) {
        return regression(i, 10);
    }

    private static Object regression(int i, int rows) {
        Random r = new Random(i);
        return new DataSet(gauss(r, rows, 5), gauss(r, rows, 1));
    }

    private static Object sequences(int i, int length) {
        Random r = new Random(i);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 2, length);
        for (int a = 0; a < 8; a++) {
            for (int t = 0; t < length; t++) {
                labels.putScalar(new int[] {a, r.nextInt(2), t}, 1);
            }
        }
        return new DataSet(gauss(r, 8, 3, length), labels);
    }

    private static INDArray gauss(Random r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    private static INDArray oneHot(Random r, int rows, int classes) {
        float[][] v = new float[rows][classes];
        for (float[] row : v) {
            row[r.nextInt(classes)] = 1;
        }
        return Nd4j.createFromArray(v);
    }
}
