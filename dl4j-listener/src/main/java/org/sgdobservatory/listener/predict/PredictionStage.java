package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.probe.ProbeMeasurements;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;

/**
 * The predict stage: for each tracked parameter, the stationary variance the theory predicts for the run's data
 * order and, beside it, the lecture's i.i.d.-minibatch prediction, through the {@link StationaryPredictor} (one call
 * per group, so that a simulation can run a group's parameters together). Each prediction carries its standard
 * error: the predictor's own numerical error plus the probes' sampling errors of the curvature and the noise carried
 * by the delta method, {@code (SE_V/V)^2 = e_h^2 (SE_h/h)^2 + e_s^2 (SE_s/s)^2 + (SE_MC/V)^2} with the elasticities
 * {@code e_x = d ln V / d ln x} of the per-parameter prediction (carried by it, or from
 * {@link StationaryPredictor#elasticities}) and
 * {@code SE_MC} the predictor's own numerical error (a simulation's Monte Carlo error; a table's Monte Carlo error
 * and interpolation bound) ({@code docs/verdicts.md#prediction-uncertainty}). Stateless.
 */
public final class PredictionStage {

    private PredictionStage() {
    }

    /**
     * What the predict stage needs.
     *
     * @param predictor the theory
     * @param tracked the tracked parameters
     * @param rates learning rates and the curvature the theory sees
     * @param probes the measured noise and curvature
     * @param dataOrder the order predictions assume ({@link DataOrder#UNKNOWN} is predicted as i.i.d.)
     * @param miniBatchSize the training minibatch size
     * @param batchesPerEpoch minibatches per epoch, 0 when unknown
     * @param wanted which tracked positions to predict (others are "not predicted")
     * @param seed the seed of any simulation
     */
    public record Input(StationaryPredictor predictor, TrackedParameters tracked, UpdateRates rates,
                        ProbeMeasurements probes, DataOrder dataOrder, int miniBatchSize, long batchesPerEpoch,
                        IntPredicate wanted, long seed) {
    }

    /** The predictions of every tracked parameter, in tracked order. */
    public static List<PredictionReport> run(Input in) {
        PredictionReport[] out = new PredictionReport[in.tracked().size()];
        DataOrder used = in.dataOrder() == DataOrder.UNKNOWN ? DataOrder.IID : in.dataOrder();
        for (TrackedParameters.Slice slice : in.tracked().slices()) {
            List<PredictionInput> scheme = new ArrayList<>();
            List<PredictionInput> iid = new ArrayList<>();
            List<Integer> asked = new ArrayList<>();
            for (int i = slice.from(); i < slice.to(); i++) {
                Measurement h = in.probes().curvature(i);
                Measurement s2 = in.probes().noiseVariance(i);
                if (slice.block().updater().kind() == UpdaterKind.UNSUPPORTED) {
                    out[i] = notPredicted(NotPredictedReason.UNSUPPORTED_OPTIMIZER, "no theory yet for updater "
                            + slice.block().updater().className() + " (observed, not predicted)");
                } else if (Double.isNaN(h.value()) || Double.isNaN(s2.value())) {
                    out[i] = notPredicted(NotPredictedReason.NOT_PROBED, "no probe measurement of curvature and"
                            + " noise");
                } else if (!in.wanted().test(i)) {
                    out[i] = used == DataOrder.FIXED_CYCLIC
                            ? notPredicted(NotPredictedReason.LIMIT_CYCLE, "fixed cyclic data order: a limit cycle,"
                            + " not a density")
                            : notPredicted(NotPredictedReason.TOO_FEW_SAMPLES, "too few effective samples to judge, so"
                            + " not predicted");
                } else {
                    scheme.add(input(in, slice.block(), i, used));
                    iid.add(input(in, slice.block(), i, DataOrder.IID));
                    asked.add(i);
                }
            }
            if (asked.isEmpty()) {
                continue;
            }
            List<VariancePrediction> iidOut = in.predictor().predictGroup(iid, in.seed());
            List<VariancePrediction> schemeOut = used == DataOrder.IID ? iidOut
                    : used == DataOrder.FIXED_CYCLIC ? cyclic(scheme.size())
                    : in.predictor().predictGroup(scheme, in.seed());
            for (int a = 0; a < asked.size(); a++) {
                int i = asked.get(a);
                out[i] = report(in, scheme.get(a), schemeOut.get(a), iidOut.get(a), i);
            }
        }
        return Arrays.asList(out);
    }

