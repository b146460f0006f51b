package org.sgdobservatory.sim.spectral;

/**
 * Which eigenvalues {@link Lanczos} looks for. A Hessian away from a minimum has negative
 * eigenvalues: {@link #LARGEST_ALGEBRAIC} gives the stiffest (most positive) directions, the ones
 * the stationary theory is about; {@link #SMALLEST_ALGEBRAIC} gives the most negative ones, which
 * say whether the run sits at a saddle.
 */
public enum SpectrumEnd {
    /** The k largest eigenvalues {@code l_1 >= l_2 >= ...}, signs included (returned in that order). */
    LARGEST_ALGEBRAIC,
    /** The k smallest eigenvalues {@code l_1 <= l_2 <= ...}, signs included (returned in that order). */
    SMALLEST_ALGEBRAIC,
    /** The k eigenvalues of largest {@code |l|}, in decreasing {@code |l|}. */
    LARGEST_MAGNITUDE
}
