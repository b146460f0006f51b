package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.List;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.theory.EstimatedNoiseVarianceNormalized1D;
import org.sgdobservatory.sim.theory.Lyapunov;
import org.sgdobservatory.sim.theory.NesterovsQuadratic1D;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * The default {@link StationaryPredictor}: delegates every formula to sim-core's theory package
 * ({@code org.sgdobservatory.sim.theory}); the listener only maps its measurements onto the arguments.
 *
 * <ul>
 *   <li>Sgd, i.i.d.: {@link SgdQuadratic1D#predict} ({@code eta s2 / (h (2 - eta h))},
 *       docs/theory.md#sgd-on-a-1-d-quadratic);</li>
 *   <li>Sgd, reshuffled: {@link ReshufflingQuadratic1D#predict} with the without-replacement batch variance
 *       {@code (C/B)(n-B)/(n-1)}, {@code n = K B} (docs/data-order.md#random-reshuffling);</li>
 *   <li>Nesterovs, i.i.d.: {@link NesterovsQuadratic1D#predict};</li>
 *   <li>RmsProp, i.i.d. and reshuffled: {@link RmsPropPredictions}: sim-core's precomputed stationary table (with
 *       the measured reshuffling correction where it applies), the group simulation outside the table's range
 *       (docs/theory.md#rmsprop-stationary-table); the curvature passed already includes L2 and weight decay;</li>
 *   <li>full blocks, Sgd, i.i.d.: {@link Lyapunov#predictMarginalVariances};</li>
 *   <li>VarianceNormalizedSgd ({@code eta'/sigma^2}): SGD with the rate the updater's own moving average of the
 *       noise sets, {@link EstimatedNoiseVarianceNormalized1D#predict} (i.i.d.), then
 *       {@link ReshufflingQuadratic1D#predict} at that rate (reshuffled);</li>
 * </ul>
 * Everything else is "not predicted" with the reason. Stateless and thread-safe.
 */
public final class SimCorePredictor implements StationaryPredictor {

    /** Chains of the RmsProp group simulation outside the table's range ({@link RmsPropPredictions#GROUP_CHAINS}). */
    public static final int GROUP_CHAINS = RmsPropPredictions.GROUP_CHAINS;

    private final RmsPropPredictions rmsProp;

    /** Creates the predictor over sim-core's shipped RMSProp table and reshuffling correction. */
    public SimCorePredictor() {
        this.rmsProp = RmsPropPredictions.shipped();
    }

    @Override
    public VariancePrediction predict(PredictionInput in) {
        UpdaterKind kind = in.updater().kind();
        double lr = in.learningRate();
        double h = in.curvature();
        double s2 = in.noiseVariance();
        boolean reshuffled = in.dataOrder() == DataOrder.RESHUFFLED;
        if (reshuffled && in.batchesPerEpoch() < 2) {
            return VariancePrediction.notPredicted(NotPredictedReason.UNKNOWN_EPOCH_LENGTH, "reshuffling with an"
                    + " unknown epoch length (K = " + in.batchesPerEpoch() + " minibatches): state it or let the"
                    + " listener see two epochs");
        }
        if (kind == UpdaterKind.RMSPROP) {
            return rmsProp.predict(in);
        }
        if (reshuffled && kind != UpdaterKind.SGD && kind != UpdaterKind.VARNORM) {
            return VariancePrediction.notPredicted(NotPredictedReason.NO_THEORY_FOR_DATA_ORDER,
                    "no reshuffling theory for " + in.updater().className()
                    + " in sim-core yet (SGD's reshuffling factor at lr/(1-mu) is 2.6x off the finite-data"
                    + " simulation at mu = 0.9); the i.i.d. value is shown beside it");
        }
        Prediction p = switch (kind) {
            case SGD -> reshuffled
                    ? ReshufflingQuadratic1D.predict(lr, h, withoutReplacement(in), (int) in.batchesPerEpoch())
                    : SgdQuadratic1D.predict(lr, h, s2);
            case NESTEROVS -> NesterovsQuadratic1D.predict(lr, in.updater().hyperparameter("momentum"), h, s2);
            case VARNORM -> varianceNormalized(in, reshuffled);
            case RMSPROP, UNSUPPORTED -> null;
        };
        if (p == null) {
            return VariancePrediction.notPredicted(NotPredictedReason.UNSUPPORTED_OPTIMIZER,
                    "no theory yet for updater " + in.updater().className());
        }
        return VariancePrediction.of(p);
    }

    /**
     * RmsProp groups ({@link RmsPropPredictions#predictGroup}): the table for every parameter it covers, the others
     * simulated together by sim-core's {@link org.sgdobservatory.sim.simulation.Simulation}. Everything else:
     * {@link #predict} per parameter.
     */
    @Override
    public List<VariancePrediction> predictGroup(List<PredictionInput> inputs, long seed) {
        boolean rms = !inputs.isEmpty() && inputs.stream().allMatch(in -> in.updater().kind() == UpdaterKind.RMSPROP
                && (in.dataOrder() != DataOrder.RESHUFFLED || in.batchesPerEpoch() >= 2));
        return rms ? rmsProp.predictGroup(inputs, seed) : StationaryPredictor.super.predictGroup(inputs, seed);
    }

    /**
     * The {@code eta'/sigma^2} rule as the {@code VarianceNormalizedSgd} updater runs it: SGD with rate
     * {@code eta = eta'/(s + eps)}, {@code s} the updater's own moving average of the squared gradient deviation,
     * which near a minimum sees the signal {@code h x} as well as the noise. i.i.d.: sim-core's
     * {@link EstimatedNoiseVarianceNormalized1D} (the fixed point of {@code eta} and {@code E[s]}; with a long memory
     * {@code Var = eta'/(2h)}, one temperature {@code eta'/2}; the known-noise formula
     * {@code eta'/(h(2 - eta' h/s2))} is higher by up to {@code 1/(1 - eta' h/(2 s2))}). Reshuffled: the rate of that
     * fixed point with the without-replacement noise, in {@link ReshufflingQuadratic1D#predict} (approximate: the
     * moving average's autocovariances are taken from the i.i.d. chain).
     */
    private static Prediction varianceNormalized(PredictionInput in, boolean reshuffled) {
        double beta = in.updater().hyperparameter("averagingDecay");
        double eps = in.updater().hyperparameter("epsilon");
        double s2 = reshuffled ? withoutReplacement(in) : in.noiseVariance();
        Prediction iid = EstimatedNoiseVarianceNormalized1D.predict(in.learningRate(), in.curvature(), s2, beta,
                Double.isFinite(eps) ? eps : 0);
        if (!reshuffled || !(iid instanceof Prediction.Stationary st)) {
            return iid;
        }
        // the fixed point's rate, from V = eta s2 / (h (2 - eta h))
        double h = in.curvature();
        double eta = 2 * st.variance() * h / (s2 + h * h * st.variance());
        return ReshufflingQuadratic1D.predict(eta, h, s2, (int) in.batchesPerEpoch());
    }

    /** {@code (C/B)(n-B)/(n-1)} from the with-replacement {@code C/B}, {@code n = K B}. */
    private static double withoutReplacement(PredictionInput in) {
        int b = Math.max(1, in.miniBatchSize());
        int n = (int) Math.min(Integer.MAX_VALUE, in.batchesPerEpoch() * b);
        return ReshufflingQuadratic1D.withoutReplacementBatchVariance(in.noiseVariance() * b, n, b);
    }

    @Override
    public BlockPrediction predictBlock(BlockPredictionInput in) {
        if (in.updater().kind() != UpdaterKind.SGD || in.dataOrder() != DataOrder.IID) {
            return BlockPrediction.notPredicted(NotPredictedReason.NO_THEORY_FOR_DATA_ORDER,
                    "full-block predictions exist for Sgd with i.i.d. minibatches only"
                    + " (updater " + in.updater().className() + ", data order " + in.dataOrder() + ")");
        }
        List<Prediction> ps = Lyapunov.predictMarginalVariances(in.hessian(), in.noiseCovariance(),
                in.learningRate());
        List<Double> out = new ArrayList<>(ps.size());
        for (Prediction p : ps) {
            if (p instanceof Prediction.Stationary s) {
                out.add(s.variance());
            } else {
                Prediction.NotApplicable na = (Prediction.NotApplicable) p;
                return BlockPrediction.notPredicted(VariancePrediction.reason(na.reason()), na.explanation());
            }
        }
        return BlockPrediction.of(out, "sim-core discrete Lyapunov (full block)");
    }


    @Override
    public String toString() {
        return "SimCorePredictor";
    }
}
