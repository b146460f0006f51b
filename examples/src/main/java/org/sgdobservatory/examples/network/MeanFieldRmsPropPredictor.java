package org.sgdobservatory.examples.network;

import org.sgdobservatory.listener.BlockPredictionInput;
import org.sgdobservatory.listener.PredictionInput;
import org.sgdobservatory.listener.SimCorePredictor;
import org.sgdobservatory.listener.StationaryPredictor;
import org.sgdobservatory.listener.VariancePrediction;

/**
 * {@link SimCorePredictor} with RMSProp groups predicted parameter by parameter from sim-core's mean-field fixed
 * point ({@code RmsPropMeanField}) instead of a joint simulation of the group. The simulation is more exact (the
 * mean field neglects the fluctuation of {@code v}; THEORY.md 2) but costs up to 20000 steps of 256 chains per
 * group, up to about half a minute for the digits MLP's largest group at ~2e8 parameter-chain-steps/s
 * (BENCHMARKS.md section 5); the mean field is instant. Everything
 * else is delegated unchanged. Stateless and thread-safe.
 */
final class MeanFieldRmsPropPredictor implements StationaryPredictor {

    private final SimCorePredictor core = new SimCorePredictor();

    @Override
    public VariancePrediction predict(PredictionInput input) {
        return core.predict(input);
    }

    /** One {@link #predict} per parameter (for RMSProp: the mean field), never a simulation. */
    @Override
    public java.util.List<VariancePrediction> predictGroup(java.util.List<PredictionInput> inputs) {
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
