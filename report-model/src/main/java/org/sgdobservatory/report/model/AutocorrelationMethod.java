package org.sgdobservatory.report.model;

/** How an integrated autocorrelation time was obtained ({@code docs/estimators.md#batch-means}). */
public enum AutocorrelationMethod {
    /** Multi-level batch means, resolved (the longest blocks are long compared with tau). */
    BATCH_MEANS,
    /** Batch means still growing at the longest block: a lower bound. */
    LOWER_BOUND,
    /** A lower bound raised to the theory's relaxation time, which was larger. */
    THEORY_FLOOR,
    /**
     * The relaxation time of a fast component measured about a slowly moving centre (an eigen-direction's
     * within-block spread): the longer of the theory's and the one the one-step covariance with the updates implies.
     */
    FAST_COMPONENT,
    /** Not estimable (too few samples). */
    NONE
}
