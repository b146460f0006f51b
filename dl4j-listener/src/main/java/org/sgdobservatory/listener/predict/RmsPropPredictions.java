package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.RmsPropMeanField;
import org.sgdobservatory.sim.theory.RmsPropReshuffling;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable;

/**
 * RMSProp's stationary variance per parameter, for {@link SimCorePredictor} ({@code docs/theory.md#rmsprop-stationary-table}).
 *
 * <ul>
 *   <li><b>i.i.d.</b>: sim-core's precomputed table {@link RmsPropStationaryTable}, {@code Var = (sigma^2/h^2)
 *       f(lr h/sigma, rho, eps/sigma)} in {@code O(1)} ({@link PredictionMethod#RMSPROP_TABLE}); its standard error is
 *       the lookup's, {@code sqrt(mc^2 + (bound/2)^2)} relative: the nodes' Monte Carlo error and the measured
 *       interpolation bound counted as two standard errors. Outside the table's range a group's parameters are
 *       simulated together by sim-core's {@link Simulation} ({@link PredictionMethod#RMSPROP_GROUP_SIMULATION}, its
 *       Monte Carlo error); a single-parameter prediction uses the mean field ({@link RmsPropMeanField},
 *       {@link PredictionMethod#RMSPROP_MEAN_FIELD}).</li>
 *   <li><b>reshuffled</b>: {@link RmsPropReshuffling}, the table's value times SGD's reshuffling factor at the
 *       mean-field rate times the measured RMSProp correction, where the correction was measured
 *       ({@link PredictionMethod#RMSPROP_TABLE_RESHUFFLING_CORRECTION}); elsewhere the i.i.d. prediction above times
 *       SGD's factor alone (approximate: the correction reaches 2.5 for epochs of 2 minibatches), with the
 *       {@code *_SGD_RESHUFFLING_FACTOR} methods.</li>
 * </ul>
 * Table answers carry their elasticities ({@code d ln Var/d ln h}, {@code d ln Var/d ln sigma^2}: exact derivatives
 * of the interpolant through the scaling law), so the prediction stage need not evaluate them by differences. The
 * curvature passed in already includes L2 and weight decay ({@link UpdateRates}), so none is passed again.
 * Immutable and thread-safe.
 */
final class RmsPropPredictions {

    /**
     * Chains of the group simulation. The variance rests on about {@code chains * steps / tau >= 8 chains}
     * effective samples (steps are at least 8 of the slowest relaxation times), so its Monte Carlo relative
     * standard error is at most about {@code sqrt(2 / (8 chains))} = 3.1% at 256 chains.
     */
    static final int GROUP_CHAINS = 256;

    private final RmsPropStationaryTable table;
    private final RmsPropReshuffling reshuffling;
    private final String tableBasis;
    private final String reshufflingBasis;
    private final String uncorrectedBasis;

    /**
     * @param table the i.i.d. table
     * @param reshuffling the reshuffling correction over that table
     */
    RmsPropPredictions(RmsPropStationaryTable table, RmsPropReshuffling reshuffling) {
        this.table = table;
        this.reshuffling = reshuffling;
        this.tableBasis = "sim-core: " + table.method();
        this.reshufflingBasis = "sim-core: " + reshuffling.method();
        this.uncorrectedBasis = "sim-core: " + reshuffling.uncorrectedMethod();
    }

    /** The shipped table and correction (loaded on first use by sim-core). */
    static RmsPropPredictions shipped() {
        return new RmsPropPredictions(RmsPropStationaryTable.shipped(), RmsPropReshuffling.shipped());
    }

    /**
     * One parameter: the table (with the reshuffling correction under reshuffling); outside it the mean field.
     * Reshuffled inputs must have {@code batchesPerEpoch >= 2}.
     */
    VariancePrediction predict(PredictionInput in) {
        if (in.dataOrder() != DataOrder.RESHUFFLED) {
            return iid(in);
        }
        int k = (int) Math.min(Integer.MAX_VALUE, in.batchesPerEpoch());
        int b = Math.max(1, in.miniBatchSize());
        if (reshuffling.covers(in.learningRate(), in.curvature(), in.noiseVariance(), rmsDecay(in), epsilon(in), k, b)) {
            RmsPropStationaryTable.Lookup corrected = reshuffling.lookup(in.learningRate(), in.curvature(),
                    in.noiseVariance(), rmsDecay(in), epsilon(in), k, b);
            if (corrected.prediction() instanceof Prediction.Stationary s) {
                return fromTable(s, corrected, PredictionMethod.RMSPROP_TABLE_RESHUFFLING_CORRECTION,
                        reshufflingBasis);
            }
        }
        RmsPropStationaryTable.Lookup uncorrected = reshuffling.uncorrected(in.learningRate(), in.curvature(),
                in.noiseVariance(), rmsDecay(in), epsilon(in), k, b);
        if (uncorrected.prediction() instanceof Prediction.Stationary s) {
            return fromTable(s, uncorrected, PredictionMethod.RMSPROP_TABLE_SGD_RESHUFFLING_FACTOR, uncorrectedBasis);
        }
        return timesSgdFactor(iid(in), in);
    }

