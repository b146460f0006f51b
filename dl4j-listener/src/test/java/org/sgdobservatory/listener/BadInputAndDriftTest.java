package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/** Bad input with clear messages, and the drift test on a window that starts at iteration 0. */
class BadInputAndDriftTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();

    @Test
    void windowLongerThanTrainingIsRejectedWhenKnownAndReportedOtherwise() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObservatoryListener.builder()
                .startAtIteration(500).windowIterations(800).expectedTrainingIterations(1000).build());
        assertTrue(e.getMessage().contains("windowIterations(800)") && e.getMessage().contains("1000"),
                "message names the window and the training length: " + e.getMessage());

        MultiLayerNetwork net = FX.mln(new Sgd(0.05), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(100).windowIterations(2000)
                .probes().build().attachTo(net);
        net.fit(FX.iid(10, 300, 1));
        ObservatoryReport r = l.report();
        assertTrue(r.hasFinding(FindingCode.WINDOW_LONGER_THAN_TRAINING), "finding for a window the training did not fill");
        assertEquals(200, r.window().samples(), "the 200 iterations that were observed are still reported");
    }

    @Test
    void networkWithoutTrainableParametersGetsAClearMessage() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ObservatoryListener l = ObservatoryListener.builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.attachTo(net));
        assertTrue(e.getMessage().contains("no trainable parameters"), "message: " + e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, l::report);
        assertTrue(s.getMessage().contains("no training iteration"), "report() before training: " + s.getMessage());
    }

    @Test
    void nanGradientsAreRecordedAndFlaggedWithoutInterruptingTraining(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = FX.mln(new Sgd(0.05), 1);
        Path file = dir.resolve("report.json");
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(200).every(1)
                .maxLag(8).probes().reportFile(file).build().attachTo(net);
        DataSet good = TestFixtures.firstRows(FX.dataSet(DataType.FLOAT), 10);
        INDArray badLabels = good.getLabels().dup();
        badLabels.putScalar(3, 0, Double.NaN);
        DataSet bad = new DataSet(good.getFeatures(), badLabels);
        for (int i = 0; i < 200; i++) {
            net.fit(i == 150 ? bad : good);
        }
        assertTrue(l.nonFiniteSamples() > 0, "NaN samples were counted");
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertTrue(r.hasFinding(FindingCode.NON_FINITE_GRADIENT), "NaN gradient flagged: " + r.findings());
        assertTrue(r.window().samples() < 200, "NaN samples are excluded from the statistics");
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(ObservatoryReport.SCHEMA_VERSION, json.get("schemaVersion").asInt(),
                "the file is strict JSON with a schema version");

        MultiLayerNetwork net2 = FX.mln(new Sgd(0.05), 1);
        ObservatoryListener stop = ObservatoryListener.builder().startAtIteration(0).windowIterations(200).maxLag(8)
                .probes().stopOnNonFinite(true).build().attachTo(net2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net2.fit(bad));
        assertTrue(e.getMessage().contains("stopOnNonFinite"), "user-requested stop names the option: " + e.getMessage());
        assertEquals(1, stop.nonFiniteSamples(), "the NaN sample was recorded before stopping");
    }

    @Test
    void unsupportedUpdaterIsObservedNotPredicted() {
        MultiLayerNetwork net = FX.mln(new Adam(0.01), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(200).windowIterations(400)
                .reservoirBatches(8).hutchinsonProbes(4).perExampleGradients(32).maxLag(8).build().attachTo(net);
        net.fit(FX.iid(10, 700, 2));
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertTrue(r.hasFinding(FindingCode.UNSUPPORTED_UPDATER), "unsupported updater finding");
        for (ParameterReport p : r.parameters()) {
            assertTrue(p.observed().variance().value() > 0, "observed: " + p.key());
            assertTrue(Double.isNaN(p.prediction().variance().value()), "not predicted: " + p.key());
        }
        assertTrue(r.group("0_W").orElseThrow().judgement().explanation().contains("no theory yet for updater Adam"),
                "verdict says why: " + r.group("0_W").orElseThrow().judgement().explanation());
    }

    @Test
    void tooFewEffectiveSamplesIsAReasonNotAPrediction() {
        MultiLayerNetwork net = FX.mln(new Sgd(0.002), 1);
        // eta h ~ 0.0015..0.007: tau ~ 300..1300 iterations, so 100 observed iterations hold ESS < 1
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(100).maxLag(8)
                .reservoirBatches(8).hutchinsonProbes(4).perExampleGradients(32)
                .build().attachTo(net);
        net.fit(FX.iid(10, 120, 4));
        for (ParameterReport p : l.lastReport().orElseThrow().parameters()) {
            assertTrue(p.prediction().basis().startsWith("too few effective samples"), p.key() + ": " + p.prediction());
            assertTrue(Double.isNaN(p.comparison().ratio().value()), "no ratio without a prediction");
        }
    }

    /**
     * A stationary run observed for far less than its relaxation time is "too short to judge", not
     * "drifting". Started at the optimum with eta h ~ 0.0015..0.007 (tau = (2 - eta h)/(eta h) ~ 300..1300),
     * 1000 observed iterations hold ESS ~ 1..3; the Geweke z with the theory's tau as floor then flags about
     * 0.1% of elements, and the group says how long tau is instead of "not settled".
     */
    @Test
    void aWindowShorterThanTauIsTooShortToJudgeNotDrifting() {
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.002), 1, 0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(1000)
                .reservoirBatches(8).hutchinsonProbes(8).perExampleGradients(32).build().attachTo(net);
        net.fit(FX.iid(10, 1100, 5));
        ObservatoryReport r = l.lastReport().orElseThrow();
        String verdict = r.group("0_W").orElseThrow().judgement().explanation();
        System.out.println("too short: " + verdict + "; tau = " + r.parameters().stream()
                .map(p -> String.format("%.0f", p.observed().integratedAutocorrelationTime())).toList() + "; z = "
                + r.parameters().stream().map(p -> String.format("%.1f", p.drift().gewekeZ())).toList());
        assertTrue(verdict.contains("window too short: median tau ~"), "verdict: " + verdict);
        assertFalse(r.group("0_W").orElseThrow().statistics().settled(), "too short to judge is not settled");
        assertTrue(r.hasFinding(FindingCode.WINDOW_TOO_SHORT), "finding WINDOW_TOO_SHORT");
        assertEquals(0, r.parameters().stream().filter(p -> p.drift().drifting()).count(),
                "no element drifts (expected 0.1% of 6)");
    }

    @Test
    void d_driftTestFlagsAWindowStartingAtIterationZero() {
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.05), 1, 3.0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(640).maxLag(16)
                .probes().build().attachTo(net);
        net.fit(FX.iid(10, 700, 3));
        ObservatoryReport r = l.lastReport().orElseThrow();
        long drifting = r.parameters().stream().filter(p -> p.drift().drifting()).count();
        System.out.println("d: drifting " + drifting + " of " + r.parameters().size() + "; z = "
                + r.parameters().stream().map(p -> String.format("%.1f", p.drift().gewekeZ())).toList() + "; FDR = "
                + r.parameters().stream().map(p -> String.format("%.2f", p.drift().fluctuationDissipationRatio())).toList());
        // Starting 3 units from the optimum with relaxation times 1/(eta h) of 6..28 iterations, the first 10% of
        // the window (64 iterations) averages an offset of order 1 against block-mean standard errors of ~0.2.
        assertTrue(drifting >= 1, "at least one parameter must be flagged as drifting");
        assertFalse(r.group("0_W").orElseThrow().statistics().settled(), "the weights must not be reported settled: "
                + r.group("0_W").orElseThrow().judgement().explanation());
    }
}
