package org.sgdobservatory.listener.adapter;

/**
 * The updater families the listener has a stationary theory for; everything else is {@link #UNSUPPORTED}
 * (observed and reported, never predicted).
 */
public enum UpdaterKind {
    /** {@code org.nd4j.linalg.learning.config.Sgd}: {@code u = lr * g}. */
    SGD,
    /** {@code RmsProp}: {@code v <- rho v + (1-rho) g^2}, {@code u = lr g / (sqrt(v) + eps)}. */
    RMSPROP,
    /** {@code Nesterovs}: {@code v' = mu v - lr g}, {@code u = mu v - (1+mu) v'}. */
    NESTEROVS,
    /**
     * {@code org.sgdobservatory.updater.VarianceNormalizedSgd}: the lecture's {@code eta'/sigma^2} rule,
     * {@code u = eta' g / (s + eps)} with {@code s} an EMA of the gradient's variance.
     */
    VARNORM,
    /** Any other updater (Adam, AdaGrad, NoOp, ...): "no theory yet". */
    UNSUPPORTED
}
