package org.sgdobservatory.listener;

import org.sgdobservatory.sim.noise.RandomStreams;

/**
 * The observatory's random streams, each split from the user's seed ({@link ObservatoryConfig#seed()}) by sim-core's
 * {@link RandomStreams#childSeed(long, int)} with the stream number fixed here ({@link #ordinal()}): changing one
 * purpose's use of randomness never shifts another's, and the same seed always observes the same way. Nothing
 * here touches ND4J's global generator or the training network's.
 */
public enum SeedStream {
    /** Which parameters are tracked when not all are. */
    TRACKED_SUBSET,
    /** Which examples are fingerprinted to detect the data order. */
    FINGERPRINTS,
    /** Which tracked parameters get a close look. */
    CLOSE_UPS,
    /** Which training minibatches the probe reservoir keeps. */
    RESERVOIR,
    /** Minibatches drawn from user-given probe data. */
    PROBE_MINIBATCHES,
    /** Hutchinson's Rademacher vectors and other probe directions. */
    PROBE_VECTORS,
    /** Simulations behind predictions (RmsProp groups). */
    SIMULATION,
    /** Lanczos's start vector for the eigen-directions. */
    DIRECTIONS;

    /** This stream's seed for the user's {@code seed}. */
    public long seed(long seed) {
        return RandomStreams.childSeed(seed, ordinal());
    }
}
