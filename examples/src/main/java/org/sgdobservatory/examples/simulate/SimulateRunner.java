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
        int dims = spec.dims();
        double[] scale = spec.scaleArray();
        double[] s2 = spec.noiseVarianceArray();
        List<ScalarLoss> losses = new ArrayList<>();
        for (double k : scale) {
            losses.add(spec.loss().loss(k));
        }
        Landscape landscape = spec.loss() == LossKind.QUADRATIC
                ? QuadraticLandscape.diagonal(scale) : SeparableLandscape.of(losses);
        Optional<PerExampleNoiseDataset> dataset = spec.finiteData().map(f ->
                PerExampleNoiseDataset.gaussian(landscape, f.examples(), f.batchSize(), s2, spec.seed()));
        GradientOracle oracle = spec.finiteData()
                .<GradientOracle>map(f -> MinibatchGradient.of(dataset.orElseThrow(), f.batchSize(),
                        DataOrderNames.simCore(f.order())))
                .orElseGet(() -> NoisyGradient.of(landscape, GaussianNoise.diagonal(s2)));
        Updater updater = switch (spec.optimizer()) {
            case SGD -> new Sgd(spec.learningRate());
            case RMSPROP -> new RmsProp(spec.learningRate(), spec.rmsDecay(), spec.epsilon());
            case VARNORM -> VarianceNormalized.withNoiseVariance(spec.learningRate(), s2);
        };
        boolean quadratic = spec.loss() == LossKind.QUADRATIC;
        Simulation.Builder builder = Simulation.builder().gradient(oracle).updater(updater)
                .chains(spec.chains()).steps(spec.steps()).burnIn(spec.burnIn()).seed(spec.seed());
        if (!quadratic) {
            int traced = (int) Math.max(1, Math.min(spec.chains(), TRACE_BUDGET / ((long) dims * spec.steps())));
            int length = (int) Math.min(spec.steps(), TRACE_BUDGET / ((long) dims * traced));
            builder.collect(Statistic.AUTOCORRELATION).tracedChains(traced).maxTraceLength(length);
        }
        SimulationResult result = builder.build().run(progress);

        Set<String> findings = new LinkedHashSet<>();
        boolean finite = result.finite();
        if (!finite) {
            findings.add("the run diverged (a chain left the finite range): no stationary state; lower --lr");
        }
        Predictions predictions = new Predictions(spec, losses, dataset, findings);
        List<DimensionResult> out = new ArrayList<>();
        Estimate[] temperatures = new Estimate[dims];
        for (int d = 0; d < dims; d++) {
            Estimate variance = result.variance(d);
            Estimate temperature;
            if (quadratic) {
                temperature = Temperatures.temperature(scale[d], variance);
            } else if (finite && result.traces(d).isPresent()) {
                temperature = GibbsTemperature.temperatureForMeanLoss(losses.get(d),
                        GibbsTemperature.meanLossOfTraces(losses.get(d), result.traces(d).orElseThrow()));
            } else {
                temperature = new Estimate(Double.NaN, Double.NaN, 0);
            }
            temperatures[d] = temperature;
            Prediction forOrder = predictions.forDataOrder(d);
            out.add(new DimensionResult(result.mean(d), variance, temperature,
                    forOrder.stationaryVariance(),
                    forOrder instanceof Prediction.Stationary s ? Optional.of(s.method()) : Optional.empty(),
                    predictions.iid(d).stationaryVariance(), predictions.sde(d),
                    predictions.temperature(d, forOrder)));
        }
        if (!quadratic) {
            findings.add("non-quadratic loss: temperatures are those of the Gibbs density exp(-l/T) with the observed"
                    + " mean loss; the predicted variance is the variance of the Gibbs density at the predicted T");
        }

        boolean gibbs;
        Optional<GibbsTest.Result> test = Optional.empty();
        boolean cyclic = spec.finiteData().map(f -> f.order() == DataOrder.FIXED_CYCLIC).orElse(false);
        if (!finite) {
            gibbs = false;
        } else if (cyclic) {
            gibbs = false;
            findings.add("cyclic order: the parameters settle on a limit cycle, not a density, so the state is not"
                    + " Gibbs; the one-temperature test was not run");
        } else if (dims < 2) {
            gibbs = true;
            findings.add("one dimension: a single temperature is always Gibbs; the test needs >= 2 dimensions");
        } else {
            boolean usable = true;
            for (Estimate t : temperatures) {
                usable &= Double.isFinite(t.value()) && t.standardError() > 0 && Double.isFinite(t.standardError());
            }
            if (usable) {
                GibbsTest.Result r = GibbsTest.ofTemperatures(temperatures);
                test = Optional.of(r);
                gibbs = r.gibbs();
            } else {
                gibbs = false;
                findings.add("the one-temperature test needs a finite temperature with a standard error > 0 in every"
                        + " dimension (use --chains >= 2 or more --steps); reported as not Gibbs");
            }
        }
        return new SimulateReport(spec, out, finite, gibbs, test, new ArrayList<>(findings), result.seconds());
    }

    /** An absent optional double. */
    static OptionalDouble none() {
        return OptionalDouble.empty();
    }
}
