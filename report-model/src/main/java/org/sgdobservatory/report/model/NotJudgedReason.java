package org.sgdobservatory.report.model;

/** Why a parameter, group or run was not judged ({@code docs/verdicts.md#not-judged}). */
public enum NotJudgedReason {
    /** Too few effective samples: the window is short compared with the autocorrelation time. */
    WINDOW_TOO_SHORT,
    /**
     * The autocorrelation time is not resolved by the window: a parameter's is only bounded from below, or a set's
     * drift scores are wider than its measured autocorrelation allows.
     */
    AUTOCORRELATION_UNRESOLVED,
    /** The trace drifts (Geweke test), so it has no stationary variance to compare. */
    DRIFTING,
    /** There is no prediction; the prediction's own reason says why. */
    NOT_PREDICTED,
    /** A fixed cyclic data order: a limit cycle, not a density. */
    LIMIT_CYCLE,
    /** A group or run whose parameters did not settle (too many drift, or the FDR ratio is far from 1). */
    NOT_SETTLED,
    /** A group or run with too few judged parameters for a coverage test. */
    TOO_FEW_JUDGED,
    /** The updater has no stationary theory. */
    UNSUPPORTED_UPDATER,
    /** Nothing was observed. */
    NO_SAMPLES
}
