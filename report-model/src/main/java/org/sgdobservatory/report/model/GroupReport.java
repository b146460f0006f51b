package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * One DL4J parameter block (e.g. all tracked elements of {@code 0_W}): counts, summary statistics and its verdict.
 *
 * @param key DL4J parameter key, e.g. {@code 0_W}
 * @param layer layer index or vertex name
 * @param kind parameter kind ({@code W}, {@code b}, ...)
 * @param updater the updater family
 * @param updaterClass the updater's class name
 * @param counts tracked, total, predicted, judged
 * @param statistics summaries over the tracked parameters
 * @param judgement the group's verdict
 */
public record GroupReport(String key, String layer, String kind, UpdaterKind updater, String updaterClass,
                          Counts counts, GroupStatistics statistics, Judgement judgement) {

    /** Validates. */
    public GroupReport {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(judgement, "judgement");
    }

    /**
     * Summaries over a group's tracked parameters.
     *
     * @param medianFluctuationDissipationRatio median FDR ratio (1 when stationary)
     * @param fractionDrifting fraction of parameters whose drift test fires
     * @param medianIntegratedAutocorrelationTime median tau (observations)
     * @param medianTemperature median {@code T = h Var}
     * @param medianMeasuredAlpha median {@code T / (eta_eff sigma^2_B)}
     * @param expectedAlpha the alpha the theory expects for this optimizer and data order (1/2 for i.i.d. SGD)
     * @param temperatureNoiseSlope slope of {@code log T} on {@code log sigma^2_B} across the group
     * @param settled whether the group looks stationary (few drift, FDR ratio near 1, enough effective samples)
     */
    public record GroupStatistics(double medianFluctuationDissipationRatio, double fractionDrifting,
                                  double medianIntegratedAutocorrelationTime, double medianTemperature,
                                  double medianMeasuredAlpha, double expectedAlpha, Slope temperatureNoiseSlope,
                                  boolean settled) {
    }
}
