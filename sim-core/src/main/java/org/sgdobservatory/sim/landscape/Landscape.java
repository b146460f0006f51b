package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable loss {@code L(x)} evaluated for a batch of states at once.
 *
 * <p>States are a {@code chains x dims} matrix: row {@code c} is the parameter vector of chain
 * {@code c}. Implementations must be pure: they never modify {@code states}, return freshly
 * allocated arrays (or arrays the caller may overwrite), and give the same answer for the same input.
 * Implementations are immutable and thread-safe.
 *
 * <p>User-supplied losses implement this interface directly (two methods); the contract test
 * {@code LandscapeContractTest} checks every bundled implementation's gradient against central
 * finite differences.
 */
public interface Landscape {

    /** Number of dimensions {@code D} of one state. */
    int dims();

    /**
     * The loss of every chain.
     *
     * @param states {@code chains x dims}
     * @return a vector of length {@code chains}
     */
    INDArray value(INDArray states);

    /**
     * The exact (noise-free) gradient of every chain.
     *
     * @param states {@code chains x dims}
     * @return {@code chains x dims}
     */
    INDArray gradient(INDArray states);

    /**
     * Writes the exact gradient of every chain into {@code target} ({@code chains x dims}). The
     * default delegates to {@link #gradient(INDArray)}; the bundled landscapes override it to work
     * in place, so the simulator's hot loop allocates nothing.
     */
    default void gradient(INDArray states, INDArray target) {
        target.assign(gradient(states));
    }
}
