package org.sgdobservatory.listener;

import org.sgdobservatory.sim.noise.RandomStreams;

/**
 * The observatory's random streams, each split from the user's seed ({@link ObservatoryConfig#seed()}) by sim-core's
 * {@link RandomStreams#childSeed(long, int)} with the stream number fixed here ({@link #ordinal()}): changing one
 * purpose's use of randomness never shifts another's, and the same seed always observes the same way. The training
 * network's random generator is never advanced: where a probe pass on the copy draws from ND4J's generator (dropout
 * masks), {@link #PROBE_PASSES} seeds it for the probes and its state is restored afterwards
 * ({@code adapter.RandomStateScope}).
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
    DIRECTIONS,
    /** ND4J's generator during probe passes on the copy (dropout masks), restored afterwards. */
    PROBE_PASSES;

    /** This stream's seed for the user's {@code seed}. */
    public long seed(long seed) {
        return RandomStreams.childSeed(seed, ordinal());
    }
}
