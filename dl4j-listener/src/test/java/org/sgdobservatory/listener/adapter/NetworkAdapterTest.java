package org.sgdobservatory.listener.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.sgdobservatory.report.model.UpdaterKind;

/** Per-layer updater configuration, schedules, regularisation and minibatch size read through the adapter. */
class NetworkAdapterTest {

    @Test
    void readsPerLayerUpdatersSchedulesAndRegularisation() {
        MapSchedule lr = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1, 100, 0.01));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(lr)).l2(1e-3)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH)
                        .updater(new RmsProp(0.01, 0.9, 1e-6)).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(3).activation(Activation.TANH)
                        .updater(new Nesterovs(0.02, 0.8)).l1(2e-4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(1)
                        .activation(Activation.IDENTITY).regularization(java.util.List.of(new WeightDecay(5e-4, true)))
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        NetworkAdapter a = NetworkAdapter.of(net);
        Map<String, ParameterBlock> byKey = new java.util.HashMap<>();
        a.blocks().forEach(b -> byKey.put(b.key(), b));
        assertEquals(java.util.Set.of("0_W", "0_b", "1_W", "1_b", "2_W", "2_b"), byKey.keySet(), "paramTable keys");
        assertEquals(UpdaterKind.RMSPROP, byKey.get("0_W").updater().kind(), "layer 0 updater");
        assertEquals(UpdaterKind.NESTEROVS, byKey.get("1_W").updater().kind(), "layer 1 updater");
        assertEquals(0.8, byKey.get("1_W").updater().hyperparameter("momentum"), 0.0, "momentum");
        assertEquals(UpdaterKind.SGD, byKey.get("2_W").updater().kind(), "layer 2 updater (global Sgd)");
        assertEquals(0.1, a.learningRate(byKey.get("2_W"), 50, 0), 0.0, "schedule before iteration 100");
        assertEquals(0.01, a.learningRate(byKey.get("2_W"), 150, 0), 0.0, "schedule after iteration 100");
        assertEquals(1e-3, a.regularization(byKey.get("0_W"), 0, 0).l2(), 0.0, "global l2 on weights");
        assertEquals(2e-4, a.regularization(byKey.get("1_W"), 0, 0).l1(), 0.0, "layer l1");
        RegularizationSpec wd = a.regularization(byKey.get("2_W"), 0, 0);
        assertEquals(5e-4, wd.weightDecay(), 0.0, "weight decay");
        assertTrue(wd.weightDecayTimesLearningRate(), "applyLR flag");
        assertEquals(12, byKey.get("0_W").length(), "0_W has 4 x 3 elements");
        assertTrue(byKey.get("0_W").updaterStateOffset() >= 0, "RmsProp block has a state offset");
        assertEquals(-1, byKey.get("2_W").updaterStateOffset(), "Sgd block has no state");
    }

    @Test
    void rejectsOtherModelTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkAdapter.of(
                new org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer(
                        new NeuralNetConfiguration.Builder().layer(new DenseLayer.Builder().nIn(1).nOut(1).build())
                                .build(), org.nd4j.linalg.api.buffer.DataType.FLOAT)));
        assertTrue(e.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), "message: " + e.getMessage());
    }
}
