package org.sgdobservatory.sim.spectral;

/**
 * The optimizer whose stationary spread {@link DirectionalTheory} predicts along one eigendirection.
 * Each case says which operator's eigenpairs {@code (l_k, v_k)} and which noise variance
 * {@code c_k} it expects.
 *
 * <p>Why one direction decouples: on {@code L = theta' H theta/2} every linear scheme below is a
 * recursion {@code s' = A s - b xi} whose matrix is built from {@code H} alone; in the eigenbasis of
 * {@code H} (or of {@code P^{1/2} H P^{1/2}}) it is block diagonal, one block per eigenvalue, and the
 * block of direction {@code k} is driven only by the noise component {@code v_k' xi}. Correlations
 * between the components of different directions change cross-covariances, never the variance of one
 * direction. So the 1-D closed form with curvature {@code l_k} and noise variance
 * {@code c_k = v_k' Sigma v_k} is exact per direction.
 */
public sealed interface DirectionalOptimizer {

    /** The learning rate {@code eta} that multiplies {@code l_k} in the stability condition. */
    double learningRate();

    /**
     * Plain SGD {@code theta' = theta - eta g} (Deeplearning4j {@code Sgd}): pass the eigenpairs of
     * {@code H} and {@code c_k = v_k' Sigma v_k}; the predicted coordinate is {@code v_k' theta}.
     *
     * @param learningRate {@code eta}, finite and {@code > 0}
     */
    record Sgd(double learningRate) implements DirectionalOptimizer {

        /** Validates the learning rate. */
        public Sgd {
            requireLearningRate(learningRate);
        }
    }

    /**
     * Deeplearning4j {@code Nesterovs}: {@code v' = mu v - eta g}, {@code u = mu v - (1 + mu) v'},
     * {@code theta' = theta - u}. Eigenpairs of {@code H}, {@code c_k = v_k' Sigma v_k}; the state
     * {@code (v_k' theta, v_k' velocity)} of one direction evolves by the scalar recursion with
     * curvature {@code l_k}, so the 1-D Nesterovs closed form applies per direction.
     *
     * @param learningRate {@code eta}, finite and {@code > 0}
     * @param momentum {@code mu} in {@code [0, 1)}
     */
    record Nesterovs(double learningRate, double momentum) implements DirectionalOptimizer {

        /** Validates the hyperparameters. */
        public Nesterovs {
            requireLearningRate(learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum
                        + "; pass Deeplearning4j's Nesterovs momentum (default 0.9)");
            }
        }
    }

    /**
     * SGD with a frozen diagonal preconditioner, {@code theta' = theta - eta P g} (the variance-normalised
     * rule, or RmsProp treated as frozen): pass the eigenpairs {@code (l_k, w_k)} of
     * {@code P^{1/2} H P^{1/2}} ({@link Preconditioning#whiten}) and
     * {@code c_k = w_k' P^{1/2} Sigma P^{1/2} w_k}; the predicted coordinate is
     * {@code (P^{-1/2} w_k)' theta} (derivation on {@link Preconditioning}).
     *
     * @param learningRate {@code eta}, finite and {@code > 0}, the factor in front of {@code P}
     */
    record PreconditionedSgd(double learningRate) implements DirectionalOptimizer {

        /** Validates the learning rate. */
        public PreconditionedSgd {
            requireLearningRate(learningRate);
        }
    }

    private static void requireLearningRate(double learningRate) {
        if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate
                    + "; pass the optimizer's learning rate eta");
        }
    }
}
