package org.sgdobservatory.listener.adapter;

/**
 * The output activation and loss pairs whose loss Hessian in the output {@code z} has a simple factor, so that the
 * Gauss-Newton matrix {@code J' H_L J} can be computed or sampled ({@code docs/estimators.md#exact-gauss-newton-diagonal}):
 * <ul>
 *   <li>softmax + cross-entropy ({@code MCXENT}, {@code NEGATIVELOGLIKELIHOOD}): {@code H_L = diag(p) - p p'};</li>
 *   <li>identity + {@code MSE}: DL4J's per-example loss is {@code sum_k (y_k - z_k)^2 / nOut}, so
 *       {@code H_L = (2/nOut) I};</li>
 *   <li>sigmoid + binary cross-entropy ({@code XENT}): {@code H_L = diag(p (1 - p))}.</li>
 * </ul>
 * Unweighted losses only (a class-weighted loss has another Hessian).
 */
public enum OutputLoss {
    /** Softmax with (negative log-likelihood) cross-entropy. */
    SOFTMAX_CROSS_ENTROPY,
    /** Identity with mean squared error. */
    IDENTITY_MSE,
    /** Sigmoid with binary cross-entropy. */
    SIGMOID_BINARY_CROSS_ENTROPY;

    /** The pair of an output layer's activation and loss, when it is one of the three (exact classes, unweighted). */
    public static java.util.Optional<OutputLoss> of(org.nd4j.linalg.activations.IActivation activation,
                                                    org.nd4j.linalg.lossfunctions.ILossFunction loss) {
        if (activation == null || loss == null) {
            return java.util.Optional.empty();
        }
        if (activation.getClass() == org.nd4j.linalg.activations.impl.ActivationSoftmax.class
                && (loss.getClass() == org.nd4j.linalg.lossfunctions.impl.LossMCXENT.class
                || loss.getClass() == org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood.class)
                && ((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) loss).getWeights() == null) {
            return java.util.Optional.of(SOFTMAX_CROSS_ENTROPY);
        }
        if (activation.getClass() == org.nd4j.linalg.activations.impl.ActivationIdentity.class
                && loss.getClass() == org.nd4j.linalg.lossfunctions.impl.LossMSE.class
                && ((org.nd4j.linalg.lossfunctions.impl.LossMSE) loss).getWeights() == null) {
            return java.util.Optional.of(IDENTITY_MSE);
        }
        if (activation.getClass() == org.nd4j.linalg.activations.impl.ActivationSigmoid.class
                && loss.getClass() == org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT.class
                && ((org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT) loss).getWeights() == null) {
            return java.util.Optional.of(SIGMOID_BINARY_CROSS_ENTROPY);
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code H_L,i r_i} in place for every example's row {@code r_i}, with {@code H_L,i} the loss Hessian in the
     * output {@code z} of example {@code i}. {@code r} and the output activations {@code p} are column-major
     * {@code rows x nOut} arrays: element {@code (i, k)} at {@code i + k rows}.
     */
    public void hessianTimes(double[] p, double[] r, int rows) {
        int outputs = r.length / rows;
        switch (this) {
            case SOFTMAX_CROSS_ENTROPY -> {
                // (diag(p) - p p') r = p o r - p (p . r)
                double[] dot = new double[rows];
                for (int k = 0, at = 0; k < outputs; k++) {
                    for (int i = 0; i < rows; i++, at++) {
                        r[at] *= p[at];
                        dot[i] += r[at];
                    }
                }
                for (int k = 0, at = 0; k < outputs; k++) {
                    for (int i = 0; i < rows; i++, at++) {
                        r[at] -= p[at] * dot[i];
                    }
                }
            }
            case IDENTITY_MSE -> {
                double scale = 2.0 / outputs;
                for (int at = 0; at < r.length; at++) {
                    r[at] *= scale;
                }
            }
            case SIGMOID_BINARY_CROSS_ENTROPY -> {
                for (int at = 0; at < r.length; at++) {
                    r[at] *= p[at] * (1 - p[at]);
                }
            }
            default -> throw new AssertionError(this);
        }
    }

    /** DL4J's piecewise-linear activations, whose second derivative vanishes off the kinks. */
    public static boolean piecewiseLinear(org.nd4j.linalg.activations.IActivation a) {
        return a != null && (a.getClass() == org.nd4j.linalg.activations.impl.ActivationReLU.class
                || a.getClass() == org.nd4j.linalg.activations.impl.ActivationLReLU.class
                || a.getClass() == org.nd4j.linalg.activations.impl.ActivationIdentity.class);
    }
}