    /**
     * Adds the limit cycle's predicted spread to the Sgd parameters' predictions for a fixed cyclic order: per
     * parameter the 1-D orbit {@code x_{k+1} = (1 - lr h) x_k - lr xi_k} of sim-core's {@link CyclicOrderQuadratic1D},
     * driven by the epoch's minibatch noises of that parameter (the minibatch-mean gradients minus their mean over
     * the epoch, so they sum to zero) with a diagonal Hessian and constant curvature
     * ({@code docs/data-order.md#fixed-cyclic-order}).
     *
     * @param gradients minibatch-mean gradients, rows = minibatches in epoch order, columns = tracked parameters
     * @return the predictions with {@code limitCycleSpread} set where it exists
     */
    public static List<PredictionReport> withLimitCycles(List<PredictionReport> predictions, double[][] gradients,
                                                         TrackedParameters tracked, UpdateRates rates) {
        List<PredictionReport> out = new ArrayList<>(predictions);
        for (TrackedParameters.Slice slice : tracked.slices()) {
            if (slice.block().updater().kind() != UpdaterKind.SGD) {
                continue;
            }
            for (int i = slice.from(); i < slice.to(); i++) {
                PredictionReport p = out.get(i);
                out.set(i, new PredictionReport(p.notPredicted(), p.variance(), p.varianceIid(),
                        orbitSpread(gradients, i, rates.learningRate(i), rates.curvature(i)), p.method(), p.basis()));
            }
        }
        return out;
    }

    private static double orbitSpread(double[][] gradients, int column, double learningRate, double curvature) {
        int k = gradients.length;
        if (!(k >= 1 && curvature > 0 && learningRate > 0 && learningRate * curvature < 2)) {
            return Double.NaN;
        }
        double mean = 0;
        for (double[] row : gradients) {
            mean += row[column] / k;
        }
        double[] noise = new double[k];
        for (int m = 0; m < k; m++) {
            noise[m] = gradients[m][column] - mean;
            if (!Double.isFinite(noise[m])) {
                return Double.NaN;
            }
        }
        return CyclicOrderQuadratic1D.of(learningRate, curvature, noise).spread();
    }

    private static PredictionInput input(Input in, ParameterBlock blk, int i, DataOrder order) {
        return new PredictionInput(blk.updater(), order, in.rates().learningRate(i), in.rates().curvature(i),
                in.probes().noiseVariance(i).value(), in.miniBatchSize(), order == DataOrder.IID ? 0
                : in.batchesPerEpoch());
    }

    private static List<VariancePrediction> cyclic(int n) {
        VariancePrediction p = VariancePrediction.notPredicted(NotPredictedReason.LIMIT_CYCLE, "fixed cyclic data"
                + " order: a limit cycle, not a density");
        return java.util.Collections.nCopies(n, p);
    }

    private static PredictionReport report(Input in, PredictionInput at, VariancePrediction p, VariancePrediction iid,
                                           int i) {
        double iidVariance = iid.predicted() ? iid.variance() : Double.NaN;
        if (!p.predicted()) {
            return new PredictionReport(p.notPredicted(), Measurement.NONE, iidVariance, Double.NaN,
                    PredictionMethod.NONE, p.basis());
        }
        double relH = in.probes().curvature(i).relativeStandardError();
        double relS = in.probes().noiseVariance(i).relativeStandardError();
        StationaryPredictor.Elasticities e = p.elasticities().known() ? p.elasticities()
                : in.predictor().elasticities(at);
        double relMc = p.monteCarloStandardError() / p.variance();
        double rel2 = sq(finite(e.curvature()) * finite(relH)) + sq(finite(e.noiseVariance()) * finite(relS))
                + sq(finite(relMc));
        return new PredictionReport(p.notPredicted(), new Measurement(p.variance(), p.variance() * Math.sqrt(rel2)),
                iidVariance, Double.NaN, p.method(), p.basis());
    }

    private static PredictionReport notPredicted(NotPredictedReason reason, String why) {
        return new PredictionReport(java.util.Optional.of(reason), Measurement.NONE, Double.NaN, Double.NaN,
                PredictionMethod.NONE, why);
    }

    private static double finite(double x) {
        return Double.isFinite(x) ? x : 0;
    }

    private static double sq(double x) {
        return x * x;
    }
}
