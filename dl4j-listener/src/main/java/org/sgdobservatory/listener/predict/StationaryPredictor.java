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
     * How the prediction responds to its measured inputs, to carry their sampling errors into its standard error by
     * the delta method: {@code d ln V / d ln h} and {@code d ln V / d ln sigma^2} of {@link #predict} at
     * {@code input}, for predictions that do not carry them ({@link VariancePrediction#elasticities}). The default
     * takes central differences of relative step {@link Elasticities#STEP} (four more {@link #predict} calls). An
     * elasticity is 0 when a neighbouring point is not predicted (the prediction's error then rests on the other
     * terms).
     *
     * @param input the point of a prediction
     * @return the two elasticities
     */
    default Elasticities elasticities(PredictionInput input) {
        return Elasticities.byCentralDifferences(this, input);
    }

    /**
     * The elasticities of a predicted variance {@code V} with respect to the measured inputs.
     *
     * @param curvature {@code d ln V / d ln h}
     * @param noiseVariance {@code d ln V / d ln sigma^2}
     */
    record Elasticities(double curvature, double noiseVariance) {

        /** Relative step of the default central differences. */
        public static final double STEP = 1e-3;

        /** Not known: the prediction stage asks {@link StationaryPredictor#elasticities}. */
        public static final Elasticities UNKNOWN = new Elasticities(Double.NaN, Double.NaN);

        /** Whether both are known (finite). */
        public boolean known() {
            return Double.isFinite(curvature) && Double.isFinite(noiseVariance);
        }

        /** Central differences of {@code predictor.predict} around {@code at}, relative step {@link #STEP}. */
        public static Elasticities byCentralDifferences(StationaryPredictor predictor, PredictionInput at) {
            return new Elasticities(centralDifference(predictor, at, true), centralDifference(predictor, at, false));
        }

        private static double centralDifference(StationaryPredictor predictor, PredictionInput at, boolean curvature) {
            double f = 1 + STEP;
            VariancePrediction up = predictor.predict(scaled(at, curvature, f));
            VariancePrediction down = predictor.predict(scaled(at, curvature, 1 / f));
            if (!up.predicted() || !down.predicted()) {
                return 0;
            }
            return Math.log(up.variance() / down.variance()) / (2 * Math.log(f));
        }

        private static PredictionInput scaled(PredictionInput at, boolean curvature, double f) {
            return new PredictionInput(at.updater(), at.dataOrder(), at.learningRate(),
                    curvature ? at.curvature() * f : at.curvature(),
                    curvature ? at.noiseVariance() : at.noiseVariance() * f, at.miniBatchSize(), at.batchesPerEpoch());
        }
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
