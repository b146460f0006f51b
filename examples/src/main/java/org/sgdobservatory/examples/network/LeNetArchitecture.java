package org.sgdobservatory.examples.network;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * A small LeNet-style convolutional network on square single-channel images given as flat rows (DL4J's
 * {@code InputType.convolutionalFlat}, so the same rows as the dense examples feed it): a {@code kernel x kernel}
 * convolution (stride 1, no padding, ReLU), {@code pool x pool} max pooling (stride {@code pool}), a dense ReLU layer,
 * then the output layer. ReLU and max pooling keep the network piecewise linear, so its Hessian diagonal is its
 * Gauss-Newton diagonal almost everywhere and the listener's curvature probe can use it.
 *
 * @param side image height and width in pixels
 * @param filters convolution filters
 * @param kernel convolution kernel side
 * @param pool pooling window side (and stride)
 * @param dense width of the dense layer
 */
public record LeNetArchitecture(int side, int filters, int kernel, int pool, int dense) implements Architecture {

    /** Validates: the convolution and the pooling must leave at least one pixel. */
    public LeNetArchitecture {
        if (!(side >= 1 && filters >= 1 && kernel >= 1 && pool >= 1 && dense >= 1 && (side - kernel + 1) / pool >= 1)) {
            throw new IllegalArgumentException("a " + kernel + "x" + kernel + " convolution and " + pool + "x" + pool
                    + " pooling do not fit a " + side + "x" + side + " image");
        }
    }

    @Override
    public MultiLayerConfiguration network(LabelledData.Task task, int inputs, int outputs, IUpdater updater,
            double l2, long seed) {
        if (inputs != side * side) {
            throw new IllegalArgumentException("a " + side + "x" + side + " image has " + side * side
                    + " pixels, the data have " + inputs + " features");
        }
        return DenseArchitecture.base(updater, l2, seed, WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(kernel, kernel).stride(1, 1).nOut(filters)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(pool, pool).stride(pool, pool).build())
                .layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build())
                .layer(DenseArchitecture.output(task, outputs).build())
                .setInputType(InputType.convolutionalFlat(side, side, 1))
                .build();
    }

    @Override
    public String describe(LabelledData.Task task, int inputs, int outputs) {
        return "CNN " + side + "x" + side + "x1, conv " + kernel + "x" + kernel + "x" + filters + ", max pool " + pool
                + "x" + pool + ", dense " + dense + ", output " + outputs + " (RELU, "
                + DenseArchitecture.outputWords(task) + ")";
    }
}
