package org.sgdobservatory.sim.spectral;

import java.util.Objects;
import java.util.Optional;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.Prediction;

/**
 * The stationary theory along one eigendirection {@code k}: the inputs, the closed-form answer, and
 * that answer with its uncertainty.
 *
 * <p>The variance's standard error is propagated from the noise variance's by the delta method. Every
 * closed form used is proportional to the noise variance {@code c_k} at fixed {@code eta, l_k} (and
 * {@code mu}, {@code K}), so {@code Var_k = G c_k} and {@code SE(Var_k) = G SE(c_k)} with the gain
 * {@code G = Var_k(c = 1)}: the propagation is exact, not a linearisation. The eigenvalue is taken as
 * exact (its Lanczos error is at most the residual norm, usually far below the noise's relative
 * error); the effective sample size is {@code c_k}'s.
 *
 * @param curvature the eigenvalue {@code l_k} (of {@code H}, or of {@code P^{1/2} H P^{1/2}} when
 *     preconditioned)
 * @param noiseVariance {@code c_k}, the per-step minibatch noise variance along the direction
 * @param learningRateTimesCurvature {@code eta l_k}, the dimensionless step (stable below 2 for SGD,
 *     below {@code 2(1+mu)/(1+2mu)} for Nesterovs); its inverse is the relaxation time in steps
 * @param prediction the closed form's answer: a stationary variance or why there is none
 * @param stationaryVariance {@code Var_k} with standard error, present iff {@code prediction} is
 *     stationary
 * @param temperature {@code T_k = l_k Var_k} with standard error {@code l_k SE(Var_k)}, present iff
 *     {@code prediction} is stationary
 */
public record DirectionalPrediction(double curvature, Estimate noiseVariance, double learningRateTimesCurvature,
        Prediction prediction, Optional<Estimate> stationaryVariance, Optional<Estimate> temperature) {

    /** Validates that the variance and temperature are present exactly when the prediction applies. */
    public DirectionalPrediction {
        Objects.requireNonNull(noiseVariance, "noiseVariance");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(stationaryVariance, "stationaryVariance");
        Objects.requireNonNull(temperature, "temperature");
        if (prediction.isApplicable() != stationaryVariance.isPresent()
                || prediction.isApplicable() != temperature.isPresent()) {
            throw new IllegalArgumentException("stationaryVariance and temperature must be present iff the "
                    + "prediction applies, but prediction is " + prediction + " with variance "
                    + stationaryVariance + " and temperature " + temperature + "; pass Optional.empty() for a "
                    + "NotApplicable prediction");
        }
    }

    /** Whether the closed form applies in this direction. */
    public boolean isApplicable() {
        return prediction.isApplicable();
    }
}
