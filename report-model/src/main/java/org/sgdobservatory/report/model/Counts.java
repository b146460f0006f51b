package org.sgdobservatory.report.model;

/**
 * How many parameters a group or run holds, tracks and predicts.
 *
 * @param tracked parameters tracked
 * @param total parameters in the block or network
 * @param predicted tracked parameters with a prediction for the run's data order
 * @param judged predicted parameters that could be judged (enough effective samples, no drift)
 */
public record Counts(int tracked, long total, int predicted, int judged) {
}
