package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * The observation window actually used.
 *
 * @param startIteration first observed iteration (-1 when the window never started)
 * @param lastIteration last observed iteration
 * @param samples samples in the statistics (non-finite ones excluded)
 * @param every observation stride in iterations
 * @param startReason why observation started there
 * @param endReason why it ended (window end, end of training, on demand)
 * @param miniBatchSize minibatch size seen in the window
 * @param learningRates smallest and largest learning rate in force during the window (any block)
 */
public record WindowReport(long startIteration, long lastIteration, long samples, int every, String startReason,
                           String endReason, int miniBatchSize, Range learningRates) {

    /** Validates. */
    public WindowReport {
        Objects.requireNonNull(startReason, "startReason");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(learningRates, "learningRates");
    }

    /**
     * A closed range of values.
     *
     * @param min smallest (NaN when none)
     * @param max largest (NaN when none)
     */
    public record Range(double min, double max) {
    }
}
