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
 * @param basis what the prediction used (formula, approximations), or the reason in words
 */
public record PredictionReport(Optional<NotPredictedReason> notPredicted, Measurement variance, double varianceIid,
                               double limitCycleSpread, String basis) {

    /** Validates. */
    public PredictionReport {
        Objects.requireNonNull(notPredicted, "notPredicted");
        Objects.requireNonNull(variance, "variance");
        Objects.requireNonNull(basis, "basis");
    }

    /** Whether there is a prediction for the run's data order. */
    public boolean predicted() {
        return notPredicted.isEmpty();
    }
}
