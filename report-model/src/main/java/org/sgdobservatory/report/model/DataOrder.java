package org.sgdobservatory.report.model;

/**
 * The order in which training minibatches visit the data: the one vocabulary of the listener, its report and the
 * command line. The stationary spread depends on it by up to an order of magnitude
 * ({@code docs/data-order.md#three-data-orders}).
 */
public enum DataOrder {
    /** Independent random minibatches each step (sampling with replacement): the lecture's assumption. */
    IID,
    /** A new permutation each epoch, then consecutive minibatches (a shuffling iterator). */
    RESHUFFLED,
    /** The same order every epoch (a non-shuffling iterator): a limit cycle, not a density. */
    FIXED_CYCLIC,
    /** Not determined (for example no example seen twice yet). */
    UNKNOWN
}
