package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;

/**
 * The stationary spread along the top eigen-directions of the loss Hessian (or of the preconditioned Hessian
 * {@code P^{1/2} H P^{1/2}} for RmsProp and the {@code eta'/sigma^2} rule), where the quadratic theory is exact for
 * any noise covariance and the stiff directions relax in a few iterations ({@code docs/theory.md#spectral-directions}).
 *
 * @param basis what the directions are eigenvectors of
 * @param basisDescription in words, with the preconditioner when there is one
 * @param solve how the eigenpairs were found
 * @param samples samples of the projections (the window after the basis was found)
 * @param sampling how often the projections were sampled, and why
 * @param directions one per eigenpair, largest eigenvalue first
 * @param judgement the directions' verdict (coverage of their judged ratio intervals)
 * @param temperatureNoiseSlope slope of {@code log T_k} on {@code log c_k} across directions, against the expected one
 */
public record SpectralReport(Basis basis, String basisDescription, Solve solve, long samples, Sampling sampling,
                             List<DirectionReport> directions, Judgement judgement, Slope temperatureNoiseSlope) {

    /** Validates and copies. */
    public SpectralReport {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(basisDescription, "basisDescription");
        Objects.requireNonNull(solve, "solve");
        Objects.requireNonNull(sampling, "sampling");
        directions = List.copyOf(directions);
        Objects.requireNonNull(judgement, "judgement");
        Objects.requireNonNull(temperatureNoiseSlope, "temperatureNoiseSlope");
    }

    /** What the directions are eigenvectors of. */
    public enum Basis {
        /** The probe-set loss Hessian (regularisation included): SGD and Nesterovs. */
        HESSIAN,
        /** {@code P^{1/2} H P^{1/2}} with the optimizer's diagonal preconditioner frozen at the basis time. */
        PRECONDITIONED_HESSIAN
    }

    /**
     * How the eigenpairs were found: Lanczos with full reorthogonalisation on Hessian-vector products of the
     * double-precision probe copy.
     *
     * @param requested eigenpairs asked for
     * @param iteration the iteration at which the basis was computed
     * @param examples probe examples the Hessian was taken on
     * @param matrixVectorProducts Hessian-vector products used, those for recomputed residuals included
     * @param products how the products were computed
     * @param residuals how each direction's residual was obtained
     * @param stopReason why Lanczos stopped
     * @param seconds wall time of the solve
     */
    public record Solve(int requested, long iteration, int examples, int matrixVectorProducts,
                        HessianProducts products, Residuals residuals, StopReason stopReason, double seconds) {
    }

    /** How the residual {@code ||H v - lambda v||} of each direction was obtained. */
    public enum Residuals {
        /**
         * Recomputed: one more product per direction, {@code H v} as the operator gives it, so an operator that is not
         * quite symmetric or a lost orthogonality shows. Used with products by differences.
         */
        RECOMPUTED,
        /**
         * Lanczos's own estimate {@code |beta_m y_m|}, which with exact, symmetric products and full
         * reorthogonalisation equals the recomputed residual to a few units of rounding of {@code ||H||}. Used with
         * exact products.
         */
        LANCZOS_ESTIMATE
    }

    /** How the Hessian-vector products of the solve were computed. */
    public enum HessianProducts {
        /**
         * Exactly, by the R-operator on a dense stack with piecewise-linear hidden activations and a softmax,
         * identity or sigmoid output with its matching loss (up to rounding, off the activations' kinks).
         */
        EXACT,
        /**
         * By forward differences of the gradient at a relative step of 1e-9: an error of about 1e-7 of the product
         * on the bundled networks, from rounding.
         */
        FORWARD_DIFFERENCES
    }

    /** Why Lanczos stopped (sim-core's {@code LanczosResult.StopReason}). */
    public enum StopReason {
        /** Every requested pair met the residual tolerance. */
        CONVERGED,
        /** The Krylov space became invariant: the pairs found are exact. */
        SPACE_EXHAUSTED,
        /** The matrix-vector budget ran out first; see each pair's residual. */
        BUDGET_EXHAUSTED
    }

    /**
     * How often the projections were sampled. Projecting reads a {@code k x P} matrix, so on a large network the
     * directions may be sampled less often than the parameters.
     *
     * @param stride iterations between samples of the projections (a multiple of the window's {@code every})
     * @param choice whether the user chose the stride or the listener sized it to its cost budget, and from what time
     * @param budget share of the training time the automatic stride allowed the projections (NaN when configured)
     * @param projectionSeconds wall time of one sampled step's projections: timed when the directions were found, or
     *     for {@link StrideChoice#TIMED_IN_WINDOW} the median over the window's first sampled steps
     * @param iterationSeconds median wall time of a training iteration when the stride was chosen (NaN when unknown)
     */
    public record Sampling(int stride, StrideChoice choice, double budget, double projectionSeconds,
                           double iterationSeconds) {

        /** Validates. */
        public Sampling {
            if (!(stride >= 1)) {
                throw new IllegalArgumentException("stride must be >= 1, was " + stride);
            }
            Objects.requireNonNull(choice, "choice");
        }
    }

    /** Who chose the projections' sampling stride, and from what time. */
    public enum StrideChoice {
        /** The user ({@code directionsEvery(n)}). */
        CONFIGURED,
        /**
         * The listener, from projections timed when the directions were found: the smallest stride at which they take
         * at most the budget's share of the training time.
         */
        AUTOMATIC,
        /**
         * The listener, from the training thread's time in the window's first sampled steps (projections made on the
         * training thread): the smallest stride at which they take at most the budget's share of the training time.
         */
        TIMED_IN_WINDOW
    }
}
