package org.sgdobservatory.examples.network;

import java.util.List;

import org.sgdobservatory.listener.predict.BlockPredictionInput;
import org.sgdobservatory.listener.predict.PredictionInput;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;

/**
 * {@link SimCorePredictor} with RMSProp groups predicted parameter by parameter from sim-core's mean-field fixed
 * point ({@code RmsPropMeanField}) instead of a joint simulation of the group. The simulation is more exact (the
 * mean field neglects the fluctuation of {@code v}, about 2% at {@code rho = 0.95}; {@code docs/theory.md#rmsprop})
 * but costs up to 20000 steps of 256 chains per group, up to about half a minute for the digits MLP's largest group
 * (BENCHMARKS.md); the mean field is instant. Everything else is delegated unchanged. Stateless and thread-safe.
 */
final class MeanFieldRmsPropPredictor implements StationaryPredictor {

    private final SimCorePredictor core = new SimCorePredictor();

    @Override
    public VariancePrediction predict(PredictionInput input) {
        return core.predict(input);
    }

    /** One {@link #predict} per parameter (for RMSProp: the mean field), never a simulation; the seed is unused. */
    @Override
    public List<VariancePrediction> predictGroup(List<PredictionInput> inputs, long seed) {
        return inputs.stream().map(this::predict).toList();
    }

    @Override
    public BlockPrediction predictBlock(BlockPredictionInput input) {
        return core.predictBlock(input);
    }

    @Override
    public String toString() {
        return "MeanFieldRmsPropPredictor(SimCorePredictor, RMSProp by mean field)";
    }
}
