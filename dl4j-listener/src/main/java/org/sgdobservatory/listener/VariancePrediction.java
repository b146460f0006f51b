package org.sgdobservatory.listener;

import java.util.Objects;

/**
 * A per-parameter stationary-variance prediction, or the reason there is none ("theory does not apply"
 * is an answer, not an exception).
 *
 * @param variance the predicted stationary variance, NaN when not predicted
 * @param basis what the prediction used (formula, approximation) or why there is none
 */
public record VariancePrediction(double variance, String basis) {

    /** Validates: a prediction is finite and positive, or NaN with a reason. */
    public VariancePrediction {
        Objects.requireNonNull(basis, "basis");
        if (!Double.isNaN(variance) && !(variance > 0 && Double.isFinite(variance))) {
            throw new IllegalArgumentException("variance must be finite and > 0, or NaN for 'not predicted', was "
                    + variance);
        }
    }

    /** Not predicted, with the reason. */
    public static VariancePrediction notPredicted(String reason) {
        return new VariancePrediction(Double.NaN, reason);
    }

    /** Whether this is a prediction. */
    public boolean predicted() {
        return !Double.isNaN(variance);
    }
}
