package org.sgdobservatory.report.model;

/**
 * Why a stationary variance was not predicted ({@code docs/verdicts.md#not-predicted}). The first eight mirror
 * sim-core's {@code Prediction.Reason} one for one (the listener maps them with an exhaustive switch); the rest are
 * the listener's own.
 */
public enum NotPredictedReason {
    /** The linearised dynamics are unstable, e.g. {@code eta h >= 2} for SGD. */
    UNSTABLE,
    /** The curvature is {@code <= 0}: there is no minimum to fluctuate around. */
    NON_POSITIVE_CURVATURE,
    /** An input is NaN, infinite or outside its domain. */
    INVALID_INPUT,
    /** Too few effectively independent samples. */
    TOO_FEW_SAMPLES,
    /** No closed form or simulation for this optimizer. */
    UNSUPPORTED_OPTIMIZER,
    /** Fixed data order: a periodic orbit, not a density. */
    LIMIT_CYCLE,
    /** The stationary law's variance is infinite. */
    INFINITE_VARIANCE,
    /** No stationary state exists. */
    NO_STATIONARY_STATE,
    /** The probes did not measure curvature and noise for this parameter. */
    NOT_PROBED,
    /** No gradient noise was measured (zero noise variance): the predicted spread would be zero. */
    NO_NOISE,
    /** Reshuffling with an epoch length the listener could not determine. */
    UNKNOWN_EPOCH_LENGTH,
    /** The predictor has no theory for this combination of optimizer and data order. */
    NO_THEORY_FOR_DATA_ORDER
}
