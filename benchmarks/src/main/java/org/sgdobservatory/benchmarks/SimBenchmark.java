package org.sgdobservatory.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;

/**
 * Chain-steps per second of 1-D SGD with Gaussian noise on {@code L = h x^2/2} ({@code h = 1},
 * {@code eta = 0.1}, {@code sigma^2 = 1}) for sim-core, a plain scalar Java loop and NumPy, measured in
 * alternation (every round runs every implementation once per chain count) so that the ratios come
 * from the same machine state; the table reports the median of the rounds. Every implementation is
 * warmed up first (three runs for the Java ones).
 *
 * <p>Implementations: sim-core {@code Simulation.run()} recording per-dim moments every step
 * ({@code burnIn(0).steps(S)}) and its bare stepping loop ({@code burnIn(S-1).steps(1)}); the scalar
 * loop {@link ScalarSgdLoop} with and without the same per-group Welford/Chan moments; and
 * {@code numpy/sgd_baseline.py} in both modes, run as a child process with {@code OPENBLAS_CORETYPE}
 * and {@code OPENBLAS_L2_SIZE} removed from its environment (timed inside the script).
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--chains 1000,100000,1000000]
 * [--rounds 3] [--seconds 2] [--numpy benchmarks/numpy/sgd_baseline.py | --no-numpy]
 * [--python python3] [--breakdown] [--breakdown-only]}. {@code --seconds} is the target duration of one
 * measurement (the step count per implementation and chain count is calibrated from warm-up runs);
 * {@code --quick} means one round of 0.5 s measurements.
 */
public final class SimBenchmark {
    private static final double CURVATURE = 1.0;
    private static final double LEARNING_RATE = 0.1;
    private static final double NOISE_VARIANCE = 1.0;
    private static final long SEED = 42;

    /** The measured implementations, in table order. */
    enum Implementation {
        SIM_CORE("sim-core"), SIM_CORE_BARE("sim-core bare"), SCALAR("scalar"), SCALAR_BARE("scalar bare"),
        NUMPY("numpy"), NUMPY_BARE("numpy bare");

        final String label;

        Implementation(String label) {
            this.label = label;
        }

        boolean isNumpy() {
            return this == NUMPY || this == NUMPY_BARE;
        }
    }

