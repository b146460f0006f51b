package org.sgdobservatory.examples.network;

import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;

/**
 * An example's default hyperparameters (every one overridable on the command line).
 *
 * @param sgdLearningRate SGD learning rate
 * @param rmsPropLearningRate RMSProp learning rate
 * @param varNormLearningRate {@code eta'} of the {@code eta'/sigma^2} rule (temperature about {@code eta'/2})
 * @param batchSize minibatch size
 * @param epochs passes over the training data
 * @param windowIterations observed iterations at the end of training
 * @param dataOrder how minibatches are drawn (iid, reshuffled or fixed cyclic)
 * @param weightDecay L2 coefficient (0 = none)
 * @param varNormEpsilon the rule's {@code epsilon}: bounds the step of noise-free parameters
 */
public record ExampleDefaults(double sgdLearningRate, double rmsPropLearningRate, double varNormLearningRate,
                              int batchSize, int epochs, int windowIterations, DataOrder dataOrder, double weightDecay,
                              double varNormEpsilon) {

    /** The default learning rate of {@code optimizer}. */
    public double learningRate(OptimizerKind optimizer) {
        return switch (optimizer) {
            case SGD -> sgdLearningRate;
            case RMSPROP -> rmsPropLearningRate;
            case VARNORM -> varNormLearningRate;
        };
    }
}
