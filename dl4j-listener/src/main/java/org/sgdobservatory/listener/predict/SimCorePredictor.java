package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.List;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.EstimatedNoiseVarianceNormalized1D;
import org.sgdobservatory.sim.theory.Lyapunov;
import org.sgdobservatory.sim.theory.NesterovsQuadratic1D;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.RmsPropMeanField;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * The default {@link StationaryPredictor}: delegates every formula to sim-core's theory package
 * ({@code org.sgdobservatory.sim.theory}); the listener only maps its measurements onto the arguments.
 *
 * <ul>
 *   <li>Sgd, i.i.d.: {@link SgdQuadratic1D#predict} ({@code eta s2 / (h (2 - eta h))}, THEORY.md 2);</li>
 *   <li>Sgd, reshuffled: {@link ReshufflingQuadratic1D#predict} with the without-replacement batch variance
 *       {@code (C/B)(n-B)/(n-1)}, {@code n = K B} (THEORY.md 2b);</li>
 *   <li>Nesterovs, i.i.d.: {@link NesterovsQuadratic1D#predict};</li>
 *   <li>RmsProp, i.i.d.: per parameter {@link RmsPropMeanField#predict} (mean field: approximate, THEORY.md 2;
 *       the curvature passed already includes L2, so {@code l2 = 0} is passed); per group
 *       ({@link #predictGroup}) a sim-core {@link Simulation} of all its parameters together;</li>
 *   <li>full blocks, Sgd, i.i.d.: {@link Lyapunov#predictMarginalVariances};</li>
 *   <li>RmsProp, reshuffled: the i.i.d. prediction above times the reshuffling factor
 *       {@link #reshufflingFactor} of SGD at the equivalent constant rate (approximate; see there);</li>
 *   <li>VarianceNormalizedSgd ({@code eta'/sigma^2}): SGD with the rate the updater's own moving average of the
 *       noise sets, {@link EstimatedNoiseVarianceNormalized1D#predict} (i.i.d.), then
 *       {@link ReshufflingQuadratic1D#predict} at that rate (reshuffled);</li>
 * </ul>
 * Everything else is "not predicted" with the reason. Stateless and thread-safe.
 */
public final class SimCorePredictor implements StationaryPredictor {

    /**
     * Chains of the RmsProp group simulation. The variance rests on about {@code chains * steps / tau >= 8 chains}
     * effective samples (steps are at least 8 of the slowest relaxation times), so its Monte Carlo relative
     * standard error is at most about {@code sqrt(2 / (8 chains))} = 3.1% at 256 chains (4.4% at the 128 used before
     * the fused RmsProp step made each chain-step 3.5 times cheaper; BENCHMARKS.md section 5).
     */
    public static final int GROUP_CHAINS = 256;

    /** Creates the predictor. */
    public SimCorePredictor() {
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
        if (reshuffled && kind == UpdaterKind.RMSPROP) {
            return reshuffled(predict(asIid(in)), in);
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
            case RMSPROP -> RmsPropMeanField.predict(lr, h, s2, in.updater().hyperparameter("epsilon"), 0.0);
            case VARNORM -> varianceNormalized(in, reshuffled);
            case UNSUPPORTED -> null;
        };
        if (p == null) {
            return VariancePrediction.notPredicted(NotPredictedReason.UNSUPPORTED_OPTIMIZER,
                    "no theory yet for updater " + in.updater().className());
        }
        return VariancePrediction.of(p);
    }

    /**
     * RmsProp with i.i.d. minibatches: all parameters of the group are simulated together by sim-core's
     * {@link Simulation} (diagonal quadratic with the measured curvatures, Gaussian noise with the measured
     * {@code sigma^2_B}, DL4J's RmsProp with its learning rate, decay and epsilon; THEORY.md 2: the mean field
     * is only approximate because v fluctuates with the noise). Everything else: {@link #predict} per parameter.
     */
    @Override
    public List<VariancePrediction> predictGroup(List<PredictionInput> inputs, long seed) {
        boolean rmsReshuffled = !inputs.isEmpty() && inputs.stream().allMatch(
                in -> in.updater().kind() == UpdaterKind.RMSPROP && in.dataOrder() == DataOrder.RESHUFFLED
                        && in.batchesPerEpoch() >= 2);
        if (rmsReshuffled) {
            List<VariancePrediction> iid = predictGroup(inputs.stream().map(SimCorePredictor::asIid).toList(), seed);
            List<VariancePrediction> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                out.add(reshuffled(iid.get(i), inputs.get(i)));
            }
            return out;
        }
        boolean rmsIid = !inputs.isEmpty() && inputs.stream().allMatch(
                in -> in.updater().kind() == UpdaterKind.RMSPROP && in.dataOrder() == DataOrder.IID);
        if (!rmsIid) {
            return StationaryPredictor.super.predictGroup(inputs, seed);
        }
        List<VariancePrediction> out = new ArrayList<>(inputs.size());
        List<Integer> simulate = new ArrayList<>();
        double tauMax = 1;
        for (int i = 0; i < inputs.size(); i++) {
            PredictionInput in = inputs.get(i);
            VariancePrediction meanField = predict(in);
            out.add(meanField);
            if (meanField.predicted()) {
                simulate.add(i);
                double step = RmsPropMeanField.of(in.learningRate(), in.curvature(), in.noiseVariance())
                        .withEpsilon(in.updater().hyperparameter("epsilon")).meanFieldLearningRate();
                tauMax = Math.max(tauMax, 2 / (step * in.curvature()));
            }
        }
        if (simulate.isEmpty()) {
            return out;
        }
        PredictionInput first = inputs.get(simulate.get(0));
        double[] h = new double[simulate.size()];
        double[] s2 = new double[simulate.size()];
        for (int k = 0; k < h.length; k++) {
            h[k] = inputs.get(simulate.get(k)).curvature();
            s2[k] = inputs.get(simulate.get(k)).noiseVariance();
        }
        // Many chains, few steps (the per-step cost dominates): chains start at the optimum, so burn-in only has to
        // settle v (about 1/(1-rho) steps) and relax x (~tau/2).
        int chains = GROUP_CHAINS;
        int steps = (int) Math.min(20_000, Math.max(400, 8 * tauMax));
        int burnIn = (int) Math.min(20_000, Math.max(200, 4 * tauMax));
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(h), GaussianNoise.diagonal(s2)))
                .updater(new org.sgdobservatory.sim.optim.RmsProp(first.learningRate(),
                        first.updater().hyperparameter("rmsDecay"), first.updater().hyperparameter("epsilon")))
                .chains(chains).steps(steps).burnIn(burnIn).seed(seed).build().run();
        List<Estimate> variances = result.varianceEstimates();
        for (int k = 0; k < h.length; k++) {
            double v = variances.get(k).value();
            out.set(simulate.get(k), v > 0 && Double.isFinite(v)
                    ? VariancePrediction.of(v, variances.get(k).standardError(), String.format("sim-core simulation of"
                            + " RmsProp (%d chains x %d steps after %d burn-in, all %d parameters of the group together,"
                            + " diagonal Hessian)", chains, steps, burnIn, h.length))
                    : VariancePrediction.notPredicted(NotPredictedReason.INVALID_INPUT,
                            "the RmsProp simulation did not give a finite variance"));
        }
        return out;
    }

    private static PredictionInput asIid(PredictionInput in) {
        return new PredictionInput(in.updater(), DataOrder.IID, in.learningRate(), in.curvature(), in.noiseVariance(),
                in.miniBatchSize(), in.batchesPerEpoch());
    }

    private static VariancePrediction reshuffled(VariancePrediction iid, PredictionInput in) {
        if (!iid.predicted()) {
            return iid;
        }
        double factor = reshufflingFactor(in);
        if (!(factor > 0 && Double.isFinite(factor))) {
            return VariancePrediction.notPredicted(NotPredictedReason.NO_THEORY_FOR_DATA_ORDER, "no reshuffling"
                    + " factor for " + in.updater().className() + " at the equivalent SGD rate (unstable or no"
                    + " noise); the i.i.d. value is shown beside it");
        }
        return VariancePrediction.of(iid.variance() * factor, iid.monteCarloStandardError() * factor, iid.basis()
                + ", times the reshuffling factor " + String.format("%.3g", factor) + " of SGD at the equivalent rate"
                + " (approximate)");
    }

    /**
     * How much per-epoch reshuffling shrinks RmsProp's spread, approximated by SGD at the equivalent constant
     * rate {@code eta_eq}: {@code ReshufflingQuadratic1D.spread(eta_eq) / SgdQuadratic1D.variance(eta_eq)}, with
     * RmsProp's mean-field rate {@code eta_eq = lr/(sqrt(v) + eps)} ({@link RmsPropMeanField#meanFieldLearningRate}).
     * Reshuffling acts through the anti-correlation of the minibatch noises within an
     * epoch (THEORY.md 2b), which the parameter integrates over its relaxation time {@code 1/(eta_eq h)}; the
     * approximation ignores that RmsProp's {@code v} also responds to the epoch structure. Against sim-core's
     * finite-data simulation of RmsProp under reshuffling ({@code SimCorePredictorTest}) it is within 4% for
     * epochs of 20 minibatches and 13% low for epochs of 8 (where {@code v}'s memory of ~20 steps spans more
     * than an epoch).
     *
     * @return the factor, NaN when the equivalent SGD chain is unstable
     */
    static double reshufflingFactor(PredictionInput in) {
        double h = in.curvature();
        double rate = in.updater().kind() == UpdaterKind.RMSPROP
                ? RmsPropMeanField.of(in.learningRate(), h, in.noiseVariance())
                        .withEpsilon(in.updater().hyperparameter("epsilon")).meanFieldLearningRate()
                : in.learningRate();
        Prediction iid = SgdQuadratic1D.predict(rate, h, in.noiseVariance());
        Prediction shuffled = ReshufflingQuadratic1D.predict(rate, h, withoutReplacement(in),
                (int) in.batchesPerEpoch());
        if (iid instanceof Prediction.Stationary a && shuffled instanceof Prediction.Stationary b) {
            return b.variance() / a.variance();
        }
        return Double.NaN;
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
