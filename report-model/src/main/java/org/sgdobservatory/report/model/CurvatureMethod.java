package org.sgdobservatory.report.model;

/** How a parameter's curvature (Hessian diagonal) was measured ({@code docs/estimators.md#the-probes}). */
public enum CurvatureMethod {
    /** Exact: the Gauss-Newton diagonal of a dense stack with piecewise-linear hidden layers (the Hessian's, a.e.). */
    EXACT_GAUSS_NEWTON,
    /** The Gauss-Newton diagonal estimated from per-example backward passes with labels sampled from the model. */
    SAMPLED_GAUSS_NEWTON,
    /** Hutchinson's estimator with Rademacher probes: unbiased but noisy per parameter. */
    HUTCHINSON,
    /** Not measured. */
    NONE
}
