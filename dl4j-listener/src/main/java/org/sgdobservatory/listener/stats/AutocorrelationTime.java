package org.sgdobservatory.listener.stats;

/**
 * An integrated autocorrelation time in the ESS convention, {@code tau = 1 + 2 sum_k rho_k}
 * ({@code ESS = n / tau}; Sokal's convention is half of it), with the companion
 * {@code tau2 = 1 + 2 sum_k rho_k^2} that sets the standard error of a sample variance.
 *
 * @param tau integrated autocorrelation time, {@code >= 0} or NaN
 * @param tauSquared {@code 1 + 2 sum rho_k^2}
 * @param method how it was estimated: {@code batch-means},
 *     {@code batch-means-lower-bound} (the window is too short: tau is at least this),
 *     {@code theory-floor} (a lower bound raised to the theory's relaxation time), {@code fast-component} (the
 *     relaxation of a fluctuation about a slowly moving centre, {@link WithinBlockVariance}) or {@code none}
 */
public record AutocorrelationTime(double tau, double tauSquared, String method) {

    /** Method of a batch-means lower bound: the window is too short to resolve tau. */
    public static final String LOWER_BOUND = "batch-means-lower-bound";

    /** Method of a lower bound raised to the theory's predicted relaxation time. */
    public static final String THEORY_FLOOR = "theory-floor";

    /** Method of a fast component's relaxation time about a slowly moving centre ({@link WithinBlockVariance}). */
    public static final String FAST_COMPONENT = "fast-component";

    /**
     * The time of an AR(1) chain with integrated autocorrelation time {@code tau}: its lag-one correlation is
     * {@code r = (tau - 1)/(tau + 1)} and {@code tau2 = (1 + r^2)/(1 - r^2)} (NaN outside {@code -1 < r < 1}).
     */
    public static AutocorrelationTime ar1(double tau, String method) {
        double r = (tau - 1) / (tau + 1);
        double t2 = r <= -1 || r >= 1 ? Double.NaN : (1 + r * r) / (1 - r * r);
        return new AutocorrelationTime(tau, t2, method);
    }

    /** Whether tau could not be resolved from the data (the window is too short to judge the parameter). */
    public boolean unresolved() {
        return method.equals(LOWER_BOUND) || method.equals(THEORY_FLOOR);
    }
}
