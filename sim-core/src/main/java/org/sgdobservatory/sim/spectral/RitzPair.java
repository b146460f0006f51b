package org.sgdobservatory.sim.spectral;

/**
 * One approximate eigenpair {@code (l, x)} of a {@link SymmetricOperator}, {@code ||x|| = 1}, as
 * {@link Lanczos} returns it; the vector itself is held by {@link LanczosResult} (arrays do not belong
 * in records).
 *
 * <p>Accuracy: for a symmetric operator some true eigenvalue lies within {@code residualNorm} of
 * {@code eigenvalue} (Bauer-Fike / Krylov-Weinberg), and within {@code residualNorm^2 / gap} when the
 * other eigenvalues are at least {@code gap} away; the angle between {@code x} and the true eigenvector
 * is at most {@code residualNorm / gap} (Davis-Kahan {@code sin theta}). A cluster narrower than the
 * residual gives accurate eigenvalues but only the cluster's subspace, not individual vectors.
 *
 * @param eigenvalue the Ritz value {@code l = x' A x}
 * @param residualNorm {@code ||A x - l x||}, true or estimated as {@link LanczosResult#residualMode()}
 *     says; {@code >= 0}
 * @param converged whether {@code residualNorm <= tolerance * ||A||_est} (see {@link LanczosResult})
 */
public record RitzPair(double eigenvalue, double residualNorm, boolean converged) {

    /** Validates that the residual is a norm. */
    public RitzPair {
        if (!(residualNorm >= 0)) {
            throw new IllegalArgumentException("residualNorm must be >= 0, was " + residualNorm
                    + "; pass the norm of A x - l x");
        }
    }

    /** {@code residualNorm / |eigenvalue|}; infinite for a zero eigenvalue with a non-zero residual. */
    public double relativeResidual() {
        return residualNorm / Math.abs(eigenvalue);
    }
}
