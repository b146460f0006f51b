package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * One tracked parameter over the observation window: what was observed, what the probes measured, what the theory
 * predicts, how the two compare and the verdict. Absent numbers are NaN ({@code null} in JSON).
 *
 * @param key DL4J parameter key of its block, e.g. {@code 0_W}
 * @param index index inside the block (flattened, DL4J order)
 * @param rate the updater and the rates in force
 * @param observed the trace's statistics
 * @param probed curvature and gradient noise at the window mean
 * @param prediction the theory's stationary variance, or why there is none
 * @param comparison observed against predicted, temperature
 * @param drift the stationarity checks
 * @param verdict consistent, inconsistent or not judged (and why)
 */
public record ParameterReport(String key, long index, Rate rate, Observed observed, Probed probed,
                              PredictionReport prediction, Comparison comparison, Drift drift, Verdict verdict)
        implements Compared {

    /** Validates. */
    public ParameterReport {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(probed, "probed");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * The updater and the rates in force at the end of the window.
     *
     * @param updater the updater family
     * @param learningRate the configured learning rate
     * @param effectiveLearningRate the per-parameter step rate: {@code lr} for Sgd and Nesterovs,
     *     {@code lr / (sqrt(v) + eps)} for RmsProp (its state {@code v} read from the updater),
     *     {@code lr / sigma^2} for the {@code eta'/sigma^2} rule
     */
    public record Rate(UpdaterKind updater, double learningRate, double effectiveLearningRate) {
    }

    /**
     * The trace's statistics over the window.
     *
     * @param mean mean of theta
     * @param variance the observed variance (population, {@code 1/n}) with its standard error
     *     {@code sqrt(Var((theta - mean)^2) tau2 / n)} and a 95% interval
     *     ({@code docs/estimators.md#standard-error-of-a-variance})
     * @param integratedAutocorrelationTime tau in the ESS convention ({@code ESS = n/tau})
     * @param squaredAutocorrelationTime the integrated autocorrelation time of the squared deviations
     *     {@code (theta - mean)^2}, which sets the variance's standard error; {@code 1 + 2 sum rho_k^2} for a
     *     Gaussian trace
     * @param effectiveSampleSize {@code n / tau}
     * @param autocorrelationMethod how tau was obtained
     * @param limitCycleSpread for a fixed cyclic data order: the spread of theta over the epoch orbit, NaN otherwise
     */
    public record Observed(double mean, Interval variance, double integratedAutocorrelationTime,
                           double squaredAutocorrelationTime, double effectiveSampleSize,
                           AutocorrelationMethod autocorrelationMethod, double limitCycleSpread) {
    }

    /**
     * What the probes measured for this parameter at the window mean.
     *
     * @param curvature the Hessian diagonal {@code h} with its standard error (regularisation included)
     * @param curvatureMethod how {@code h} was measured
     * @param noiseVariance {@code sigma^2_B}, the variance of the minibatch-mean gradient at fixed parameters,
     *     with its standard error
     * @param noiseExcessKurtosis excess kurtosis of the minibatch noise (0 for Gaussian noise)
     * @param noiseTailIndex Hill estimate of the per-example deviations' tail index (large for Gaussian noise)
     */
    public record Probed(Measurement curvature, CurvatureMethod curvatureMethod, Measurement noiseVariance,
                         double noiseExcessKurtosis, double noiseTailIndex) {
    }

    /**
     * Observed against predicted.
     *
     * @param ratio observed / predicted variance, its standard error and 95% interval combining the observed
     *     variance's error and the prediction's ({@code docs/verdicts.md#ratio-interval})
     * @param temperature {@code T = h Var}
     * @param measuredAlpha {@code T / (eta_eff sigma^2_B)}, against the value the theory expects for this optimizer
     *     and data order
     */
    public record Comparison(Interval ratio, double temperature, double measuredAlpha) {
    }

    /**
     * Stationarity checks of the trace.
     *
     * @param fluctuationDissipationRatio {@code 2 E[(theta - mean) u] / E[u^2]}: 1 when stationary
     * @param gewekeZ split-window drift statistic as a standard-normal score
     * @param drifting whether {@code |gewekeZ|} exceeds the drift threshold
     */
    public record Drift(double fluctuationDissipationRatio, double gewekeZ, boolean drifting) {
    }
}
