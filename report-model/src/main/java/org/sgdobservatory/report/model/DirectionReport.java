package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * One eigen-direction {@code v_k}: its eigenvalue, the observed spread of the projection {@code s_k = a_k . theta}
 * ({@code a_k = v_k}, or {@code P^{-1/2} v_k} with a preconditioner), the noise along it, the prediction and the
 * verdict, with the same statistics as a parameter.
 *
 * @param index 0 for the largest eigenvalue
 * @param spectrum the eigenvalue and how well it was found
 * @param observed the projection's statistics: variance, interval, tau and ESS of the estimator {@code spread} names
 * @param spread which variance {@code observed} holds (within blocks, about the projection's slowly moving centre,
 *     or over the whole window) and how much of the window's variance the centre's wandering adds
 * @param noiseVariance {@code c_k = w_k' Sigma_B w_k} ({@code w_k = v_k}, or {@code P^{1/2} v_k}) with its standard
 *     error, for the run's data order
 * @param prediction the theory's variance of the projection
 * @param comparison observed against predicted; temperature {@code T_k = lambda_k Var_k}
 * @param drift the stationarity checks of the projection
 * @param verdict consistent, inconsistent or not judged (and why)
 * @param histogram equal-width bins of all observed values of the projection
 */
public record DirectionReport(int index, Spectrum spectrum, ParameterReport.Observed observed, Spread spread,
                              Measurement noiseVariance, PredictionReport prediction,
                              ParameterReport.Comparison comparison, ParameterReport.Drift drift, Verdict verdict,
                              CloseUpReport.Histogram histogram)
        implements Compared {

    /** Validates. */
    public DirectionReport {
        Objects.requireNonNull(spectrum, "spectrum");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(spread, "spread");
        Objects.requireNonNull(noiseVariance, "noiseVariance");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(histogram, "histogram");
    }

    /**
     * An eigenvalue.
     *
     * @param eigenvalue {@code lambda_k} with its sampling standard error over the probe examples
     * @param residual Lanczos's residual norm {@code ||A v - lambda v||}
     * @param converged whether the residual met the tolerance
     * @param learningRateTimesEigenvalue {@code eta lambda_k}: SGD is unstable at 2 (the edge of stability)
     */
    public record Spectrum(Measurement eigenvalue, double residual, boolean converged,
                           double learningRateTimesEigenvalue) {
    }

    /** Which variance of the projection a direction is judged on ({@code docs/estimators.md#within-block-variance}). */
    public enum Estimator {
        /**
         * The mean variance within blocks many fast relaxation times long, about each block's own mean, corrected
         * for the block's finite length: the spread about a centre that wanders slowly, which is what the quadratic
         * theory predicts.
         */
        WITHIN_BLOCKS,
        /**
         * The variance over the whole window: the window holds too few blocks long enough for the direction's
         * relaxation.
         */
        WHOLE_WINDOW,
        /**
         * The variance over the whole window: with momentum the fast component is not an AR(1) trace, for which the
         * blocks' finite-length correction is derived.
         */
        WHOLE_WINDOW_WITH_MOMENTUM
    }

    /**
     * How a direction's variance was measured.
     *
     * @param estimator the variance {@code observed} holds
     * @param wholeWindowVariance the projection's variance over the whole window
     * @param slowShare {@code 1 - Var_within / Var_window}: the share of the window's variance that comes from the
     *     centre's slow wandering; NaN over the whole window
     * @param groupLength samples per block of the within-block estimate, 0 over the whole window
     * @param groups number of such blocks, 0 over the whole window
     * @param biasCorrection the factor the blocks' variances were multiplied by for their finite length (1 over the
     *     whole window): the AR(1) correction for minibatches drawn independently; for reshuffled ones the midpoint
     *     between none and that one, the half-width ({@code biasCorrection - 1} of the uncorrected value) entering
     *     the standard error as a rectangular distribution's
     * @param measuredStepRate {@code cov(s, u) / Var}: the share of its deviation from the centre one step takes
     *     back, per iteration; on a quadratic with minibatches drawn independently {@code eta lambda}
     *     ({@link Spectrum#learningRateTimesEigenvalue}, with the frame's preconditioner), so a ratio far from 1 says
     *     the effective step along the direction is not the one predicted; reshuffled minibatches raise it somewhat
     *     (an epoch's noise anti-correlates with the deviation it has built); NaN over the whole window
     */
    public record Spread(Estimator estimator, double wholeWindowVariance, double slowShare, long groupLength,
                         int groups, double biasCorrection, double measuredStepRate) {

        /** Validates. */
        public Spread {
            Objects.requireNonNull(estimator, "estimator");
        }

        /** Whether the variance was measured within blocks, about the projection's slowly moving centre. */
        public boolean withinBlocks() {
            return estimator == Estimator.WITHIN_BLOCKS;
        }

        /** The whole window's variance, measured that way for {@code why}, a whole-window estimator. */
        public static Spread wholeWindow(Estimator why, double variance) {
            if (why == Estimator.WITHIN_BLOCKS) {
                throw new IllegalArgumentException("not a whole-window estimator: " + why);
            }
            return new Spread(why, variance, Double.NaN, 0, 0, 1, Double.NaN);
        }
    }
}
