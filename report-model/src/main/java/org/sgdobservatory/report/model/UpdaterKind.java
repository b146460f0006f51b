package org.sgdobservatory.report.model;

/** The updater families the theory knows ({@code docs/dl4j-behaviour.md#updater-formulas}). */
public enum UpdaterKind {
    /** Plain SGD ({@code Sgd}). */
    SGD,
    /** {@code RmsProp}: per-parameter rate {@code lr / (sqrt(v) + eps)}. */
    RMSPROP,
    /** {@code Nesterovs} momentum. */
    NESTEROVS,
    /** {@code VarianceNormalizedSgd}: the {@code eta'/sigma^2} rule. */
    VARNORM,
    /** Any other updater: observed, not predicted. */
    UNSUPPORTED
}
