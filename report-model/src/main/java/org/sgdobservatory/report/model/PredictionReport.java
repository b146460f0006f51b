package org.sgdobservatory.report.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The theory's stationary variance for one parameter (or direction), or why there is none.
 *
 * @param notPredicted empty when predicted; otherwise the reason
 * @param variance the prediction for the run's data order with its standard error (from the probes' sampling errors
 *     and any Monte Carlo error, by the delta method); NaN when not predicted
 * @param varianceIid the lecture's i.i.d.-minibatch prediction, shown beside it; NaN when none
 * @param limitCycleSpread for a fixed cyclic data order: the predicted spread over the orbit; NaN otherwise
 * @param method what the prediction for the run's data order rests on; {@link PredictionMethod#NONE} when not
 *     predicted
 * @param basis what the prediction used (formula, approximations), or the reason in words
 */
public record PredictionReport(Optional<NotPredictedReason> notPredicted, Measurement variance, double varianceIid,
                               double limitCycleSpread, PredictionMethod method, String basis) {

    /** Validates: a prediction names its method, a missing one has {@link PredictionMethod#NONE}. */
    public PredictionReport {
        Objects.requireNonNull(notPredicted, "notPredicted");
        Objects.requireNonNull(variance, "variance");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(basis, "basis");
        if (notPredicted.isPresent() != (method == PredictionMethod.NONE)) {
            throw new IllegalArgumentException("method must be NONE exactly when not predicted, was " + method
                    + " with notPredicted " + notPredicted);
        }
    }

    /** Whether there is a prediction for the run's data order. */
    public boolean predicted() {
        return notPredicted.isEmpty();
    }
}
