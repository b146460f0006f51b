package org.sgdobservatory.listener;

/** The order in which training minibatches visit the data (THEORY.md 2b). */
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
