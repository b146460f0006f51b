package org.sgdobservatory.listener.adapter;

/**
 * Regularisation of one parameter block at one iteration, and where DL4J applies it
 * (docs/dl4j-behaviour.md#l2-and-weight-decay): L1 and L2 are added to the minibatch-mean gradient <em>before</em> the
 * updater (loss terms {@code l1 |theta|} and {@code l2/2 theta^2}); weight decay acts on the update
 * <em>after</em> the updater ({@code u += coeff * (lr if applyLR) * theta}).
 *
 * @param l1 L1 coefficient, {@code >= 0}
 * @param l2 L2 coefficient, {@code >= 0}
 * @param weightDecay weight-decay coefficient, {@code >= 0}
 * @param weightDecayTimesLearningRate whether weight decay is multiplied by the learning rate
 */
public record RegularizationSpec(double l1, double l2, double weightDecay,
                                 boolean weightDecayTimesLearningRate) {

    /** No regularisation. */
    public static final RegularizationSpec NONE = new RegularizationSpec(0, 0, 0, true);

    /** Validates the coefficients (written positively so NaN fails). */
    public RegularizationSpec {
        if (!(l1 >= 0) || !(l2 >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("regularisation coefficients must be >= 0, were l1=" + l1
                    + ", l2=" + l2 + ", weightDecay=" + weightDecay);
        }
    }

    /**
     * Extra curvature that weight decay adds to plain SGD's effective loss: {@code coeff} when the decay
     * is multiplied by the learning rate, {@code coeff / lr} otherwise.
     */
    public double weightDecayCurvature(double learningRate) {
        return weightDecayTimesLearningRate ? weightDecay : weightDecay / learningRate;
    }
}
