package org.sgdobservatory.listener.predict;

import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.sim.theory.Prediction;

/**
 * A per-parameter stationary-variance prediction, or the reason there is none ("theory does not apply" is an answer,
 * not an exception).
 *
 * @param notPredicted empty when predicted; otherwise the reason
 * @param variance the predicted stationary variance; NaN when not predicted
 * @param monteCarloStandardError the prediction's own numerical error (a simulation's Monte Carlo error, a table's
 *     interpolation error; 0 for a closed form); the error from the measured inputs is added by the prediction stage
 * @param basis what the prediction used (formula, approximation) or why there is none, in words
 */
public record VariancePrediction(Optional<NotPredictedReason> notPredicted, double variance,
                                 double monteCarloStandardError, String basis) {

    /** Validates: a prediction is finite and positive, or NaN with a reason. */
    public VariancePrediction {
        Objects.requireNonNull(notPredicted, "notPredicted");
        Objects.requireNonNull(basis, "basis");
        if (notPredicted.isEmpty() && !(variance > 0 && Double.isFinite(variance))) {
            throw new IllegalArgumentException("a predicted variance must be finite and > 0, was " + variance
                    + "; use VariancePrediction.notPredicted(reason, why) instead");
        }
    }

    /** A prediction with its own numerical error (0 for a closed form). */
    public static VariancePrediction of(double variance, double monteCarloStandardError, String basis) {
        return new VariancePrediction(Optional.empty(), variance, monteCarloStandardError, basis);
    }

    /** Not predicted, with the reason. */
    public static VariancePrediction notPredicted(NotPredictedReason reason, String explanation) {
        return new VariancePrediction(Optional.of(reason), Double.NaN, Double.NaN, explanation);
    }

    /**
     * sim-core's answer as a prediction: a stationary variance (0 becomes "no noise measured"), or its reason mapped
     * one to one.
     */
    public static VariancePrediction of(Prediction p) {
        if (p instanceof Prediction.Stationary s) {
            return s.variance() > 0 ? of(s.variance(), 0.0, "sim-core: " + s.method())
                    : notPredicted(NotPredictedReason.NO_NOISE, "zero predicted variance (no gradient noise measured)");
        }
        Prediction.NotApplicable na = (Prediction.NotApplicable) p;
        return notPredicted(reason(na.reason()), na.explanation());
    }

    /** sim-core's reason as the report's. */
    public static NotPredictedReason reason(Prediction.Reason r) {
        return switch (r) {
            case UNSTABLE -> NotPredictedReason.UNSTABLE;
            case NON_POSITIVE_CURVATURE -> NotPredictedReason.NON_POSITIVE_CURVATURE;
            case INVALID_INPUT -> NotPredictedReason.INVALID_INPUT;
            case TOO_FEW_SAMPLES -> NotPredictedReason.TOO_FEW_SAMPLES;
            case UNSUPPORTED_OPTIMIZER -> NotPredictedReason.UNSUPPORTED_OPTIMIZER;
            case LIMIT_CYCLE -> NotPredictedReason.LIMIT_CYCLE;
            case INFINITE_VARIANCE -> NotPredictedReason.INFINITE_VARIANCE;
            case NO_STATIONARY_STATE -> NotPredictedReason.NO_STATIONARY_STATE;
        };
    }

    /** Whether this is a prediction. */
    public boolean predicted() {
        return notPredicted.isEmpty();
    }
}
