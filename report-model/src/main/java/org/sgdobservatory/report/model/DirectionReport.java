package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * One eigen-direction {@code v_k}: its eigenvalue, the observed spread of the projection {@code s_k = a_k . theta}
 * ({@code a_k = v_k}, or {@code P^{-1/2} v_k} with a preconditioner), the noise along it, the prediction and the
 * verdict, with the same statistics as a parameter.
 *
 * @param index 0 for the largest eigenvalue
 * @param spectrum the eigenvalue and how well it was found
 * @param observed the projection's statistics
 * @param noiseVariance {@code c_k = w_k' Sigma_B w_k} ({@code w_k = v_k}, or {@code P^{1/2} v_k}) with its standard
 *     error, for the run's data order
 * @param prediction the theory's variance of the projection
 * @param comparison observed against predicted; temperature {@code T_k = lambda_k Var_k}
 * @param drift the stationarity checks of the projection
 * @param verdict consistent, inconsistent or not judged (and why)
 * @param histogram equal-width bins of all observed values of the projection
 */
public record DirectionReport(int index, Spectrum spectrum, ParameterReport.Observed observed,
                              Measurement noiseVariance, PredictionReport prediction,
                              ParameterReport.Comparison comparison, ParameterReport.Drift drift, Verdict verdict,
                              CloseUpReport.Histogram histogram)
        implements Compared {

    /** Validates. */
    public DirectionReport {
        Objects.requireNonNull(spectrum, "spectrum");
        Objects.requireNonNull(observed, "observed");
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
}
