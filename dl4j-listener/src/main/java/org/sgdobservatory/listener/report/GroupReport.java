package org.sgdobservatory.listener.report;

/**
 * Summary of one layer x parameter kind (e.g. all tracked elements of {@code 0_W}) with a plain-language
 * verdict.
 *
 * @param key DL4J parameter key, e.g. {@code 0_W}
 * @param layer layer index or vertex name
 * @param kind parameter kind ({@code W}, {@code b}, ...)
 * @param updater updater class name
 * @param trackedParameters tracked elements
 * @param totalParameters elements in the block
 * @param predictedParameters elements with a prediction
 * @param medianRatio median observed/predicted variance over predicted elements
 * @param medianFluctuationDissipationRatio median FDR ratio
 * @param fractionDrifting fraction of elements whose drift test fires
 * @param medianTemperature median {@code T = h Var}
 * @param medianMeasuredAlpha median {@code T / (lr sigma^2_B)}: 1/2 by THEORY.md 2, the lecture's 1/10
 * @param temperatureNoiseSlope least-squares slope of {@code log T} on {@code log sigma^2_B} across the
 *     group's parameters (THEORY.md 2: 1 for SGD, about 1/2 for RMSProp, 0 for {@code eta'/sigma^2});
 *     NaN with fewer than 3 parameters or no spread in the noise
 * @param temperatureNoiseSlopeStandardError its OLS standard error
 * @param settled whether the group looks stationary (FDR near 1, few drifting elements)
 * @param verdict plain-language verdict
 */
public record GroupReport(String key, String layer, String kind, String updater, int trackedParameters,
                          long totalParameters, int predictedParameters, double medianRatio,
                          double medianFluctuationDissipationRatio, double fractionDrifting,
                          double medianTemperature, double medianMeasuredAlpha, double temperatureNoiseSlope,
                          double temperatureNoiseSlopeStandardError, boolean settled, String verdict) {
}
