package org.sgdobservatory.sim.simulation;

/** Optional statistics a {@link Simulation} collects besides per-dimension mean and variance. */
public enum Statistic {
    /** The full covariance matrix (dims <= 64). */
    COVARIANCE,
    /** Per-dimension histograms on the grid given to the builder. */
    HISTOGRAM,
    /** Traces of a few chains: autocorrelation, integrated time, effective sample size. */
    AUTOCORRELATION,
    /** The fluctuation-dissipation ratio {@code 2 Cov(theta, u) / E[u^2]} per dimension. */
    FDR
}
