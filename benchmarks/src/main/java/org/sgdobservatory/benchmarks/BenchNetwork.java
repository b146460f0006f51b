package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.examples.data.Bundled;

/**
 * One benchmark network: a factory of identically initialised copies (same configuration and seed) and a
 * fixed list of training minibatches that every copy cycles through in the same order.
 *
 * @param name short name used in tables ({@code digits}, {@code wide}, {@code cnn})
 * @param description what the network and its data are
 * @param factory makes a fresh, initialised network (FLOAT, same seed every call)
 * @param batches the minibatches, cycled in order
 */
record BenchNetwork(String name, String description, Supplier<MultiLayerNetwork> factory, List<DataSet> batches) {

    BenchNetwork {
        batches = List.copyOf(batches);
    }

    /** Number of parameters of the network. */
    long numParams() {
        return factory.get().numParams();
    }

    /** Examples in one pass over the minibatches (an epoch of this benchmark's data). */
    int epochExamples() {
        return batches.stream().mapToInt(DataSet::numExamples).sum();
    }

    /** The networks named in {@code names} ({@code digits}, {@code wide}, {@code cnn}). */
    static List<BenchNetwork> named(List<String> names) {
        List<BenchNetwork> out = new ArrayList<>();
        for (String n : names) {
            out.add(switch (n) {
                case "digits" -> digitsMlp();
                case "wide" -> wideMlp();
                case "cnn" -> smallCnn();
                default -> throw new IllegalArgumentException("unknown network '" + n
                        + "': use digits, wide or cnn");
            });
        }
        return out;
    }

    /**
     * The digits MLP 64-64-10 (ReLU, softmax, cross-entropy, L2 1e-4, Sgd 0.1) of DigitsSmokeTest on the
     * bundled UCI digits (1797 examples, pixels / 16), minibatches of 32 in one seeded shuffled order: 56 per
     * epoch (the last 5 examples dropped).
     */
    static BenchNetwork digitsMlp() {
        DataSet all = digits();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.numExamples(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from + 32 <= order.size(); from += 32) {
            int[] rows = order.subList(from, from + 32).stream().mapToInt(Integer::intValue).toArray();
            batches.add(new DataSet(all.getFeatures().getRows(rows), all.getLabels().getRows(rows)));
        }
        return new BenchNetwork("digits", "MLP 64-64-10 on the UCI digits (1797 x 64), B = 32",
                () -> init(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1)).l2(1e-4)
                        .weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                        .layer(new DenseLayer.Builder().nIn(64).nOut(64).activation(Activation.RELU).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                                .activation(Activation.SOFTMAX).build())
                        .build()), batches);
    }

    /** The wide MLP 784-1024-1024-10 (ReLU, softmax, Sgd 0.01) on synthetic data, B = 64, 16 minibatches. */
    static BenchNetwork wideMlp() {
        return new BenchNetwork("wide", "MLP 784-1024-1024-10 on synthetic Gaussian inputs, B = 64",
                () -> init(new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.01))
                        .weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                        .layer(new DenseLayer.Builder().nIn(784).nOut(1024).activation(Activation.RELU).build())
                        .layer(new DenseLayer.Builder().nIn(1024).nOut(1024).activation(Activation.RELU).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(1024).nOut(10)
                                .activation(Activation.SOFTMAX).build())
                        .build()), synthetic(784, 64, 16, 11));
    }

    /**
     * A small CNN on synthetic 1x28x28 inputs: conv 5x5x8, max-pool 2, conv 5x5x16, max-pool 2, dense 64,
     * softmax 10 (Sgd 0.01), B = 32, 16 minibatches.
     */
    static BenchNetwork smallCnn() {
        return new BenchNetwork("cnn", "CNN conv5x5x8-pool-conv5x5x16-pool-dense64-10 on synthetic 1x28x28, B = 32",
                () -> init(new NeuralNetConfiguration.Builder().seed(9).updater(new Sgd(0.01))
                        .weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                        .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                                .stride(2, 2).build())
                        .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                                .stride(2, 2).build())
                        .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                                .activation(Activation.SOFTMAX).build())
                        .setInputType(InputType.convolutionalFlat(28, 28, 1))
                        .build()), synthetic(784, 32, 16, 13));
    }

    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Gaussian inputs, labels = argmax of a fixed random linear teacher (learnable, not trivial). */
    private static List<DataSet> synthetic(int inputs, int batchSize, int batches, long seed) {
        Random rnd = new Random(seed);
        float[][] teacher = new float[10][inputs];
        for (float[] row : teacher) {
            for (int j = 0; j < inputs; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[][] x = new float[batchSize][inputs];
            float[][] y = new float[batchSize][10];
            for (int i = 0; i < batchSize; i++) {
                for (int j = 0; j < inputs; j++) {
                    x[i][j] = (float) rnd.nextGaussian();
                }
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 10; c++) {
                    double s = 0;
                    for (int j = 0; j < inputs; j++) {
                        s += teacher[c][j] * x[i][j];
                    }
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                y[i][best] = 1f;
            }
            out.add(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return out;
    }

    /** The bundled UCI digits (the examples' {@code Bundled.DIGITS}, see their data/NOTICE.md): pixels / 16, one-hot labels. */
    static DataSet digits() {
        return Bundled.DIGITS.load().toDataSet(DataType.FLOAT);
    }
}
