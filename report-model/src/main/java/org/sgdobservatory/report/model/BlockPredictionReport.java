package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full-block prediction of one small group: per-parameter predictions assume a diagonal Hessian and
 * underestimate the spread of coupled parameters ({@code docs/theory.md#the-diagonal-hessian-approximation}).
 *
 * @param key DL4J parameter key of the group
 * @param parameters group size
 * @param predictedVariances diagonal of the full-block stationary covariance, in report order; empty if none
 * @param medianRatioObservedToFull median observed / full-block predicted variance
 * @param medianRatioDiagonalToFull median diagonal-approximation / full-block prediction
 * @param notPredicted empty when predicted; otherwise the reason
 * @param basis what the prediction used, or why there is none
 */
public record BlockPredictionReport(String key, int parameters, List<Double> predictedVariances,
                                    double medianRatioObservedToFull, double medianRatioDiagonalToFull,
                                    Optional<NotPredictedReason> notPredicted, String basis) {

    /** Copies the list. */
    public BlockPredictionReport {
        Objects.requireNonNull(key, "key");
        predictedVariances = List.copyOf(predictedVariances);
        Objects.requireNonNull(notPredicted, "notPredicted");
        Objects.requireNonNull(basis, "basis");
    }
}
