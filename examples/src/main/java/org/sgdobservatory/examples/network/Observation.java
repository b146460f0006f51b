package org.sgdobservatory.examples.network;

import java.util.Objects;

import org.sgdobservatory.report.model.DataOrder;

/**
 * How a run trains and is observed, whatever the network and optimizer ({@code run} and {@code attach}): the
 * minibatches, the epochs, the observed window at their end, and the listener's budget and predictor.
 *
 * @param batchSize minibatch size, {@code >= 1}
 * @param epochs passes over the training data, {@code >= 1}
 * @param windowIterations observed iterations at the end of training, {@code >= 2}
 * @param dataOrder how minibatches are drawn: iid, reshuffled or fixed cyclic (never {@link DataOrder#UNKNOWN})
 * @param seed seed of the data order and the listener (and, for {@code run}, of the initialisation and the split)
 * @param trackingMegabytes the listener's memory budget (caps tracked parameters)
 * @param simulateRmsProp predict RMSProp groups by a sim-core simulation (slow, more exact) instead of the
 *     per-parameter mean field
 */
public record Observation(int batchSize, int epochs, int windowIterations, DataOrder dataOrder, long seed,
                          double trackingMegabytes, boolean simulateRmsProp) {

    /** Validates, naming the command-line flag of a bad value. */
    public Observation {
        Objects.requireNonNull(dataOrder, "dataOrder");
        if (dataOrder == DataOrder.UNKNOWN) {
            throw new IllegalArgumentException("--sampling must be iid, reshuffle or cyclic; a run cannot train in an"
                    + " unknown order");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, was " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        }
        if (windowIterations < 2) {
            throw new IllegalArgumentException("--window must be >= 2 iterations, was " + windowIterations);
        }
        positive("--tracking-mb", trackingMegabytes);
    }

    /** Checks that {@code value} is finite and positive, naming {@code flag} otherwise. */
    static void positive(String flag, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(flag + " must be finite and > 0, was " + value);
        }
    }
}
