package org.sgdobservatory.listener;

/**
 * The default {@link StationaryPredictor}: delegates to sim-core's closed forms.
 *
 * <p>Stateless and thread-safe.
 */
public final class SimCorePredictor implements StationaryPredictor {

    /** Creates the predictor. */
    public SimCorePredictor() {
    }

    @Override
    public VariancePrediction predict(PredictionInput input) {
        return VariancePrediction.notPredicted("sim-core theory not available in this build");
    }

    @Override
    public String toString() {
        return "SimCorePredictor";
    }
}
