package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.listener.predict.PredictionInput;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.Simulation;

/**
 * BENCHMARKS.md#what-predictions-cost: the cost of RmsProp predictions for P parameters: the rate of the group
 * simulation that {@link SimCorePredictor#predictGroup} runs for parameters outside sim-core's stationary table, and
 * the whole {@code predictGroup} call, which for these inputs (all inside the table) is the table. The inputs are a
 * well-conditioned group (learning rate 0.01, rmsDecay 0.95, epsilon 1e-8, curvature log-uniform in [0.5, 2],
 * {@code sigma^2_B} log-uniform in [0.005, 0.02], seed 17); a simulation of them would run its
 * {@link SimCorePredictor#GROUP_CHAINS} chains x at least (200 burn-in + 400 recorded) steps. The rate is measured
 * on that simulation (same builder call, chains, updater and seed) with a short step count; the whole
 * {@code predictGroup} call is timed end to end where it fits the run ({@code fullUpTo} parameters).
 * One parameter-chain-step = one chain advancing one parameter one step (comparable with SimBenchmark's
 * 1-D chain-steps). Not thread-safe.
 */
final class PredictionCost {

    static final int CHAINS = SimCorePredictor.GROUP_CHAINS;
    static final int PREDICTOR_STEPS = 600;
    static final double LEARNING_RATE = 0.01;
    static final double RMS_DECAY = 0.95;
    static final double EPSILON = 1e-8;
    /** The seed of the predictor's group simulation (the one its callers gave it before the seed became an argument). */
    static final long SIMULATION_SEED = 20_240_531L;

    /**
     * One size.
     *
     * @param params P
     * @param shortSteps steps of the rate measurement
     * @param shortSeconds its wall time (build + run)
     * @param fullSeconds wall time of the whole predictGroup call, NaN when not run
     * @param fullBasis the predictor's own description of the simulation it ran, empty when not run
     */
    record Row(int params, int shortSteps, double shortSeconds, double fullSeconds, String fullBasis) {
        double parameterChainStepsPerSecond() {
            return (double) CHAINS * params * shortSteps / shortSeconds;
        }

        /** The predictor's 600 steps at the measured rate (seconds). */
        double predictorSecondsAtMeasuredRate() {
            return (double) CHAINS * params * PREDICTOR_STEPS / parameterChainStepsPerSecond();
        }
    }

    private PredictionCost() {
    }

    static List<Row> measure(int[] sizes, int fullUpTo) {
        List<Row> rows = new ArrayList<>();
        for (int p : sizes) {
            double[] h = new double[p];
            double[] s2 = new double[p];
            Random rnd = new Random(17);
            List<PredictionInput> inputs = new ArrayList<>(p);
            UpdaterSpec spec = new UpdaterSpec(UpdaterKind.RMSPROP, "RmsProp",
                    Map.of("learningRate", LEARNING_RATE, "rmsDecay", RMS_DECAY, "epsilon", EPSILON));
            for (int i = 0; i < p; i++) {
                h[i] = 0.5 * Math.pow(4, rnd.nextDouble());
                s2[i] = 0.005 * Math.pow(4, rnd.nextDouble());
                inputs.add(new PredictionInput(spec, DataOrder.IID, LEARNING_RATE, h[i], s2[i], 32, 0));
            }
            // rate: a few steps, enough for ~1e9 parameter-chain-steps at most
            int steps = (int) Math.max(2, Math.min(200, 1e9 / ((double) CHAINS * p)));
            simulate(h, s2, Math.min(steps, 5)); // warm-up
            long t0 = System.nanoTime();
            simulate(h, s2, steps);
            double shortSeconds = (System.nanoTime() - t0) / 1e9;
            double full = Double.NaN;
            String basis = "";
            if (p <= fullUpTo) {
                long t1 = System.nanoTime();
                List<VariancePrediction> out = new SimCorePredictor().predictGroup(inputs, SIMULATION_SEED);
                full = (System.nanoTime() - t1) / 1e9;
                basis = out.get(0).basis();
            }
            rows.add(new Row(p, steps, shortSeconds, full, basis));
            System.err.printf(Locale.ROOT, "  prediction: P = %d done%n", p);
        }
        return rows;
    }

    /** The predictor's simulation with {@code steps} recorded steps and no burn-in. */
    private static void simulate(double[] h, double[] s2, int steps) {
        Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(h), GaussianNoise.diagonal(s2)))
                .updater(new RmsProp(LEARNING_RATE, RMS_DECAY, EPSILON))
                .chains(CHAINS).steps(steps).burnIn(0).seed(SIMULATION_SEED).build().run();
    }
}