    /**
     * A group (one updater, one data order): the table for every parameter it covers; the others, which the mean
     * field predicts, simulated together.
     *
     * @param seed the seed of the group simulation
     */
    List<VariancePrediction> predictGroup(List<PredictionInput> inputs, long seed) {
        VariancePrediction[] out = new VariancePrediction[inputs.size()];
        List<Integer> simulate = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(inputs.get(i));
            PredictionMethod m = out[i].method();
            if (m == PredictionMethod.RMSPROP_MEAN_FIELD || m == PredictionMethod.RMSPROP_MEAN_FIELD_SGD_RESHUFFLING_FACTOR) {
                simulate.add(i);
            }
        }
        if (!simulate.isEmpty()) {
            List<VariancePrediction> simulated = simulateGroup(simulate.stream().map(inputs::get).toList(),
                    GROUP_CHAINS, seed);
            for (int k = 0; k < simulate.size(); k++) {
                int i = simulate.get(k);
                PredictionInput in = inputs.get(i);
                VariancePrediction sim = simulated.get(k);
                if (sim.predicted()) {
                    sim = VariancePrediction.of(sim.variance(), sim.monteCarloStandardError(), sim.method(),
                            "outside sim-core's RMSProp table (" + whyOutside(in) + "): " + sim.basis());
                }
                out[i] = in.dataOrder() == DataOrder.RESHUFFLED && sim.predicted() ? timesSgdFactor(sim, in) : sim;
            }
        }
        return Arrays.asList(out);
    }

    private VariancePrediction iid(PredictionInput in) {
        RmsPropStationaryTable.Lookup lookup = table.lookup(in.learningRate(), in.curvature(), in.noiseVariance(),
                rmsDecay(in), epsilon(in));
        if (lookup.prediction() instanceof Prediction.Stationary s) {
            return fromTable(s, lookup, PredictionMethod.RMSPROP_TABLE, tableBasis);
        }
        VariancePrediction meanField = VariancePrediction.of(RmsPropMeanField.predict(in.learningRate(),
                in.curvature(), in.noiseVariance(), epsilon(in), 0.0), PredictionMethod.RMSPROP_MEAN_FIELD);
        if (!meanField.predicted()) {
            return meanField;
        }
        String outside = ((Prediction.NotApplicable) lookup.prediction()).explanation();
        return VariancePrediction.of(meanField.variance(), 0.0, PredictionMethod.RMSPROP_MEAN_FIELD,
                "outside sim-core's RMSProp table (" + outside + "): " + meanField.basis());
    }

    /** Why the i.i.d. table does not answer for {@code in} (its explanation). */
    private String whyOutside(PredictionInput in) {
        Prediction p = table.lookup(in.learningRate(), in.curvature(), in.noiseVariance(), rmsDecay(in), epsilon(in))
                .prediction();
        return p instanceof Prediction.NotApplicable na ? na.explanation() : "it answers";
    }

    private static VariancePrediction fromTable(Prediction.Stationary s, RmsPropStationaryTable.Lookup lookup,
                                                PredictionMethod method, String basis) {
        if (!(s.variance() > 0 && Double.isFinite(s.variance()))) {
            return VariancePrediction.notPredicted(NotPredictedReason.NO_NOISE, "zero predicted variance");
        }
        StationaryPredictor.Elasticities elasticities = new StationaryPredictor.Elasticities(
                lookup.curvatureElasticity(), lookup.noiseElasticity());
        return VariancePrediction.of(s.variance(), s.variance() * lookup.relativeStandardError(),
                elasticities.known() ? elasticities : StationaryPredictor.Elasticities.UNKNOWN, method, basis);
    }

    /**
     * An i.i.d. prediction times SGD's reshuffling factor at the mean-field rate ({@link RmsPropReshuffling#sgdFactor}),
     * uncorrected: for the simulated and mean-field predictions outside the table.
     */
    private static VariancePrediction timesSgdFactor(VariancePrediction iid, PredictionInput in) {
        if (!iid.predicted()) {
            return iid;
        }
        double factor = RmsPropReshuffling.sgdFactor(in.learningRate(), in.curvature(), in.noiseVariance(),
                epsilon(in), (int) Math.min(Integer.MAX_VALUE, in.batchesPerEpoch()), Math.max(1, in.miniBatchSize()));
        if (!(factor > 0 && Double.isFinite(factor))) {
            return VariancePrediction.notPredicted(NotPredictedReason.NO_THEORY_FOR_DATA_ORDER, "no reshuffling"
                    + " factor for " + in.updater().className() + " at the equivalent SGD rate (unstable or no"
                    + " noise); the i.i.d. value is shown beside it");
        }
        PredictionMethod method = switch (iid.method()) {
            case RMSPROP_TABLE -> PredictionMethod.RMSPROP_TABLE_SGD_RESHUFFLING_FACTOR;
            case RMSPROP_GROUP_SIMULATION -> PredictionMethod.RMSPROP_GROUP_SIMULATION_SGD_RESHUFFLING_FACTOR;
            case RMSPROP_MEAN_FIELD -> PredictionMethod.RMSPROP_MEAN_FIELD_SGD_RESHUFFLING_FACTOR;
            default -> throw new IllegalStateException("not an RMSProp method outside the table: " + iid.method());
        };
        return VariancePrediction.of(iid.variance() * factor, iid.monteCarloStandardError() * factor, method,
                iid.basis() + String.format(Locale.ROOT, ", times SGD's reshuffling factor %.3g at the mean-field"
                        + " rate (approximate, without RMSProp's measured correction)", factor));
    }

    /**
     * Parameters of one group simulated together by sim-core's {@link Simulation} (diagonal quadratic with the
     * measured curvatures, Gaussian noise with the measured {@code sigma^2_B}, DL4J's RmsProp with the group's
     * learning rate, decay and epsilon, i.i.d. minibatches): the fallback outside the table's range, and the reference
     * the tests compare the table with. Chains start at the optimum with {@code v = epsilon}; the burn-in lets
     * {@code v} settle ({@code 20/(1 - rho)} steps) and then {@code x} relax ({@code 4 tau}, {@code tau = 2/(eta h)}
     * of the slowest parameter at its mean-field rate {@code eta}); {@code max(400, 8 tau)} steps are recorded.
     *
     * @param inputs the parameters, all with the first one's learning rate, decay and epsilon
     * @param chains independent chains ({@link #GROUP_CHAINS} for the fallback)
     * @param seed the simulation's seed
     * @return one prediction per input ({@link PredictionMethod#RMSPROP_GROUP_SIMULATION}, the standard error from
     *     the spread over groups of chains)
     */
    static List<VariancePrediction> simulateGroup(List<PredictionInput> inputs, int chains, long seed) {
        PredictionInput first = inputs.get(0);
        double[] h = new double[inputs.size()];
        double[] s2 = new double[inputs.size()];
        double tauMax = 1;
        for (int k = 0; k < h.length; k++) {
            PredictionInput in = inputs.get(k);
            h[k] = in.curvature();
            s2[k] = in.noiseVariance();
            double step = RmsPropMeanField.of(in.learningRate(), h[k], s2[k]).withEpsilon(epsilon(in))
                    .meanFieldLearningRate();
            tauMax = Math.max(tauMax, 2 / (step * h[k]));
        }
        int steps = (int) Math.min(20_000, Math.max(400, 8 * tauMax));
        int burnIn = (int) (Math.min(20_000, Math.max(200, 4 * tauMax))
                + Math.min(20_000, Math.ceil(20 / (1 - rmsDecay(first)))));
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(h), GaussianNoise.diagonal(s2)))
                .updater(new RmsProp(first.learningRate(), rmsDecay(first), epsilon(first)))
                .chains(chains).steps(steps).burnIn(burnIn).seed(seed).build().run();
        List<Estimate> variances = result.varianceEstimates();
        String basis = String.format(Locale.ROOT, "sim-core simulation of RmsProp (%d chains x %d steps after %d"
                + " burn-in, %d parameters of the group together, diagonal Hessian)", chains, steps, burnIn, h.length);
        List<VariancePrediction> out = new ArrayList<>(h.length);
        for (Estimate v : variances) {
            out.add(v.value() > 0 && Double.isFinite(v.value())
                    ? VariancePrediction.of(v.value(), v.standardError(), PredictionMethod.RMSPROP_GROUP_SIMULATION,
                            basis)
                    : VariancePrediction.notPredicted(NotPredictedReason.INVALID_INPUT,
                            "the RmsProp simulation did not give a finite variance"));
        }
        return out;
    }

    private static double rmsDecay(PredictionInput in) {
        return in.updater().hyperparameter("rmsDecay");
    }

    private static double epsilon(PredictionInput in) {
        return in.updater().hyperparameter("epsilon");
    }
}
