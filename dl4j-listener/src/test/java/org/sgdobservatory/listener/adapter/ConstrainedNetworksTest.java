package org.sgdobservatory.listener.adapter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.TestFixtures;

/**
 * {@link NetworkAdapter#constrained}: whether DL4J writes the parameters between iterations (it applies constraints
 * after {@code iterationDone}), which decides whether the listener may keep a read after one step for the next.
 */
class ConstrainedNetworksTest {

    @Test
    void constraintsAreFoundOnLayersGraphsAndInsideBidirectionalWrappers() {
        var fx = TestFixtures.independentFeatures();
        assertFalse(NetworkAdapter.of(fx.hiddenLayerMln(new Sgd(0.1), 0)).constrained(), "no constraint");
        assertTrue(NetworkAdapter.of(fx.hiddenLayerMln(new Sgd(0.1), 0.3)).constrained(), "a global weight constraint");
        assertFalse(NetworkAdapter.of(fx.graph(new Sgd(0.1), 7)).constrained(), "a ComputationGraph without one");
        assertFalse(NetworkAdapter.of(bidirectional(false)).constrained(), "a Bidirectional LSTM without one");
        assertTrue(NetworkAdapter.of(bidirectional(true)).constrained(),
                "a constraint on the LSTM inside a Bidirectional wrapper, which the wrapper's own configuration lacks");
    }

    private static MultiLayerNetwork bidirectional(boolean constrainInner) {
        LSTM.Builder inner = new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH);
        if (constrainInner) {
            inner.constrainWeights(new MaxNormConstraint(0.5, 1));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1))
                .list()
                .layer(new Bidirectional(Bidirectional.Mode.ADD, inner.build()))
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        return net;
    }
}
