package org.sgdobservatory.listener.report;

import org.sgdobservatory.sim.stats.Estimate;

/**
 * Diagnostics of one tracked parameter over the observation window. Non-finite numbers (NaN when not
 * estimable) are written as JSON {@code null}.
 *
 * @param key DL4J parameter key of its block, e.g. {@code 0_W}
 * @param index index inside the block (flattened, DL4J order)
 * @param updater the updater family of the block
 * @param learningRate learning rate in force at the end of the window
 * @param effectiveLearningRate the per-parameter rate at the end of the window: {@code lr} for Sgd and
 *     Nesterovs, {@code lr / (sqrt(v) + eps)} for RmsProp with its state {@code v} read from the updater
 * @param mean mean of theta
 * @param variance observed variance of theta (population, {@code 1/n})
 * @param varianceStandardError {@code Var sqrt(2 tau2/n)} (Bartlett, ESS-based)
 * @param varianceLow95 lower end of the 95% interval (chi-square with {@code 2/rse^2} degrees of freedom)
 * @param varianceHigh95 upper end of the 95% interval
 * @param integratedAutocorrelationTime tau in the ESS convention ({@code ESS = n/tau}); when the window is too
 *     short to resolve it (multi-level batch means still growing at the longest block), a lower bound, raised to
 *     the theory's relaxation time {@code (2 - eta h)/(eta h)} when that is larger
 * @param effectiveSampleSize {@code n / tau}
 * @param curvature Hessian diagonal {@code h}, regularisation included: exact for dense ReLU-type stacks, otherwise
 *     Hutchinson's estimate (finding {@code CURVATURE_METHOD})
 * @param gradientNoiseVariance {@code sigma^2_B}: variance of the minibatch-mean gradient at fixed params
 * @param gradientNoiseExcessKurtosis excess kurtosis of the minibatch noise (per-example value / B): 0 for the
 *     lecture's Gaussian noise; the parameters' own kurtosis is smaller by about {@code eta h} (THEORY-NOTES 6.6)
 * @param gradientNoiseTailIndex Hill estimate (Hill 1975) of the tail index of the per-example gradient deviations
 *     {@code |g_e - mean|} at the window mean, from the {@code floor(sqrt(m))} largest of {@code m} examples:
 *     below 2 means infinite-variance noise, Gaussian noise gives a large value; NaN when not measured
 * @param temperature {@code T = h * Var}
 * @param measuredAlpha {@code T / (lr * sigma^2_B)}, to hold against 1/2 (THEORY.md 2) and the lecture's 1/10
 * @param predictedVariance stationary variance predicted for the detected data order, NaN if not predicted
 * @param predictedVarianceIid the lecture's i.i.d.-minibatch prediction shown beside it
 * @param limitCycleSpread for a fixed cyclic data order: the observed time-averaged spread (variance about the
 *     mean) of theta over the window, i.e. over the epoch orbit; NaN for other orders
 * @param predictedLimitCycleSpread for a fixed cyclic data order: the spread of sim-core's
 *     {@code CyclicOrderQuadratic1D} orbit with the measured curvature and the per-minibatch gradient noises
 *     of the epoch in training order; NaN for other orders or when the epoch's minibatches are not known
 * @param prediction what the prediction used, or why there is none
 * @param ratio observed / predicted variance
 * @param ratioStandardError its standard error from the observed variance's standard error
 * @param ratioLow95 lower end of the ratio's 95% interval (from the variance interval; prediction uncertainty
 *     not included)
 * @param ratioHigh95 upper end of the ratio's 95% interval
 * @param fluctuationDissipationRatio {@code 2 E[(theta-mean) u]/E[u^2]}: 1 when stationary
 * @param gewekeZ split-window drift statistic (first 10% vs last 50%), reported as the standard-normal score of
 *     its Student-t p-value (the spectral density at zero is a batch-means estimate with few degrees of
 *     freedom)
 * @param drifting whether {@code |gewekeZ| > 3.29} (two-sided 0.001)
 */
public record ParameterReport(String key, long index, String updater, double learningRate,
                              double effectiveLearningRate, double mean,
                              double variance, double varianceStandardError, double varianceLow95,
                              double varianceHigh95, double integratedAutocorrelationTime,
                              double effectiveSampleSize, double curvature, double gradientNoiseVariance,
                              double gradientNoiseExcessKurtosis, double gradientNoiseTailIndex,
                              double temperature, double measuredAlpha, double predictedVariance,
                              double predictedVarianceIid, double limitCycleSpread,
                              double predictedLimitCycleSpread, String prediction, double ratio,
                              double ratioStandardError, double ratioLow95, double ratioHigh95,
                              double fluctuationDissipationRatio, double gewekeZ,
                              boolean drifting) {

    /** The observed variance as sim-core's {@code Estimate} (value, standard error, effective sample size). */
    public Estimate varianceEstimate() {
        return new Estimate(variance, varianceStandardError >= 0 ? varianceStandardError : Double.NaN,
                effectiveSampleSize >= 0 ? effectiveSampleSize : 0);
    }

    /** Observed / predicted variance as an {@code Estimate} (prediction uncertainty not included). */
    public Estimate ratioEstimate() {
        return new Estimate(ratio, ratioStandardError >= 0 ? ratioStandardError : Double.NaN,
                effectiveSampleSize >= 0 ? effectiveSampleSize : 0);
    }
}
