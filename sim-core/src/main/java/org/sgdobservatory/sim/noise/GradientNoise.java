package org.sgdobservatory.sim.noise;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The zero-mean noise {@code xi} of a stochastic gradient {@code g_hat = grad L(x) + xi}, with
 * covariance {@code Sigma(x)} (already the per-step, minibatch-level
 * covariance: docs/theory.md#conventions).
 *
 * <p>Implementations are immutable and thread-safe; all randomness comes from the
 * {@link RandomStreams} passed in, so a run is reproducible from its seed.
 */
public interface GradientNoise {

    /** Number of dimensions {@code D}. */
    int dims();

    /**
     * Draws one noise vector per chain into {@code target}.
     *
     * @param states the current states, {@code chains x dims} (used by state-dependent noise only;
     *     never modified)
     * @param target {@code chains x dims}, overwritten with the noise
     * @param random the run's random streams
     */
    void sample(INDArray states, INDArray target, RandomStreams random);

    /**
     * The noise variance of each dimension at state {@code x} (one chain), {@code Sigma_ii(x)}: what
     * the closed-form predictions use as {@code s2}.
     */
    double[] variance(double[] x);
}
