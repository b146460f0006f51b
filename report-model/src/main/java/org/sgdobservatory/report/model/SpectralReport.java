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
 * @param directions one per eigenpair, largest eigenvalue first
 * @param judgement the directions' verdict (coverage of their judged ratio intervals)
 * @param temperatureNoiseSlope slope of {@code log T_k} on {@code log c_k} across directions, against the expected one
 */
public record SpectralReport(Basis basis, String basisDescription, Solve solve, long samples,
                             List<DirectionReport> directions, Judgement judgement, Slope temperatureNoiseSlope) {

    /** Validates and copies. */
    public SpectralReport {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(basisDescription, "basisDescription");
        Objects.requireNonNull(solve, "solve");
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
     * How the eigenpairs were found: Lanczos with full reorthogonalisation on Hessian-vector products (central finite
     * differences of the double-precision probe copy's gradient).
     *
     * @param requested eigenpairs asked for
     * @param iteration the iteration at which the basis was computed
     * @param examples probe examples the Hessian was taken on
     * @param matrixVectorProducts Hessian-vector products used
     * @param stopReason why Lanczos stopped
     * @param seconds wall time of the solve
     */
    public record Solve(int requested, long iteration, int examples, int matrixVectorProducts, String stopReason,
                        double seconds) {
    }
}
