package org.sgdobservatory.examples.network;

import java.util.Map;

import org.nd4j.linalg.learning.config.IUpdater;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;

/**
 * Everything one run of an example uses (recorded in the report's {@code settings} and, for the tracking budget and
 * the predictor, in the listener's provenance): its {@link OptimizerSettings}, its {@link Observation} and the weight
 * decay. Flat, so that the command line builds it in one call; the two parts are validated by their own records.
 *
 * @param optimizer sgd, rmsprop or varnorm
 * @param learningRate learning rate ({@code eta'} for varnorm), {@code > 0}
 * @param batchSize minibatch size, {@code >= 1}
 * @param epochs passes over the training data, {@code >= 1}
 * @param windowIterations observed iterations at the end of training, {@code >= 2}
 * @param dataOrder how minibatches are drawn: iid, reshuffled or fixed cyclic (never {@link DataOrder#UNKNOWN})
 * @param weightDecay L2 coefficient {@code c >= 0} (DL4J {@code l2(c)}: adds {@code c theta} to the gradient of
 *     the weights before the updater; for SGD the same as weight decay)
 * @param seed seed of the network initialisation, the split, the data order and the listener
 * @param rmsDecay RMSProp's decay
 * @param epsilon RMSProp's or the varnorm rule's epsilon
 * @param averagingDecay the varnorm rule's EMA decay
 * @param trackingMegabytes the listener's memory budget (caps tracked parameters)
 * @param simulateRmsProp simulate the RMSProp parameters outside sim-core's stationary table group by group (slower,
 *     more exact) instead of predicting them by their mean field; inside the table both use the table
 */
public record RunSettings(OptimizerKind optimizer, double learningRate, int batchSize, int epochs,
                          int windowIterations, DataOrder dataOrder, double weightDecay, long seed, double rmsDecay,
                          double epsilon, double averagingDecay, double trackingMegabytes,
                          boolean simulateRmsProp) {

    /** RMSProp's decay when none is given. */
    public static final double DEFAULT_RMS_DECAY = 0.95;
    /** The varnorm rule's EMA decay when none is given. */
    public static final double DEFAULT_AVERAGING_DECAY = 0.999;
    /** The listener's tracking budget in MB when none is given. */
    public static final double DEFAULT_TRACKING_MEGABYTES = 0.5;
    /** RMSProp's epsilon when none is given (the varnorm rule takes its example's). */
    public static final double DEFAULT_RMS_EPSILON = 1e-8;

    /** The example's defaults for one optimizer: what {@code observatory run EXAMPLE --optimizer O} trains. */
    public static RunSettings defaults(Example example, OptimizerKind optimizer, long seed) {
        ExampleDefaults d = example.defaults();
        return new RunSettings(optimizer, d.learningRate(optimizer), d.batchSize(), d.epochs(), d.windowIterations(),
                d.dataOrder(), d.weightDecay(), seed, DEFAULT_RMS_DECAY,
                optimizer == OptimizerKind.VARNORM ? d.varNormEpsilon() : DEFAULT_RMS_EPSILON,
                DEFAULT_AVERAGING_DECAY, DEFAULT_TRACKING_MEGABYTES, false);
    }

    /** Validates, naming the command-line flag of a bad value. */
    public RunSettings {
        new OptimizerSettings(optimizer, learningRate, rmsDecay, epsilon, averagingDecay);
        new Observation(batchSize, epochs, windowIterations, dataOrder, seed, trackingMegabytes, simulateRmsProp);
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("--weight-decay must be finite and >= 0, was " + weightDecay);
        }
    }

    /** The optimizer part. */
    public OptimizerSettings optimizerSettings() {
        return new OptimizerSettings(optimizer, learningRate, rmsDecay, epsilon, averagingDecay);
    }

    /** How the run trains and is observed. */
    public Observation observation() {
        return new Observation(batchSize, epochs, windowIterations, dataOrder, seed, trackingMegabytes,
                simulateRmsProp);
    }

    /** The DL4J updater configuration ({@link OptimizerSettings#updater}). */
    public IUpdater updater() {
        return optimizerSettings().updater();
    }

    /** The optimizer's other hyperparameters by the report's names ({@link OptimizerSettings#optimizerParameters}). */
    public Map<String, Double> optimizerParameters() {
        return optimizerSettings().optimizerParameters();
    }

    /** The label of the run in the report ({@link OptimizerSettings#label}). */
    public String label() {
        return optimizerSettings().label();
    }
}