    private SimBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        SimBenchmarkOptions options = SimBenchmarkOptions.parse(args);
        printEnvironment(options);
        if (!options.breakdownOnly) {
            Map<Integer, Map<Implementation, List<Double>>> rates = new java.util.LinkedHashMap<>();
            Map<Integer, Map<Implementation, Integer>> steps = new java.util.LinkedHashMap<>();
            for (int chains : options.chains) {
                rates.put(chains, new EnumMap<>(Implementation.class));
                steps.put(chains, calibrate(chains, options));
            }
            for (int round = 1; round <= options.rounds; round++) {
                for (int chains : options.chains) {
                    for (Map.Entry<Implementation, Integer> e : steps.get(chains).entrySet()) {
                        Implementation impl = e.getKey();
                        double rate = measure(impl, chains, e.getValue(), options);
                        rates.get(chains).computeIfAbsent(impl, k -> new ArrayList<>()).add(rate);
                        System.out.printf(Locale.ROOT, "round %d  C=%-8d S=%-7d %-14s %12.4e chain-steps/s%n",
                                round, chains, e.getValue(), impl.label, rate);
                    }
                }
            }
            SimBenchmarkTable.print(rates, options, sink);
        }
        if (options.breakdown || options.breakdownOnly) {
            for (int chains : options.chains) {
                if (chains >= 100_000) {
                    StepBreakdown.run(chains, Math.max(10, (int) (2e6 / chains)), System.out);
                }
            }
        }
    }

    /**
     * Warms every implementation up at {@code chains} chains and picks, per implementation, the number of
     * steps that makes one measurement last about {@code options.seconds} (at least 5 steps), from the
     * rate of the last warm-up run.
     */
    private static Map<Implementation, Integer> calibrate(int chains, SimBenchmarkOptions options)
            throws IOException, InterruptedException {
        Map<Implementation, Integer> steps = new EnumMap<>(Implementation.class);
        int probe = (int) Math.max(5, Math.min(2_000, 2e6 / chains));
        for (Implementation impl : Implementation.values()) {
            if (impl.isNumpy() && options.numpyScript == null) {
                continue;
            }
            double rate = 0;
            for (int i = 0; i < (impl.isNumpy() ? 1 : 3); i++) {
                rate = measure(impl, chains, probe, options);
            }
            steps.put(impl, (int) Math.max(5, Math.min(Integer.MAX_VALUE / 2, options.seconds * rate / chains)));
        }
        return steps;
    }

    private static double measure(Implementation impl, int chains, int steps, SimBenchmarkOptions options)
            throws IOException, InterruptedException {
        switch (impl) {
            case SIM_CORE:
                return chains * (double) steps / simCore(chains, steps, true);
            case SIM_CORE_BARE:
                return chains * (double) steps / simCore(chains, steps, false);
            case SCALAR:
                return chains * (double) steps / scalar(chains, steps, true);
            case SCALAR_BARE:
                return chains * (double) steps / scalar(chains, steps, false);
            default:
                return numpy(chains, steps, impl == Implementation.NUMPY ? "record" : "bare", options);
        }
    }

    /** Seconds for one sim-core run of {@code steps} steps, recording every step or only the last. */
    static double simCore(int chains, int steps, boolean record) {
        Simulation simulation = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(CURVATURE), GaussianNoise.diagonal(NOISE_VARIANCE)))
                .updater(new Sgd(LEARNING_RATE))
                .chains(chains)
                .burnIn(record ? 0 : steps - 1)
                .steps(record ? steps : 1)
                .seed(SEED)
                .build();
        long t0 = System.nanoTime();
        SimulationResult result = simulation.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        sink += result.recordedSteps();
        return seconds;
    }

    /** Seconds for one scalar-loop run. */
    static double scalar(int chains, int steps, boolean record) {
        long t0 = System.nanoTime();
        ScalarSgdLoop loop = new ScalarSgdLoop(chains, Simulation.groupCount(chains), CURVATURE, LEARNING_RATE,
                NOISE_VARIANCE, SEED);
        loop.run(steps, record);
        double seconds = (System.nanoTime() - t0) / 1e9;
        sink += loop.firstState() + (record ? loop.pooledVariance() : 0);
        return seconds;
    }

    /** Chain-steps per second reported by the NumPy script (timed inside the child process). */
    private static double numpy(int chains, int steps, String mode, SimBenchmarkOptions options)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(options.python, options.numpyScript.toString(),
                "--chains", Integer.toString(chains), "--steps", Integer.toString(steps), "--mode", mode,
                "--seed", Long.toString(SEED));
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int exit = process.waitFor();
        for (String line : lines) {
            for (String field : line.split(" ")) {
                if (field.startsWith("chain_steps_per_second=")) {
                    return Double.parseDouble(field.substring(field.indexOf('=') + 1));
                }
            }
        }
        throw new IllegalStateException("NumPy baseline failed (exit " + exit + "): " + String.join("\n", lines)
                + "\nremedy: check python3 and numpy, or pass --no-numpy");
    }


    private static void printEnvironment(SimBenchmarkOptions options) {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        System.out.println("# sim-core speed benchmark: 1-D SGD, L = h x^2/2, h=" + CURVATURE + ", eta="
                + LEARNING_RATE + ", sigma^2=" + NOISE_VARIANCE);
        System.out.println("# JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", availableProcessors=" + Runtime.getRuntime().availableProcessors()
                + ", maxHeap=" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        System.out.println("# ND4J: " + new java.util.TreeMap<>(env) + ", OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        System.out.println("# options: chains=" + Arrays.toString(options.chains) + ", rounds=" + options.rounds
                + ", seconds per measurement ~" + options.seconds
                + ", numpy=" + (options.numpyScript == null ? "off" : options.python + " " + options.numpyScript));
    }

    private static double sink;
}
