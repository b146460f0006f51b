package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * End to end on a real, non-quadratic network: the digits MLP 64-64-10 (ReLU, softmax, cross-entropy, L2)
 * trained with a reshuffling iterator; the listener tracks a budgeted subset, probes from its reservoir and
 * writes strict JSON. Checks robustness, not theory.
 */
@Tag("slow")
class DigitsSmokeTest {

    static DataSet digits() throws Exception {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                DigitsSmokeTest.class.getResourceAsStream("/data/digits.csv.gz")), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] p = line.split(",");
                float[] v = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    v[i] = Float.parseFloat(p[i]);
                }
                rows.add(v);
            }
        }
        float[][] x = new float[rows.size()][64];
        float[][] y = new float[rows.size()][10];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 64; j++) {
                x[i][j] = rows.get(i)[j] / 16f;
            }
            y[i][(int) rows.get(i)[64]] = 1f;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    @Test
    void observesADigitsMlp(@TempDir Path dir) throws Exception {
        DataSet data = digits();
        assertEquals(1797, data.numExamples(), "bundled digits data");
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Sgd(0.1)).l2(1e-4).weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Path file = dir.resolve("digits-report.json");
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(1000).windowIterations(800)
                .memoryBudgetMegabytes(0.5).reservoirBatches(16).perExampleGradients(256).hutchinsonProbes(16)
                .reportFile(file).build().attachTo(net);
        int perEpoch = data.numExamples() / 32;
        net.fit(new SamplingIterator(data, 32, perEpoch, SamplingIterator.Order.RESHUFFLE, 5), 33);
        ObservatoryReport r = l.lastReport().orElseThrow();
        System.out.println("digits: " + r.groups().stream().map(g -> g.key() + ": " + g.judgement().explanation()).toList());
        System.out.println("digits: data order " + r.dataOrder().detected() + " epoch " + r.dataOrder().epochLengthExamples()
                + "; cost " + r.cost());
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), "no internal failure: " + r.findings());
        assertEquals(4, r.groups().size(), "0_W, 0_b, 1_W, 1_b");
        assertEquals(DataOrder.RESHUFFLED, r.dataOrder().detected(), r.dataOrder().evidence());
        assertEquals(perEpoch * 32L, r.dataOrder().epochLengthExamples(), "epoch length: full batches only");
        for (ParameterReport p : r.parameters()) {
            assertTrue(p.observed().variance().value() >= 0 && Double.isFinite(p.probed().curvature().value()) && Double.isFinite(p.probed().noiseVariance().value()),
                    "finite measurements for " + p.key() + "[" + p.index() + "]");
        }
        assertEquals(ObservatoryReport.SCHEMA_VERSION, new ObjectMapper().readTree(Files.readString(file))
                .get("schemaVersion").asInt(),
                "report written");
    }
}
