package org.sgdobservatory.sim.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable;

/**
 * What the RMSProp table costs against the group simulation it replaces, for P parameters, measured in alternating
 * rounds in one JVM: each round runs, for every P, the table lookups of all P parameters and the group simulation
 * the listener's predictor runs for them (sim-core {@code Simulation}, fused RMSProp step, 256 chains, 200 burn-in
 * + 400 recorded steps = its minimum of 600 steps). Inputs as the listener benchmark's: learning rate 0.01,
 * rmsDecay 0.95, epsilon 1e-8, curvature log-uniform in {@code [0.5, 2]}, {@code sigma^2} log-uniform in
 * {@code [0.005, 0.02]} (seed 17), so {@code lr h/sigma} is 0.035 to 0.28, inside the table.
 *
 * <p>Simulations of more than {@code --full-up-to} parameters (default 10^5) run {@code --short-steps} (default 60)
 * steps without burn-in and are reported scaled to 600 steps (the cost is linear in the steps; marked
 * "extrapolated"). Table timings include writing the variance and relative error into arrays.
 *
 * <p>Usage (sim-core test classpath; {@code benchmarks/run-rmsprop-table-benchmark.sh}):
 * {@code [--sizes 10000,100000,1000000] [--rounds 3] [--full-up-to 100000] [--short-steps 60]}.
 */
public final class RmsPropTableBenchmark {
    private static final double LEARNING_RATE = 0.01;
    private static final double RMS_DECAY = 0.95;
    private static final double EPSILON = 1e-8;
    private static final int CHAINS = 256;
    private static final int STEPS = 600;

    private RmsPropTableBenchmark() {
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) {
        int[] sizes = {10_000, 100_000, 1_000_000};
        int rounds = 3;
        int fullUpTo = 100_000;
        int shortSteps = 60;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--full-up-to" -> fullUpTo = Integer.parseInt(args[i + 1]);
                case "--short-steps" -> shortSteps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        RmsPropStationaryTable table = RmsPropStationaryTable.shipped();
        System.out.printf(Locale.ROOT, "table load (first use): %.3f s; %s%n", (System.nanoTime() - t0) / 1e9, table);
        System.out.printf(Locale.ROOT, "java %s, %d processors, OMP_NUM_THREADS=%s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        Map<Integer, double[][]> inputs = new LinkedHashMap<>();
        for (int p : sizes) {
            inputs.put(p, inputs(p));
        }
        // warm-up: the lookup path and a small simulation
        double[][] warm = inputs(10_000);
        for (int r = 0; r < 20; r++) {
            lookups(table, warm);
        }
        simulate(warm, 20, 0);
        Map<Integer, List<Double>> tableSeconds = new LinkedHashMap<>();
        Map<Integer, List<Double>> simSeconds = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int p : sizes) {
                double[][] in = inputs.get(p);
                long a = System.nanoTime();
                double checksum = lookups(table, in);
                double tableTime = (System.nanoTime() - a) / 1e9;
                boolean full = p <= fullUpTo;
                long b = System.nanoTime();
                SimulationResult result = full ? simulate(in, 400, 200) : simulate(in, shortSteps, 0);
                double simTime = (System.nanoTime() - b) / 1e9 * (full ? 1 : (double) STEPS / shortSteps);
                tableSeconds.computeIfAbsent(p, k -> new ArrayList<>()).add(tableTime);
                simSeconds.computeIfAbsent(p, k -> new ArrayList<>()).add(simTime);
                System.err.printf(Locale.ROOT, "round %d P=%d: table %.4f s (checksum %.4g), simulation %.2f s%s"
                        + " (%d recorded steps)%n", round, p, tableTime, checksum, simTime,
                        full ? "" : " extrapolated", result.recordedSteps());
            }
        }
        System.out.println();
        System.out.println("| P | table lookups, s (median [range]) | group simulation 256 chains x 600 steps, s"
                + " (median [range]) | simulation / table (median [range of per-round ratios]) |");
        System.out.println("|--:|--:|--:|--:|");
        for (int p : sizes) {
            double[] t = tableSeconds.get(p).stream().mapToDouble(Double::doubleValue).toArray();
            double[] s = simSeconds.get(p).stream().mapToDouble(Double::doubleValue).toArray();
            double[] ratio = new double[t.length];
            for (int r = 0; r < t.length; r++) {
                ratio[r] = s[r] / t[r];
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s%s | %s |%n", p, summary(t, "%.4f"), summary(s, "%.2f"),
                    p <= fullUpTo ? "" : " (extrapolated from " + shortSteps + " steps)", summary(ratio, "%.3g"));
        }
    }

    private static String summary(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, format + " [" + format + ", " + format + "]", median, sorted[0],
                sorted[sorted.length - 1]);
    }

    /** {curvature, noise variance} of P parameters (seed 17). */
    private static double[][] inputs(int p) {
        double[] h = new double[p];
        double[] s2 = new double[p];
        Random rnd = new Random(17);
        for (int i = 0; i < p; i++) {
            h[i] = 0.5 * Math.pow(4, rnd.nextDouble());
            s2[i] = 0.005 * Math.pow(4, rnd.nextDouble());
        }
        return new double[][] {h, s2};
    }

    private static double lookups(RmsPropStationaryTable table, double[][] in) {
        double[] h = in[0];
        double[] s2 = in[1];
        double[] variance = new double[h.length];
        double[] relativeError = new double[h.length];
        double checksum = 0;
        for (int i = 0; i < h.length; i++) {
            RmsPropStationaryTable.Lookup lookup = table.lookup(LEARNING_RATE, h[i], s2[i], RMS_DECAY, EPSILON);
            variance[i] = lookup.prediction().stationaryVariance().orElse(Double.NaN);
            relativeError[i] = lookup.relativeStandardError();
            checksum += variance[i] * h[i] / Math.sqrt(s2[i]) + relativeError[i];
        }
        return checksum;
    }

    private static SimulationResult simulate(double[][] in, int steps, int burnIn) {
        return Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(in[0]), GaussianNoise.diagonal(in[1])))
                .updater(new RmsProp(LEARNING_RATE, RMS_DECAY, EPSILON))
                .chains(CHAINS).steps(steps).burnIn(burnIn).seed(20_240_531L).build().run();
    }
}
