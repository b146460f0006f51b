package org.sgdobservatory.examples.network;

import java.util.List;

import org.sgdobservatory.listener.predict.BlockPredictionInput;
import org.sgdobservatory.listener.predict.PredictionInput;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;

/**
 * {@link SimCorePredictor} without group simulations: RMSProp parameters are predicted one by one, from sim-core's
 * stationary table where it covers them (docs/theory.md#rmsprop-stationary-table) and from the mean-field
 * fixed point ({@code RmsPropMeanField}) outside it, where {@link SimCorePredictor} simulates the group's uncovered
 * parameters together (more exact: the mean field neglects the fluctuation of {@code v}, about 2% at
 * {@code rho = 0.95}, but up to 20000 steps of 256 chains per group). Everything else is delegated unchanged.
 * Stateless and thread-safe.
 */
final class MeanFieldRmsPropPredictor implements StationaryPredictor {

    private final SimCorePredictor core = new SimCorePredictor();

    @Override
    public VariancePrediction predict(PredictionInput input) {
        return core.predict(input);
    }

    /** One {@link #predict} per parameter (for RMSProp: the table, else the mean field), never a simulation. */
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
        return "MeanFieldRmsPropPredictor(SimCorePredictor, RMSProp by table or mean field, no group simulation)";
    }
}
