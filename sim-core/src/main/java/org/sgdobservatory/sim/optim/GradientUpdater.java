package org.sgdobservatory.sim.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mutable state of one optimizer run, mirroring ND4J's {@code GradientUpdater}: it turns a
 * gradient into the update {@code u} that is subtracted from the parameters
 * ({@code theta <- theta - u}, DL4J's convention).
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
public interface GradientUpdater {

    /**
     * Replaces {@code gradient} (a {@code chains x dims} matrix) in place by the update {@code u}.
     *
     * @param gradient the regularised mean gradient, overwritten with the update
     * @param iteration the 0-based step number
     */
    void applyUpdater(INDArray gradient, int iteration);
}
