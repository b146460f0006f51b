package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * The training run of the report-file fault tests: a d-50-1 tanh MLP (351 parameters, all tracked), 90 minibatches,
 * a window from iteration 20 to 84 that ends inside {@code fit}, so the report is written from a training callback,
 * where a failure must not reach {@code fit}.
 */
final class ReportFaultRuns {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();

    private ReportFaultRuns() {
    }

    /** A fresh network (same seed every call). */
    static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Sgd(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(FX.d).nOut(50).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(50).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    /** A listener writing to {@code file}, all rows in the JSON up to {@code jsonRows}. */
    static ObservatoryListener listener(Path file, int jsonRows) {
        return ObservatoryListener.builder().startAtIteration(20).windowIterations(64).maxLag(8).reservoirBatches(8)
                .perExampleGradients(32).closeUps(1).directions(0).reportFile(file).jsonParameterRows(jsonRows).build();
    }

    /** Trains {@code net} for the 90 minibatches. */
    static void train(MultiLayerNetwork net) {
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 90, SamplingIterator.Order.IID, 5));
    }

    /**
     * Trains a network observed by a listener writing to {@code file} and checks what every report-file fault must
     * give: {@code fit} returns, training is bitwise what it is without the listener, the report is in memory with one
     * REPORT_NOT_WRITTEN finding naming the file and {@code expectedCause}.
     */
    static ObservatoryReport trainExpectingNotWritten(Path file, int jsonRows, String expectedCause) {
        return trainExpectingNotWritten(listener(file, jsonRows), file, expectedCause);
    }

    /** As above, with a listener built beforehand (writing to {@code file}). */
    static ObservatoryReport trainExpectingNotWritten(ObservatoryListener listener, Path file, String expectedCause) {
        MultiLayerNetwork plain = network();
        train(plain);
        MultiLayerNetwork observed = network();
        ObservatoryListener l = listener.attachTo(observed);
        train(observed);
        ObservatoryReport r = l.lastReport().orElseThrow(() -> new AssertionError("the report stays in memory"));
        assertTrue(r == l.report(), "report() returns the in-memory report");
        List<String> said = r.findings(FindingCode.REPORT_NOT_WRITTEN).stream().map(f -> f.message()).toList();
        assertTrue(said.size() == 1 && said.get(0).contains(file.toString()) && said.get(0).contains(expectedCause),
                "one REPORT_NOT_WRITTEN finding naming " + file + " and '" + expectedCause + "': " + said);
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), "not an internal failure: " + r.findings());
        assertTrue(r.parameters().size() == 351, "every row in memory");
        TwinRuns.assertIdentical(plain, observed, "report file fault " + expectedCause);
        return r;
    }

    /** The names of the files in {@code dir} (real paths), sorted. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
