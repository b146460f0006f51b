package org.sgdobservatory.sim.gradient;

import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.noise.RandomStreams;

/**
 * Where stochastic gradients come from: the immutable description (a landscape plus an assumed noise
 * model, or a finite data set walked in minibatches). {@link #open} creates the per-run
 * {@link GradientSampler} holding the mutable state (e.g. each chain's position in its epoch).
 *
 * <p>Life cycle: {@code open} once per run; then {@link GradientSampler#sample} once per step.
 * Implementations are immutable and thread-safe; samplers are not.
 */
public interface GradientOracle {

    /** Number of dimensions {@code D}. */
    int dims();

    /** The noise-free (full-batch) loss whose gradient the samples estimate without bias. */
    Landscape landscape();

    /**
     * The per-run state for {@code chains} chains, drawing its randomness from {@code random}.
     */
    GradientSampler open(int chains, RandomStreams random);
}
