package org.sgdobservatory.listener;

/**
 * The seam between the listener's measurements and the theory: predicts one parameter's stationary
 * variance from its updater, learning rate, curvature and noise, for a data order. The listener never
 * holds the formulas itself; the default implementation delegates to sim-core's closed forms.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface StationaryPredictor {

    /**
     * Predicts the stationary variance of one coordinate under a diagonal-Hessian (decoupled) model.
     *
     * @param input measured curvature, noise and configuration
     * @return a prediction, or {@link VariancePrediction#notPredicted(String)} with the reason (curvature
     *     {@code <= 0}, {@code eta h >= 2}, unsupported updater, no theory for the data order)
     */
    VariancePrediction predict(PredictionInput input);
}
