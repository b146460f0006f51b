package org.sgdobservatory.listener.probe;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The small dense stacks the probe tests check the batched engine and the exact diagonal on. */
final class DenseTestNetworks {

    /** Units of the second hidden layer. */
    static final int SECOND_WIDTH = 4;
    /** Outputs. */
    static final int OUT = 3;

    private DenseTestNetworks() {
    }

    /**
     * An initialised FLOAT MLP {@code in - width - 4 - 3} (seed 7, Xavier weights, SGD 0.1), with the given hidden
     * and output activations, loss, L2 (0 = none) and initial bias.
     */
    static MultiLayerNetwork mlp(int in, int width, Activation h1, Activation h2, Activation out, LossFunction loss,
                                 double l2, double biasInit) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).biasInit(biasInit).dataType(DataType.FLOAT);
        if (l2 > 0) {
            b.l2(l2);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(h1).build())
                .layer(new DenseLayer.Builder().nIn(width).nOut(SECOND_WIDTH).activation(h2).build())
                .layer(new OutputLayer.Builder(loss).nIn(SECOND_WIDTH).nOut(OUT).activation(out).build())
                .build());
        net.init();
        return net;
    }
}
