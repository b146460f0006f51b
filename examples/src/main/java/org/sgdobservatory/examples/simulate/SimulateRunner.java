package org.sgdobservatory.examples.simulate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.sim.gradient.GradientOracle;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.landscape.ScalarLoss;
import org.sgdobservatory.sim.landscape.SeparableLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.optim.VarianceNormalized;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.simulation.Statistic;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.GibbsTest;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.Temperatures;

/**
 * Runs a {@link SimulationSpec} with sim-core and sets the observations beside the predictions of
 * {@link Predictions}. Stateless and thread-safe.
 */
public final class SimulateRunner {
    /** Trace budget (doubles) for the non-quadratic temperature estimate: 32 MB. */
    private static final long TRACE_BUDGET = 4_000_000L;

    private SimulateRunner() {
    }

    /** Runs the scenario without progress output. */
    public static SimulateReport run(SimulationSpec spec) {
        return run(spec, SimulationProgress.NONE);
    }

    /**
     * Runs the scenario.
     *
     * @throws IllegalArgumentException if sim-core rejects the configuration (the message says why)
     */
    public static SimulateReport run(SimulationSpec spec, SimulationProgress progress) {
        double[] scale = spec.scaleArray();
        List<ScalarLoss> losses = new ArrayList<>();
        for (double k : scale) {
            losses.add(spec.loss().loss(k));
        }
        Landscape landscape = spec.loss() == LossKind.QUADRATIC
                ? QuadraticLandscape.diagonal(scale) : SeparableLandscape.of(losses);
        Optional<PerExampleNoiseDataset> dataset = spec.finiteData().map(f -> PerExampleNoiseDataset.gaussian(
                landscape, f.examples(), f.batchSize(), spec.noiseVarianceArray(), spec.seed()));
        SimulationResult result = simulation(spec, landscape, dataset).run(progress);

        Set<String> findings = new LinkedHashSet<>();
        boolean finite = result.finite();
        if (!finite) {
            findings.add("the run diverged (a chain left the finite range): no stationary state; lower --lr");
        }
        Predictions predictions = new Predictions(spec, losses, dataset, findings);
        Estimate[] temperatures = new Estimate[spec.dims()];
        List<DimensionResult> out = new ArrayList<>();
        for (int d = 0; d < spec.dims(); d++) {
            temperatures[d] = temperature(spec, result, losses.get(d), scale[d], d);
            Prediction forOrder = predictions.forDataOrder(d);
            out.add(new DimensionResult(result.mean(d), result.variance(d), temperatures[d],
                    forOrder.stationaryVariance(),
                    forOrder instanceof Prediction.Stationary s ? Optional.of(s.method()) : Optional.empty(),
                    predictions.iid(d).stationaryVariance(), predictions.sde(d),
                    predictions.temperature(d, forOrder)));
        }
        if (spec.loss() != LossKind.QUADRATIC) {
            findings.add("non-quadratic loss: temperatures are those of the Gibbs density exp(-l/T) with the observed"
                    + " mean loss; the predicted variance is the variance of the Gibbs density at the predicted T");
        }
        Optional<GibbsTest.Result> test = oneTemperatureTest(spec, finite, temperatures, findings);
        boolean gibbs = test.map(GibbsTest.Result::gibbs).orElse(finite && spec.dims() < 2 && !cyclic(spec));
        return new SimulateReport(spec, out, finite, gibbs, test, new ArrayList<>(findings), result.seconds());
    }

    /** The simulation of the spec: its gradient oracle, updater and run lengths; traces for non-quadratic losses. */
    private static Simulation simulation(SimulationSpec spec, Landscape landscape,
                                         Optional<PerExampleNoiseDataset> dataset) {
        double[] s2 = spec.noiseVarianceArray();
        GradientOracle oracle = spec.finiteData()
                .<GradientOracle>map(f -> MinibatchGradient.of(dataset.orElseThrow(), f.batchSize(),
                        DataOrderNames.simCore(f.order())))
                .orElseGet(() -> NoisyGradient.of(landscape, GaussianNoise.diagonal(s2)));
        Updater updater = switch (spec.optimizer()) {
            case SGD -> new Sgd(spec.learningRate());
            case RMSPROP -> new RmsProp(spec.learningRate(), spec.rmsDecay(), spec.epsilon());
            case VARNORM -> VarianceNormalized.withNoiseVariance(spec.learningRate(), s2);
        };
        Simulation.Builder builder = Simulation.builder().gradient(oracle).updater(updater)
                .chains(spec.chains()).steps(spec.steps()).burnIn(spec.burnIn()).seed(spec.seed());
        if (spec.loss() != LossKind.QUADRATIC) {
            long dims = spec.dims();
            int traced = (int) Math.max(1, Math.min(spec.chains(), TRACE_BUDGET / (dims * spec.steps())));
            int length = (int) Math.min(spec.steps(), TRACE_BUDGET / (dims * traced));
            builder.collect(Statistic.AUTOCORRELATION).tracedChains(traced).maxTraceLength(length);
        }
        return builder.build();
    }

    /**
     * The observed temperature of dimension {@code d}: {@code h Var} on a quadratic, else the Gibbs temperature of the
     * traces' mean loss; NaN when the run diverged or kept no traces.
     */
    private static Estimate temperature(SimulationSpec spec, SimulationResult result, ScalarLoss loss, double scale,
                                        int d) {
        if (spec.loss() == LossKind.QUADRATIC) {
            return Temperatures.temperature(scale, result.variance(d));
        }
        if (result.finite() && result.traces(d).isPresent()) {
            return GibbsTemperature.temperatureForMeanLoss(loss,
                    GibbsTemperature.meanLossOfTraces(loss, result.traces(d).orElseThrow()));
        }
        return new Estimate(Double.NaN, Double.NaN, 0);
    }

    private static boolean cyclic(SimulationSpec spec) {
        return spec.finiteData().map(f -> f.order() == DataOrder.FIXED_CYCLIC).orElse(false);
    }

    /**
     * The one-temperature test across dimensions, when it can be run; otherwise a finding says why (a diverged run,
     * a cyclic order, one dimension, or a temperature without a standard error).
     */
    private static Optional<GibbsTest.Result> oneTemperatureTest(SimulationSpec spec, boolean finite,
                                                                 Estimate[] temperatures, Set<String> findings) {
        if (!finite) {
            return Optional.empty();
        }
        if (cyclic(spec)) {
            findings.add("cyclic order: the parameters settle on a limit cycle, not a density, so the state is not"
                    + " Gibbs; the one-temperature test was not run");
            return Optional.empty();
        }
        if (spec.dims() < 2) {
            findings.add("one dimension: a single temperature is always Gibbs; the test needs >= 2 dimensions");
            return Optional.empty();
        }
        for (Estimate t : temperatures) {
            if (!(Double.isFinite(t.value()) && t.standardError() > 0 && Double.isFinite(t.standardError()))) {
                findings.add("the one-temperature test needs a finite temperature with a standard error > 0 in every"
                        + " dimension (use --chains >= 2 or more --steps); reported as not Gibbs");
                return Optional.empty();
            }
        }
        return Optional.of(GibbsTest.ofTemperatures(temperatures));
    }

    /** An absent optional double. */
    static OptionalDouble none() {
        return OptionalDouble.empty();
    }
}
