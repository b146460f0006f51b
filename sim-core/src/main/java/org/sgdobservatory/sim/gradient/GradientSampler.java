package org.sgdobservatory.sim.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-run state of a {@link GradientOracle}. Not thread-safe: it belongs to one run.
 */
public interface GradientSampler {

    /**
     * Writes one stochastic gradient per chain into {@code target}.
     *
     * @param states {@code chains x dims}, never modified
     * @param target {@code chains x dims}, overwritten
     */
    void sample(INDArray states, INDArray target);
}
