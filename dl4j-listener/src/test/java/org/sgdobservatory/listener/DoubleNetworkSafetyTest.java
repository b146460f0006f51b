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
import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.LiveNetworkState;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.report.model.FindingCode;

/**
 * The DL4J shortcuts the probe copy must avoid, and the invariant check that would catch a probe touching the training
 * network. {@code convertDataType(DOUBLE)} on a network that is already DOUBLE returns the network itself, so a probe
 * copy made that way would run on the training network ({@link #convertDataTypeOnDoubleNetworkIsNotACopy}); a
 * {@code ComputationGraph} clone shares the listener list. Whether training with the listener stays bitwise identical
 * for DOUBLE networks (with both network types and every report placement) is part of {@code NoInterferenceMatrixTest}.
 */
class DoubleNetworkSafetyTest {

    /**
     * The DL4J behaviour behind the probe copy: {@code convertDataType(DOUBLE)} returns the same network when it
     * is already DOUBLE, so the listener must clone instead; its copy is a different object with its own buffers.
     */
    @Test
    void convertDataTypeOnDoubleNetworkIsNotACopy() {
        MultiLayerNetwork net = (MultiLayerNetwork) network(DataType.DOUBLE, "MultiLayerNetwork", "Sgd+L2");
        assertTrue(net.convertDataType(DataType.DOUBLE) == net,
                "DL4J 1.0.0-M2.1: convertDataType(DOUBLE) on a DOUBLE network returns the network itself; if this"
                        + " fails DL4J changed and the clone in DoublePrecisionCopy.of may be dropped");
        NetworkAdapter adapter = NetworkAdapter.of(net);
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(adapter);
        assertNotSame(net, copy.network().model(), "the probe copy is another network");
        LiveNetworkState before = LiveNetworkState.of(adapter);
        copy.setParams(copy.network().params().mul(2).addi(1));
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
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(adapter);
        assertTrue(copy.network().listeners().isEmpty(), "the probe copy has no listeners");
        copy.setParams(copy.network().params().mul(2));
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

}
