package org.sgdobservatory.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.sgdobservatory.benchmarks.ListenerOverhead.Setup;

/**
 * The command line of {@link ListenerBenchmark}, with the defaults filled in ({@code --quick}: 3 rounds of 0.4 s,
 * fewer prediction sizes; else 7 rounds of 1.5 s).
 *
 * @param quick {@code --quick}
 * @param fullMemory {@code --full-memory}
 * @param rounds rounds per overhead measurement
 * @param seconds seconds per set-up and round
 * @param networks the overhead section's networks
 * @param setups the overhead section's set-ups (by default all but the two without directions)
 * @param predictSizes the prediction section's parameter counts
 * @param sections the sections to run
 * @param targets the finalisation section's targets
 * @param intoWindow {@code --into-window}: iterations the overhead section trains inside the observatory's window
 *     before its rounds (besides the directions' first minibatches), 0 by default
 */
record ListenerBenchmarkOptions(boolean quick, boolean fullMemory, int rounds, double seconds, List<String> networks,
                                List<Setup> setups, int[] predictSizes, Set<String> sections, List<String> targets,
                                int intoWindow) {

    /** Parses {@code args}; an unknown option or a missing value is an {@link IllegalArgumentException}. */
    static ListenerBenchmarkOptions parse(String[] args) {
        boolean quick = false;
        boolean fullMemory = false;
        int rounds = -1;
        double seconds = -1;
        List<String> networks = List.of("digits", "wide", "cnn");
        List<Setup> setups = List.of(Setup.NONE, Setup.OBSERVATORY_EVERY_1, Setup.OBSERVATORY_EVERY_10, Setup.STATS,
                Setup.SCORE);
        int[] predictSizes = null;
        Set<String> sections = Set.of("overhead", "probes", "predict", "memory");
        List<String> targets = null;
        int intoWindow = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full-memory" -> fullMemory = true;
                case "--targets" -> targets = Arrays.asList(value(args, ++i).split(","));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--into-window" -> {
                    intoWindow = Integer.parseInt(value(args, ++i));
                    if (intoWindow < 0) {
                        throw new IllegalArgumentException("--into-window " + intoWindow + ": give a number of"
                                + " iterations, 0 or more");
                    }
                }
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                case "--networks" -> networks = Arrays.asList(value(args, ++i).split(","));
                case "--sections" -> sections = Set.of(value(args, ++i).split(","));
                case "--predict-sizes" -> predictSizes = Arrays.stream(value(args, ++i).split(","))
                        .mapToInt(Integer::parseInt).toArray();
                case "--setups" -> setups = Arrays.stream(value(args, ++i).split(","))
                        .map(ListenerBenchmarkOptions::setup).toList();
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "': use --quick,"
                        + " --rounds N, --seconds S, --networks digits,wide,cnn,"
                        + " --sections overhead,probes,predict,memory,finalise,"
                        + " --setups none,every1,every10,every1-nodir,every10-nodir,stats,score,empty,none-again,"
                        + " --targets digits,iris,...,wide, --into-window N,"
                        + " --predict-sizes 10000,100000,1000000,"
                        + " --full-memory");
            }
        }
        return new ListenerBenchmarkOptions(quick, fullMemory, rounds > 0 ? rounds : quick ? 3 : 7,
                seconds > 0 ? seconds : quick ? 0.4 : 1.5, networks, setups, predictSizes != null ? predictSizes
                : quick ? new int[] {10_000, 100_000} : new int[] {10_000, 100_000, 1_000_000}, sections,
                targets != null ? targets : Finalisation.defaultTargets(), intoWindow);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Setup setup(String name) {
        return switch (name) {
            case "none" -> Setup.NONE;
            case "every1" -> Setup.OBSERVATORY_EVERY_1;
            case "every10" -> Setup.OBSERVATORY_EVERY_10;
            case "every1-nodir" -> Setup.OBSERVATORY_EVERY_1_NO_DIRECTIONS;
            case "every10-nodir" -> Setup.OBSERVATORY_EVERY_10_NO_DIRECTIONS;
            case "stats" -> Setup.STATS;
            case "score" -> Setup.SCORE;
            case "empty" -> Setup.EMPTY;
            case "none-again" -> Setup.NONE_AGAIN;
            default -> throw new IllegalArgumentException("unknown set-up '" + name
                    + "': use none, every1, every10, every1-nodir, every10-nodir, stats, score, empty, none-again");
        };
    }
}
