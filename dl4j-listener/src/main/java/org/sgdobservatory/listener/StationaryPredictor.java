package org.sgdobservatory.listener;

/**
 * The seam between the listener's measurements and the theory: predicts one parameter's stationary
 * variance from its updater, learning rate, curvature and noise, for a data order. The listener never
 * holds the formulas itself; the default implementation delegates to sim-core's closed forms.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface StationaryPredictor {

    /**
     * Predicts the stationary variance of one coordinate under a diagonal-Hessian (decoupled) model.
     *
     * @param input measured curvature, noise and configuration
     * @return a prediction, or {@link VariancePrediction#notPredicted(String)} with the reason (curvature
     *     {@code <= 0}, {@code eta h >= 2}, unsupported updater, no theory for the data order)
     */
    VariancePrediction predict(PredictionInput input);

    /**
     * Predicts several parameters of one group at once (same updater and data order), so that an implementation
     * can simulate them together. The default predicts each one with {@link #predict}.
     *
     * @param inputs one per parameter
     * @return one prediction per input, in order
     */
    default java.util.List<VariancePrediction> predictGroup(java.util.List<PredictionInput> inputs) {
        return inputs.stream().map(this::predict).toList();
    }

    /**
     * Predicts the stationary variances of a coupled group from its full Hessian and noise covariance blocks
     * (for SGD: the discrete Lyapunov equation {@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma}, THEORY.md 2).
     *
     * @return the diagonal of the predicted covariance, or a reason why there is none
     */
    default BlockPrediction predictBlock(BlockPredictionInput input) {
        return BlockPrediction.notPredicted("this predictor offers no full-block prediction");
    }

    /**
     * A full-block prediction: the predicted variances (diagonal of the stationary covariance) or a reason.
     *
     * @param variances predicted variances in group order; empty when not predicted
     * @param basis what was used, or why there is none
     */
    record BlockPrediction(java.util.List<Double> variances, String basis) {

        /** Copies the list. */
        public BlockPrediction {
            variances = java.util.List.copyOf(variances);
            java.util.Objects.requireNonNull(basis, "basis");
        }

        /** Not predicted, with the reason. */
        public static BlockPrediction notPredicted(String reason) {
            return new BlockPrediction(java.util.List.of(), reason);
        }

        /** Whether there is a prediction. */
        public boolean predicted() {
            return !variances.isEmpty();
        }
    }
}
