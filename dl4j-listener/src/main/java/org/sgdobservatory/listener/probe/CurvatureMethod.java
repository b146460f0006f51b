package org.sgdobservatory.listener.probe;

/** How {@link GradientProbes#hessianDiagonal(org.nd4j.linalg.api.ndarray.INDArray, MiniBatch, int, double, long,
 * long[])} obtains the curvature {@code h_ii}. */
public enum CurvatureMethod {
    /**
     * The exact diagonal of a dense stack with piecewise-linear hidden activations and a supported output loss,
     * where the Hessian equals the generalised Gauss-Newton matrix almost everywhere; standard error 0.
     */
    EXACT_GAUSS_NEWTON,
    /** Hutchinson's estimator with Rademacher probes and finite differences of the gradient. */
    HUTCHINSON
}
