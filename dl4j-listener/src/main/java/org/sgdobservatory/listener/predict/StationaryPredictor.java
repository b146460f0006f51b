package org.sgdobservatory.listener.predict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.NotPredictedReason;

/**
 * The seam between the listener's measurements and the theory: predicts one parameter's stationary variance from its
 * updater, learning rate, curvature and noise, for a data order. The listener never holds the formulas itself; the
 * default implementation ({@link SimCorePredictor}) delegates to sim-core's closed forms and simulations.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface StationaryPredictor {

    /**
     * Predicts the stationary variance of one coordinate under a diagonal-Hessian (decoupled) model.
     *
     * @param input measured curvature, noise and configuration
     * @return a prediction, or {@link VariancePrediction#notPredicted} with the reason (curvature {@code <= 0},
     *     {@code eta h >= 2}, unsupported updater, no theory for the data order)
     */
    VariancePrediction predict(PredictionInput input);

    /**
     * Predicts several parameters of one group at once (same updater and data order), so that an implementation can
     * simulate them together. The default predicts each one with {@link #predict}.
     *
     * @param inputs one per parameter
     * @param seed the seed of any simulation, split from the user's seed
     * @return one prediction per input, in order
     */
    default List<VariancePrediction> predictGroup(List<PredictionInput> inputs, long seed) {
        return inputs.stream().map(this::predict).toList();
    }

    /**
     * Predicts the stationary variances of a coupled group from its full Hessian and noise covariance blocks (for
     * SGD: the discrete Lyapunov equation, {@code docs/theory.md#n-d-quadratics-and-the-lyapunov-equation}).
     *
     * @return the diagonal of the predicted covariance, or a reason why there is none
     */
    default BlockPrediction predictBlock(BlockPredictionInput input) {
        return BlockPrediction.notPredicted(NotPredictedReason.UNSUPPORTED_OPTIMIZER,
                "this predictor offers no full-block prediction");
    }

    /**
     * A full-block prediction: the predicted variances (diagonal of the stationary covariance) or a reason.
     *
     * @param variances predicted variances in group order; empty when not predicted
     * @param notPredicted empty when predicted, else the reason
     * @param basis what was used, or why there is none
     */
    record BlockPrediction(List<Double> variances, Optional<NotPredictedReason> notPredicted, String basis) {

        /** Copies the list. */
        public BlockPrediction {
            variances = List.copyOf(variances);
            Objects.requireNonNull(notPredicted, "notPredicted");
            Objects.requireNonNull(basis, "basis");
        }

        /** A prediction. */
        public static BlockPrediction of(List<Double> variances, String basis) {
            return new BlockPrediction(variances, Optional.empty(), basis);
        }

        /** Not predicted, with the reason. */
        public static BlockPrediction notPredicted(NotPredictedReason reason, String basis) {
            return new BlockPrediction(List.of(), Optional.of(reason), basis);
        }

        /** Whether there is a prediction. */
        public boolean predicted() {
            return notPredicted.isEmpty();
        }
    }
}
