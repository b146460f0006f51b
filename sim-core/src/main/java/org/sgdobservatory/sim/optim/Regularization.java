package org.sgdobservatory.sim.optim;

/**
 * Regularisation as Deeplearning4j applies it (docs/dl4j-behaviour.md#l2-and-weight-decay): {@link L2} adds
 * {@code c theta} to the gradient before the updater (so it passes through RMSProp's
 * normalisation); {@link WeightDecay} adds {@code c (eta or 1) theta} to the update after it.
 */
public sealed interface Regularization {

    /**
     * DL4J's {@code L2Regularization}: {@code g <- g + coefficient * theta} before the updater
     * (a loss term {@code coefficient/2 theta^2}).
     *
     * @param coefficient {@code >= 0}
     */
    record L2(double coefficient) implements Regularization {
        /** Validates the coefficient. */
        public L2 {
            if (!(coefficient >= 0 && Double.isFinite(coefficient))) {
                throw new IllegalArgumentException("L2 coefficient must be finite and >= 0, was " + coefficient);
            }
        }
    }

    /**
     * DL4J's {@code WeightDecay}: {@code u <- u + coefficient * (applyLearningRate ? eta : 1) * theta}
     * after the updater (decoupled).
     *
     * @param coefficient {@code >= 0}
     * @param applyLearningRate whether the decay is multiplied by the learning rate (DL4J default true)
     */
    record WeightDecay(double coefficient, boolean applyLearningRate) implements Regularization {
        /** Validates the coefficient. */
        public WeightDecay {
            if (!(coefficient >= 0 && Double.isFinite(coefficient))) {
                throw new IllegalArgumentException("weight decay coefficient must be finite and >= 0, was "
                        + coefficient);
            }
        }
    }
}
