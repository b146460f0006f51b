package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/** Window control (automatic, by epoch, on demand), memory budget and the RmsProp effective rate. */
class ListenerBehaviourTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();

    @Test
    void automaticStartWaitsUntilTheLossStopsFalling() {
        MultiLayerNetwork net = FX.mln(new Sgd(0.01), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAutomatically().windowIterations(400).maxLag(16)
                .probes().build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 2500, SamplingIterator.Order.IID, 4));
        ObservatoryReport r = l.lastReport().orElseThrow(() -> new AssertionError("the automatic window never ended"));
        System.out.println("auto start at iteration " + r.window().startIteration() + ": " + r.window().startReason());
        // 10 blocks of 20 iterations are needed before the first slope test, so the start is >= 200; with
        // relaxation times 1/(eta h) of 30..140 iterations the loss keeps falling visibly for a few hundred.
        assertTrue(r.window().startIteration() >= 200, "start after at least 10 blocks of loss history");
        assertTrue(r.window().startReason().startsWith("automatic"), "reason recorded: " + r.window().startReason());
        assertEquals(400, r.window().samples(), "the whole window was observed");
    }

    @Test
    void startAtEpochAndReportOnDemand() {
        MultiLayerNetwork net = FX.mln(new Sgd(0.05), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtEpoch(2).maxLag(8).probes().build().attachTo(net);
        int perEpoch = FX.n / 20;
        for (int e = 0; e < 4; e++) {
            net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 20, perEpoch, SamplingIterator.Order.RESHUFFLE,
                    10 + e));
        }
        ObservatoryReport r = l.report();
        assertEquals(2L * perEpoch, r.window().startIteration(), "window starts at the first iteration of epoch 2");
        assertEquals(2L * perEpoch, r.window().samples(), "epochs 2 and 3 observed");
        assertTrue(r.window().endReason().startsWith("on demand"), "finalised on demand");
        assertEquals(DataOrder.RESHUFFLED, r.dataOrder().detected(), "reshuffling detected: " + r.dataOrder().evidence());
        assertEquals(FX.n, r.dataOrder().epochLengthExamples(), "epoch length in examples");
    }

    @Test
    void finalisesAtTrainingEndAfterTheLastEpoch() {
        MultiLayerNetwork net = FX.mln(new Sgd(0.05), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtEpoch(1).finishAfterEpochs(3).maxLag(8).probes()
                .build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 20, FX.n / 20, SamplingIterator.Order.RESHUFFLE, 3),
                3);
        ObservatoryReport r = l.lastReport().orElseThrow(() -> new AssertionError("not finalised at training end"));
        assertTrue(r.window().endReason().startsWith("training end after epoch 2"), r.window().endReason());
        assertEquals(2L * FX.n / 20, r.window().samples(), "epochs 1 and 2 observed");
    }

    @Test
    void aLearningRateScheduleInsideTheWindowIsReported() {
        var schedule = new org.nd4j.linalg.schedule.MapSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION,
                java.util.Map.of(0, 0.05, 250, 0.02));
        MultiLayerNetwork net = FX.mln(new Sgd(schedule), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(100).windowIterations(300).maxLag(8)
                .probes().build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 420, SamplingIterator.Order.IID, 9));
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertEquals(0.02, r.window().learningRates().min(), 0.0, "smallest rate in force during the window");
        assertEquals(0.05, r.window().learningRates().max(), 0.0, "largest rate in force during the window");
        assertTrue(r.hasFinding(FindingCode.LEARNING_RATE_CHANGED), "the schedule change is reported");
        assertEquals(0.02, r.parameters().get(0).rate().learningRate(), 0.0, "predictions use the rate at the window end");
    }

    /** A d-50-1 tanh MLP (MSE): 4 groups, large enough for a budget to bind. */
    private static MultiLayerNetwork tanhMlp50() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(FX.d).nOut(50).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(50).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void maxTrackedParametersCapsTheCountWhateverTheMemoryBudget() {
        MultiLayerNetwork net = tanhMlp50();
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(50).windowIterations(100).maxLag(8)
                .maxTrackedParameters(40).probes().build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 160, SamplingIterator.Order.IID, 5));
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertEquals(40, r.cost().trackedParameters(), "the count cap binds (the 64 MB budget would track all)");
        assertTrue(r.findings().stream().anyMatch(f -> f.code() == FindingCode.SUBSET_TRACKED
                && f.message().contains("maxTrackedParameters")), "the finding names the cap: " + r.findings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObservatoryListener.builder().maxTrackedParameters(0));
        assertTrue(e.getMessage().contains("maxTrackedParameters must be >= 1"), e.getMessage());
    }

    @Test
    void memoryBudgetCapsTrackedParametersPerLayer() {
        MultiLayerNetwork net = tanhMlp50();
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(50).windowIterations(100).maxLag(8)
                .memoryBudgetMegabytes(0.05).probes().build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 160, SamplingIterator.Order.IID, 5));
        ObservatoryReport r = l.lastReport().orElseThrow();
        long perParam = r.cost().bytesPerTrackedParameter();
        long budget = (long) (0.05 * 1024 * 1024);
        System.out.println("tracked " + r.cost().trackedParameters() + " of " + net.numParams() + " at " + perParam
                + " bytes each");
        assertTrue(r.cost().trackedParameters() < net.numParams(), "a subset is tracked");
        assertTrue(r.cost().trackedParameters() * perParam <= budget + perParam, "within the budget");
        assertTrue(r.hasFinding(FindingCode.SUBSET_TRACKED), "the subset is reported");
        assertEquals(4, r.groups().size(), "every layer x kind keeps at least one tracked parameter");
        r.groups().forEach(g -> assertTrue(g.counts().tracked() >= 1 && g.counts().tracked() <= g.counts().total(),
                "group " + g.key()));
    }

    /**
     * The probe reservoir keeps DOUBLE copies of training minibatches; with large inputs 64 of them would take
     * gigabytes. A minibatch of 10 examples here is 10 x (d + 1) doubles; a budget of 5.5 of them keeps 5 (and
     * the noise probe uses those 5), a budget of 1.5 keeps none, skips the probes and says which option to raise.
     * Training is the same either way (the reservoir only reads).
     */
    @Test
    void theProbeReservoirStaysWithinItsBudget() {
        long batchBytes = 8L * 10 * (FX.d + 1);
        MultiLayerNetwork limitedNet = FX.mln(new Sgd(0.01), 1);
        ObservatoryListener limited = ObservatoryListener.builder().startAtIteration(50).windowIterations(100)
                .maxLag(8).reservoirMegabytes(5.5 * batchBytes / (1024.0 * 1024.0)).build().attachTo(limitedNet);
        limitedNet.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 160, SamplingIterator.Order.IID, 5));
        ObservatoryReport r = limited.lastReport().orElseThrow();
        assertTrue(r.findings().stream().anyMatch(f -> f.code() == FindingCode.RESERVOIR_LIMITED
                && f.message().contains("keeps 5 of reservoirBatches = 64")), "the limit is reported: " + r.findings());
        assertEquals(5, r.probes().minibatches(), "the noise probe used the 5 kept minibatches");

        MultiLayerNetwork overNet = FX.mln(new Sgd(0.01), 1);
        ObservatoryListener over = ObservatoryListener.builder().startAtIteration(50).windowIterations(100).maxLag(8)
                .reservoirMegabytes(1.5 * batchBytes / (1024.0 * 1024.0)).build().attachTo(overNet);
        overNet.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 160, SamplingIterator.Order.IID, 5));
        ObservatoryReport o = over.lastReport().orElseThrow();
        assertTrue(o.findings().stream().anyMatch(f -> f.code() == FindingCode.RESERVOIR_OVER_BUDGET
                && f.message().contains("raise reservoirMegabytes")), "the option to raise is named: " + o.findings());
        assertTrue(o.hasFinding(FindingCode.PROBES_SKIPPED), "no probes without minibatches");
        assertEquals(limitedNet.params(), overNet.params(), "training is unaffected by the reservoir");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObservatoryListener.builder().reservoirMegabytes(0));
        assertTrue(e.getMessage().contains("reservoirMegabytes must be positive"), e.getMessage());
    }

    @Test
    void rmsPropEffectiveRateComesFromTheUpdaterState() {
        MultiLayerNetwork net = FX.mln(new RmsProp(0.01, 0.95, 1e-8), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(100).windowIterations(200).maxLag(8)
                .probes().build().attachTo(net);
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 300, SamplingIterator.Order.IID, 6));
        ObservatoryReport r = l.lastReport().orElseThrow();
        NetworkAdapter a = NetworkAdapter.of(net);
        ParameterBlock w = a.blocks().get(0);
        INDArray v = a.normaliserState(w).orElseThrow();
        for (ParameterReport p : r.parameters()) {
            if (p.key().equals("0_W")) {
                double expected = 0.01 / (Math.sqrt(v.getDouble(p.index())) + 1e-8);
                assertEquals(expected, p.rate().effectiveLearningRate(), 1e-12 * expected, "lr/(sqrt(v)+eps) of 0_W["
                        + p.index() + "]");
            }
        }
    }
}
