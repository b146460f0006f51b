package org.sgdobservatory.sim.spectral;

/**
 * How {@link Lanczos} reports the residual norm {@code ||A x - l x||} of each returned pair
 * {@code (l, x)}, {@code ||x|| = 1}.
 */
public enum ResidualMode {
    /**
     * Recomputed from scratch with one extra product {@code A x} per returned pair ({@code k} extra
     * products in total, counted in {@link LanczosResult#matrixVectorProducts()}). This is what the
     * operator actually does to the vector, so it also exposes lost orthogonality or an operator that
     * is not quite symmetric. The default.
     */
    TRUE,
    /**
     * The Lanczos estimate {@code |beta_m y_m|}: the last coupling coefficient of the Krylov
     * factorisation times the last component of the Ritz vector's coordinates. Free, and equal to the
     * true residual in exact arithmetic with a symmetric operator; with full reorthogonalisation the
     * two agree to a few units of {@code eps ||A||}.
     */
    LANCZOS_ESTIMATE
}
