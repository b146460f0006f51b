package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * The run's verdict and the run-level numbers behind it: what the terminal summary, the page's verdict cards and a
 * comparison of runs show, computed once by the listener.
 *
 * @param counts tracked, total, predicted and judged parameters over all groups
 * @param groups parameter groups
 * @param settledGroups groups that look stationary
 * @param fractionDrifting fraction of tracked parameters whose drift test fires
 * @param medianFluctuationDissipationRatio median FDR ratio over tracked parameters
 * @param temperatureNoiseSlope slope of {@code log T} on {@code log sigma^2_B} over all tracked parameters
 * @param dataOrderFactor median of predicted (run's order) / predicted (i.i.d.) variance: how much the data order
 *     changes the prediction; NaN when no parameter has both
 * @param judgement the run's verdict
 */
public record RunSummary(Counts counts, int groups, int settledGroups, double fractionDrifting,
                         double medianFluctuationDissipationRatio, Slope temperatureNoiseSlope,
                         double dataOrderFactor, Judgement judgement) {

    /** Validates. */
    public RunSummary {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(temperatureNoiseSlope, "temperatureNoiseSlope");
        Objects.requireNonNull(judgement, "judgement");
    }
}
