package org.sgdobservatory.report.model;

/**
 * The three answers a comparison of theory and measurement can give ({@code docs/verdicts.md#states}): the
 * observatory never says a prediction holds for what it did not judge.
 */
public enum VerdictState {
    /** Judged, and the measurement agrees with the prediction within the stated uncertainty. */
    CONSISTENT,
    /** Judged, and the measurement disagrees with the prediction beyond the stated uncertainty. */
    INCONSISTENT,
    /** Not judged; the reason says why ({@link NotJudgedReason}). */
    NOT_JUDGED
}
