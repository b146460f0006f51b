package org.sgdobservatory.listener.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The score of a network's tail from the activations entering it equals DL4J's full training-mode score (mean loss
 * plus the whole network's regularisation) whatever the tail's parameters: on a CNN with a preprocessor between the
 * pooling and the dense layer, L2 and weight decay, and on a recurrent network whose dense layer sits between
 * two preprocessors that reshape by the number of sequences. Both are the same double-precision operations on the
 * same values, so they agree to rounding (1e-13 relative).
 */
class TailScoresTest {

    @Test
    void aTailScoresAsTheWholeNetworkWhileOnlyItsParametersMove() {
        MultiLayerNetwork net = cnn(false);
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(NetworkAdapter.of(net));
        INDArray features = features(30, 2);
        INDArray labels = labels(30, 2);
        INDArray theta = net.params().dup();
        long conv = 4 * 9 + 4;
        long dense = 36 * 7 + 7;
        assertTrue(copy.tailHolding(5).isEmpty(), "a first-layer parameter has no tail short of the network");
        for (long index : new long[] {conv + 3, conv + dense - 1, conv + dense + 2, theta.length() - 1}) {
            TailScores tail = copy.tailHolding(index).orElseThrow();
            assertEquals(index < conv + dense ? 2 : 3, tail.from(), "layer of parameter " + index);
            copy.setParams(theta);
            INDArray head = tail.head(features);
            for (double t : new double[] {0.0, -0.3, 0.7}) {
                INDArray moved = theta.dup();
                moved.putScalar(index, theta.getDouble(index) + t);
                copy.setParams(moved);
                double full = copy.scoreOf(features, labels);
                assertEquals(full, tail.score(head, labels), 1e-13 * Math.abs(full),
                        "parameter " + index + " moved by " + t);
            }
        }
    }

    @Test
    void aRecurrentTailReshapesByTheNumberOfSequences() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.05))
                .weightInit(WeightInit.XAVIER).l2(1e-3).dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, 6)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(NetworkAdapter.of(net));
        Random rnd = new Random(4);
        INDArray features = Nd4j.zeros(DataType.DOUBLE, 7, 3, 6);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 7, 3, 6);
        for (int i = 0; i < 7; i++) {
            for (int t = 0; t < 6; t++) {
                for (int j = 0; j < 3; j++) {
                    features.putScalar(new long[] {i, j, t}, rnd.nextGaussian());
                }
                labels.putScalar(new long[] {i, rnd.nextInt(3), t}, 1);
            }
        }
        INDArray theta = net.params().dup();
        long lstm = net.getLayer(0).numParams();
        long dense = net.getLayer(1).numParams();
        for (long index : new long[] {lstm + 2, lstm + dense + 1}) {
            TailScores tail = copy.tailHolding(index).orElseThrow();
            copy.setParams(theta);
            INDArray head = tail.head(features);
            for (double t : new double[] {0.0, 0.4}) {
                INDArray moved = theta.dup();
                moved.putScalar(index, theta.getDouble(index) + t);
                copy.setParams(moved);
                double full = copy.scoreOf(features, labels);
                assertEquals(full, tail.score(head, labels), 1e-13 * Math.abs(full),
                        "layer " + tail.from() + ", parameter " + index + " moved by " + t);
            }
        }
    }

    /**
     * A DOUBLE CNN on 8x8 inputs: convolution 3x3x4 (ReLU), max pooling 2x2, dense 7 (tanh, with layer normalisation
     * when asked), softmax output of 5; L2 1e-2 and weight decay 3e-3.
     */
    static MultiLayerNetwork cnn(boolean layerNorm) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.05))
                .weightInit(WeightInit.XAVIER).l2(1e-2).weightDecay(3e-3).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.TANH).hasLayerNorm(layerNorm).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** {@code rows} flattened 8x8 Gaussian images. */
    static INDArray features(int rows, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[rows][64];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 64; j++) {
                x[i][j] = rnd.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    /** {@code rows} one-hot labels of 5 classes. */
    static INDArray labels(int rows, long seed) {
        Random rnd = new Random(seed + 1000);
        double[][] y = new double[rows][5];
        for (int i = 0; i < rows; i++) {
            y[i][rnd.nextInt(5)] = 1;
        }
        return Nd4j.createFromArray(y);
    }
}
