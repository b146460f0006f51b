package org.sgdobservatory.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The command-line options of {@link SimBenchmark} (see its class comment), parsed and checked; the error messages
 * name the option and the remedy. Mutable only while parsing.
 */
final class SimBenchmarkOptions {
    int[] chains = {1_000, 100_000, 1_000_000};
    int rounds = 3;
    double seconds = 2;
    Path numpyScript = Path.of("benchmarks", "numpy", "sgd_baseline.py");
    String python = "python3";
    boolean breakdown;
    boolean breakdownOnly;

    static SimBenchmarkOptions parse(String[] args) {
        SimBenchmarkOptions o = new SimBenchmarkOptions();
        boolean quick = false;
        boolean roundsGiven = false;
        boolean secondsGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--chains" -> o.chains = Arrays.stream(value(args, ++i, a).split(","))
                        .mapToInt(s -> (int) Double.parseDouble(s.trim())).toArray();
                case "--rounds" -> {
                    o.rounds = Integer.parseInt(value(args, ++i, a));
                    roundsGiven = true;
                }
                case "--seconds" -> {
                    o.seconds = Double.parseDouble(value(args, ++i, a));
                    secondsGiven = true;
                }
                case "--numpy" -> o.numpyScript = Path.of(value(args, ++i, a));
                case "--no-numpy" -> o.numpyScript = null;
                case "--python" -> o.python = value(args, ++i, a);
                case "--breakdown" -> o.breakdown = true;
                case "--breakdown-only" -> o.breakdownOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + a + "; allowed: --quick,"
                        + " --chains 1000,100000,1000000, --rounds N, --seconds 2, --numpy PATH,"
                        + " --no-numpy, --python EXE, --breakdown, --breakdown-only");
            }
        }
        if (quick) {
            o.rounds = roundsGiven ? o.rounds : 1;
            o.seconds = secondsGiven ? o.seconds : 0.5;
        }
        if (!(o.rounds >= 1 && o.seconds > 0)) {
            throw new IllegalArgumentException("--rounds must be >= 1 and --seconds > 0, were " + o.rounds
                    + ", " + o.seconds);
        }
        for (int c : o.chains) {
            if (!(c >= 1)) {
                throw new IllegalArgumentException("--chains must be >= 1, was " + c);
            }
        }
        if (o.numpyScript != null && !Files.isRegularFile(o.numpyScript)) {
            throw new IllegalArgumentException("NumPy script not found: " + o.numpyScript.toAbsolutePath()
                    + "; run from the repository root, pass --numpy PATH, or --no-numpy");
        }
        return o;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
