package org.sgdobservatory.examples.network;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * The network of an example: a dense MLP ({@link DenseArchitecture}) or a small LeNet-style convolutional network
 * ({@link LeNetArchitecture}). Every architecture ends in softmax + cross-entropy (classification) or identity + MSE
 * (regression), uses FLOAT parameters, and puts L2 {@code c} on the weights only.
 */
public sealed interface Architecture permits DenseArchitecture, LeNetArchitecture {

    /**
     * The network's configuration.
     *
     * @param task from the data
     * @param inputs feature count (flat rows)
     * @param outputs classes or target columns
     * @param updater the optimizer
     * @param l2 L2 coefficient on the weights, 0 for none
     * @param seed initialisation seed
     */
    MultiLayerConfiguration network(LabelledData.Task task, int inputs, int outputs, IUpdater updater, double l2,
            long seed);

    /** The architecture in one phrase, e.g. {@code MLP 64-32-10 (RELU, softmax)}. */
    String describe(LabelledData.Task task, int inputs, int outputs);
}
