package org.sgdobservatory.examples.simulate;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.sgdobservatory.sim.stats.Estimate;

/**
 * Observed and predicted numbers of one dimension of a {@code simulate} run.
 *
 * @param observedMean the stationary mean
 * @param observedVariance the stationary variance (population form), SE from independent chain groups
 * @param observedTemperature {@code h Var} for a quadratic; for other losses the temperature whose Gibbs
 *     density has the observed mean loss ({@link GibbsTemperature}); value NaN when not measurable
 * @param predictedVariance the prediction for the run's data order, if a closed form applies
 * @param predictedMethod which formula produced {@code predictedVariance}
 * @param predictedVarianceIid the lecture's i.i.d.-minibatch prediction
 * @param predictedVarianceSde the continuous-time (SDE) limit
 * @param predictedTemperature the temperature belonging to {@code predictedVariance}
 */
public record DimensionResult(Estimate observedMean, Estimate observedVariance, Estimate observedTemperature,
        OptionalDouble predictedVariance, Optional<String> predictedMethod, OptionalDouble predictedVarianceIid,
        OptionalDouble predictedVarianceSde, OptionalDouble predictedTemperature) {

    /** Checks that nothing is null. */
    public DimensionResult {
        Objects.requireNonNull(observedMean, "observedMean");
        Objects.requireNonNull(observedVariance, "observedVariance");
        Objects.requireNonNull(observedTemperature, "observedTemperature");
        Objects.requireNonNull(predictedVariance, "predictedVariance");
        Objects.requireNonNull(predictedMethod, "predictedMethod");
        Objects.requireNonNull(predictedVarianceIid, "predictedVarianceIid");
        Objects.requireNonNull(predictedVarianceSde, "predictedVarianceSde");
        Objects.requireNonNull(predictedTemperature, "predictedTemperature");
    }
}
