package org.sgdobservatory.listener.predict;

import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.sim.theory.Prediction;

/**
 * A per-parameter stationary-variance prediction, or the reason there is none ("theory does not apply" is an answer,
 * not an exception).
 *
 * @param notPredicted empty when predicted; otherwise the reason
 * @param variance the predicted stationary variance; NaN when not predicted
 * @param monteCarloStandardError the prediction's own numerical standard error: a simulation's Monte Carlo error, a
 *     table's nodes' Monte Carlo error combined with its interpolation bound; 0 for a closed form. The error from the
 *     measured inputs is added by the prediction stage
 * @param elasticities {@code d ln V/d ln h} and {@code d ln V/d ln sigma^2} when the predictor knows them (the RMSProp
 *     table), else {@link StationaryPredictor.Elasticities#UNKNOWN}
 * @param method what the prediction rests on; {@link PredictionMethod#NONE} when not predicted
 * @param basis what the prediction used (formula, approximation) or why there is none, in words
 */
public record VariancePrediction(Optional<NotPredictedReason> notPredicted, double variance,
                                 double monteCarloStandardError, StationaryPredictor.Elasticities elasticities,
                                 PredictionMethod method, String basis) {

    /** Validates: a prediction is finite and positive with a method, or NaN with a reason and no method. */
    public VariancePrediction {
        Objects.requireNonNull(notPredicted, "notPredicted");
        Objects.requireNonNull(elasticities, "elasticities");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(basis, "basis");
        if (notPredicted.isEmpty() && !(variance > 0 && Double.isFinite(variance))) {
            throw new IllegalArgumentException("a predicted variance must be finite and > 0, was " + variance
                    + "; use VariancePrediction.notPredicted(reason, why) instead");
        }
        if (notPredicted.isPresent() != (method == PredictionMethod.NONE)) {
            throw new IllegalArgumentException("method must be NONE exactly when not predicted, was " + method);
        }
    }

    /** A prediction with its own numerical error (0 for a closed form); elasticities unknown. */
    public static VariancePrediction of(double variance, double monteCarloStandardError, PredictionMethod method,
                                        String basis) {
        return of(variance, monteCarloStandardError, StationaryPredictor.Elasticities.UNKNOWN, method, basis);
    }

    /** A prediction with its own numerical error and its elasticities. */
    public static VariancePrediction of(double variance, double monteCarloStandardError,
                                        StationaryPredictor.Elasticities elasticities, PredictionMethod method,
                                        String basis) {
        return new VariancePrediction(Optional.empty(), variance, monteCarloStandardError, elasticities, method,
                basis);
    }

    /** Not predicted, with the reason. */
    public static VariancePrediction notPredicted(NotPredictedReason reason, String explanation) {
        return new VariancePrediction(Optional.of(reason), Double.NaN, Double.NaN,
                StationaryPredictor.Elasticities.UNKNOWN, PredictionMethod.NONE, explanation);
    }

    /**
     * sim-core's closed-form answer as a prediction ({@link PredictionMethod#CLOSED_FORM}).
     *
     * @see #of(Prediction, PredictionMethod)
     */
    public static VariancePrediction of(Prediction p) {
        return of(p, PredictionMethod.CLOSED_FORM);
    }

    /**
     * sim-core's answer as a prediction by {@code method}: a stationary variance (0 becomes "no noise measured"), or
     * its reason mapped one to one.
     */
    public static VariancePrediction of(Prediction p, PredictionMethod method) {
        if (p instanceof Prediction.Stationary s) {
            return s.variance() > 0 ? of(s.variance(), 0.0, method, "sim-core: " + s.method())
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
