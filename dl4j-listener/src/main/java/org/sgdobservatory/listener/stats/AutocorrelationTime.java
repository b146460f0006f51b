package org.sgdobservatory.listener.stats;

/**
 * An integrated autocorrelation time in the ESS convention, {@code tau = 1 + 2 sum_k rho_k}
 * ({@code ESS = n / tau}; Sokal's convention is half of it), with the companion
 * {@code tau2 = 1 + 2 sum_k rho_k^2} that sets the standard error of a sample variance.
 *
 * @param tau integrated autocorrelation time, {@code >= 0} or NaN
 * @param tauSquared {@code 1 + 2 sum rho_k^2}
 * @param method how it was estimated: {@code sokal-window}, {@code batch-means} or {@code none}
 */
public record AutocorrelationTime(double tau, double tauSquared, String method) {
}
