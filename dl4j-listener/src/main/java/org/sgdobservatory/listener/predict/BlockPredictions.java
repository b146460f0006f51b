package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.probe.ProbeCopy;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.stats.Median;

/**
 * Full-block predictions of small, fully tracked groups: the group's Hessian block (central differences along unit
 * vectors) and noise covariance block (per-example gradients) on the probe copy, then the predictor's full-block
 * theory (for SGD the discrete Lyapunov equation), compared with the observed variances and the per-parameter
 * (diagonal-Hessian) predictions ({@code docs/theory.md#the-diagonal-hessian-approximation}). Stateless.
 */
public final class BlockPredictions {

    private BlockPredictions() {
    }

    /**
     * The full-block predictions of every group of at most {@code maxParameters} fully tracked parameters.
     *
     * @param observedVariances per tracked parameter
     * @param diagonal the per-parameter predictions, in tracked order
     */
    public static List<BlockPredictionReport> of(ProbeCopy copy, TrackedParameters tracked, UpdateRates rates,
                                                 StationaryPredictor predictor, DataOrder order, int maxParameters,
                                                 double step, int perExampleGradients, int miniBatchSize,
                                                 double[] observedVariances, List<PredictionReport> diagonal) {
        List<BlockPredictionReport> out = new ArrayList<>();
        long[] flat = tracked.flatIndices();
        for (TrackedParameters.Slice slice : tracked.slices()) {
            ParameterBlock blk = slice.block();
            int k = slice.to() - slice.from();
            if (maxParameters <= 0 || k != blk.length() || k > maxParameters) {
                continue;
            }
            long[] idx = Arrays.copyOfRange(flat, slice.from(), slice.to());
            double[][] h = copy.probes().hessianBlock(copy.theta(), copy.examples(), idx, step);
            double[][] sigma = copy.probes().noiseCovarianceBlock(copy.theta(), copy.examples(), perExampleGradients,
                    idx, Math.max(1, miniBatchSize));
            DataOrder used = order == DataOrder.UNKNOWN ? DataOrder.IID : order;
            StationaryPredictor.BlockPrediction bp = blk.updater().kind() == UpdaterKind.UNSUPPORTED
                    ? StationaryPredictor.BlockPrediction.notPredicted(NotPredictedReason.UNSUPPORTED_OPTIMIZER,
                            "no theory yet for updater " + blk.updater().className())
                    : predictor.predictBlock(new BlockPredictionInput(blk.updater(), used,
                            rates.learningRate(slice.from()), h, sigma));
            double[] obsToFull = new double[k];
            double[] diagToFull = new double[k];
            for (int i = 0; i < k; i++) {
                double full = bp.predicted() ? bp.variances().get(i) : Double.NaN;
                obsToFull[i] = observedVariances[slice.from() + i] / full;
                diagToFull[i] = diagonal.get(slice.from() + i).variance().value() / full;
            }
            out.add(new BlockPredictionReport(blk.key(), k, bp.variances(), Median.of(obsToFull),
                    Median.of(diagToFull), bp.notPredicted(), bp.basis()));
        }
        return out;
    }
}
