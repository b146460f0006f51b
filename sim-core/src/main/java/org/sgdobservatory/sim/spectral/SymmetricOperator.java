package org.sgdobservatory.sim.spectral;

/**
 * A real symmetric linear map {@code A: R^n -> R^n} given only by its action on vectors, e.g. a
 * Hessian-vector product {@code v -> H v} of a network's loss. No matrix is ever formed, so the
 * dimension may be millions.
 *
 * <p>Life cycle: {@link Lanczos#solve} reads {@link #dimension()} at the start, then calls {@link #apply} many
 * times from the calling thread, one call at a time. Implementations may keep work arrays (they are
 * not called concurrently by the solver), but {@code apply} must be a deterministic linear function
 * of {@code in}: the same input gives the same output, and {@code x' A y = y' A x} up to rounding (a
 * finite-difference Hessian-vector product is symmetric only to its truncation error, which then
 * shows in the true residuals of {@link LanczosResult}).
 */
public interface SymmetricOperator {

    /** The dimension {@code n >= 1}; constant over the operator's life. */
    int dimension();

    /**
     * Writes {@code out = A in}.
     *
     * @param in a vector of length {@link #dimension()}; must not be modified
     * @param out a different array of the same length; every entry is overwritten
     */
    void apply(double[] in, double[] out);
}
