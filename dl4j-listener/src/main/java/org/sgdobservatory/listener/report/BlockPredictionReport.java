package org.sgdobservatory.listener.report;

import java.util.List;

/**
 * The full-block prediction of one small group (THEORY.md 2: per-parameter predictions assume a diagonal
 * Hessian and underestimate the spread of coupled parameters).
 *
 * @param key DL4J parameter key of the group
 * @param parameters group size
 * @param predictedVariances diagonal of the full-block stationary covariance, in report order; empty if none
 * @param medianRatioObservedToFull median observed / full-block predicted variance
 * @param medianRatioDiagonalToFull median diagonal-approximation / full-block prediction: how far off the
 *     per-parameter prediction is
 * @param basis what the prediction used, or why there is none
 */
public record BlockPredictionReport(String key, int parameters, List<Double> predictedVariances,
                                    double medianRatioObservedToFull, double medianRatioDiagonalToFull,
                                    String basis) {

    /** Copies the list. */
    public BlockPredictionReport {
        predictedVariances = List.copyOf(predictedVariances);
    }
}
