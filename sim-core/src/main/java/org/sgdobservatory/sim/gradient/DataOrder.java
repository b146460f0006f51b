package org.sgdobservatory.sim.gradient;

/**
 * How the minibatches of a finite data set are drawn (docs/data-order.md#three-data-orders). The stationary spread
 * depends on it by up to an order of magnitude.
 */
public enum DataOrder {
    /** Each step draws B examples independently, with replacement: {@code Sigma_B = C/B}. */
    IID_WITH_REPLACEMENT,
    /** Each step draws B distinct examples: {@code Sigma_B = (C/B)(n-B)/(n-1)}. */
    IID_WITHOUT_REPLACEMENT,
    /**
     * A new random permutation every epoch, then consecutive batches (a shuffling DL4J iterator):
     * the batch noises of an epoch sum to zero.
     */
    RESHUFFLE,
    /**
     * The data in its stored order every epoch (a non-shuffling iterator): the parameters settle on a
     * limit cycle of period one epoch, not a density.
     */
    CYCLIC
}
