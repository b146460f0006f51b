package org.sgdobservatory.listener.probe;

/**
 * The difference scheme of Hutchinson's Hessian-vector products {@code H v} in
 * {@link GradientProbes#hessianDiagonal}.
 */
public enum FiniteDifference {
    /**
     * {@code [g(theta + r v) - g(theta - r v)] / (2 r)}: two gradient passes per probe, truncation error
     * {@code O(r^2)}.
     */
    CENTRAL,
    /**
     * {@code [g(theta + r v) - g(theta)] / r} with {@code g(theta)} computed once: {@code M + 1} passes for
     * {@code M} probes. Its {@code O(r)} truncation term {@code (r/2) v_i D^3L[e_i, v, v]} has mean zero over
     * Rademacher {@code v} (every {@code E[v_i v_j v_k]} vanishes), so the estimator's bias is {@code O(r^2)} as
     * for central differences; the {@code O(r)} term only adds a variance that is negligible beside
     * Hutchinson's own. The default.
     */
    FORWARD
}
