package org.sgdobservatory.report.model;

/** How an integrated autocorrelation time was obtained ({@code docs/estimators.md#batch-means}). */
public enum AutocorrelationMethod {
    /** Multi-level batch means, resolved (the longest blocks are long compared with tau). */
    BATCH_MEANS,
    /** Batch means still growing at the longest block: a lower bound. */
    LOWER_BOUND,
    /** A lower bound raised to the theory's relaxation time, which was larger. */
    THEORY_FLOOR,
    /** Not estimable (too few samples). */
    NONE
}
