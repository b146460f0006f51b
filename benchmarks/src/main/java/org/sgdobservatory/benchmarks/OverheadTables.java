package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sgdobservatory.benchmarks.ListenerOverhead.Setup;

/**
 * The overhead section's output ({@code BENCHMARKS.md#what-observing-costs}), as Markdown: the paired estimates of
 * training-thread CPU time and wall time, the per-round estimates with the bytes allocated, the observatory's time
 * inside its callbacks, and every round's ratios ({@link ListenerOverhead} describes both estimates). Stateless.
 */
final class OverheadTables {

    private OverheadTables() {
    }

    /** Prints the three parts for {@code results}, measured over {@code rounds} rounds of {@code seconds}. */
    static void print(List<ListenerOverhead.Result> results, int rounds, double seconds) {
        paired(results, "training thread's CPU time", ListenerOverhead.Paired::cpu, rounds, seconds);
        paired(results, "wall time", ListenerOverhead.Paired::wall, rounds, seconds);
        wall(results, rounds, seconds);
        cpu(results, rounds);
        callbacks(results, rounds);
        perRound(results);
    }

    private static void paired(List<ListenerOverhead.Result> results, String what,
                               java.util.function.Function<ListenerOverhead.Paired, java.util.Map<Setup, List<Double>>>
                                       part, int rounds, double seconds) {
        System.out.printf(Locale.ROOT, "### Paired: %s / no listener, median over the rotations of %d rounds"
                + " (~%.1f s per set-up and round, chunks of %d iterations) with its 95%% bootstrap interval%n%n", what,
                rounds, seconds, ListenerOverhead.CHUNK);
        printHeader(results, "| network | rotations |", "|---|--:|");
        for (ListenerOverhead.Result r : results) {
            java.util.Map<Setup, List<Double>> ratios = part.apply(r.paired());
            StringBuilder row = new StringBuilder("| " + r.network().name() + " | " + ratios.get(Setup.NONE).size()
                    + " |");
            for (Setup s : ratios.keySet()) {
                if (s != Setup.NONE) {
                    row.append(' ').append(BenchStats.medianWithInterval(ratios.get(s))).append(" |");
                }
            }
            System.out.println(row);
        }
        System.out.println();
    }

    private static void wall(List<ListenerOverhead.Result> results, int rounds, double seconds) {
        System.out.printf(Locale.ROOT, "### Per round: wall time per iteration / no listener (median of %d"
                + " rounds, ~%.1f s per set-up and round, interleaved in chunks of %d iterations)%n%n", rounds, seconds,
                ListenerOverhead.CHUNK);
        printHeader(results, "| network | params | no listener (ms/iter) |", "|---|--:|--:|");
        for (ListenerOverhead.Result r : results) {
            StringBuilder row = new StringBuilder("| " + r.network().name() + " | " + r.numParams() + " | "
                    + BenchStats.f3(BenchStats.median(r.nanosPerIteration().get(Setup.NONE)) / 1e6) + " |");
            for (Setup s : r.ratios().keySet()) {
                if (s != Setup.NONE) {
                    row.append(" **").append(BenchStats.f3(BenchStats.median(r.ratios().get(s)))).append("** |");
                }
            }
            System.out.println(row);
        }
        System.out.println();
    }

    private static void cpu(List<ListenerOverhead.Result> results, int rounds) {
        System.out.printf(Locale.ROOT, "### Per round: the training thread's CPU time / no listener (median of %d"
                + " rounds), and bytes the thread allocated per iteration%n%n", rounds);
        StringBuilder head = new StringBuilder("| network | no listener (CPU ms/iter) |");
        StringBuilder rule = new StringBuilder("|---|--:|");
        setupColumns(results, head, rule);
        head.append(" allocated bytes/iter (");
        head.append(String.join(", ", results.get(0).ratios().keySet().stream().map(s -> s.label).toList()));
        head.append(") |");
        rule.append("---|");
        System.out.println(head);
        System.out.println(rule);
        for (ListenerOverhead.Result r : results) {
            StringBuilder row = new StringBuilder("| " + r.network().name() + " | "
                    + BenchStats.f3(BenchStats.median(r.cpuNanosPerIteration().get(Setup.NONE)) / 1e6) + " |");
            List<String> alloc = new ArrayList<>();
            for (Setup s : r.cpuRatios().keySet()) {
                if (s != Setup.NONE) {
                    row.append(" **").append(BenchStats.f3(BenchStats.median(r.cpuRatios().get(s)))).append("** |");
                }
                alloc.add(String.format(Locale.ROOT, "%.0f", BenchStats.median(r.bytesPerIteration().get(s))));
            }
            row.append(' ').append(String.join(" / ", alloc)).append(" |");
            System.out.println(row);
        }
        System.out.println();
    }

    private static void callbacks(List<ListenerOverhead.Result> results, int rounds) {
        System.out.printf(Locale.ROOT, "### The observatory's own time inside its callbacks, per iteration, as a"
                + " fraction of the no-listener iteration's CPU time: paired, median over the rotations with its 95%%"
                + " interval; per round, median of %d rounds with their range%n%n", rounds);
        StringBuilder head = new StringBuilder("| network | estimate |");
        StringBuilder rule = new StringBuilder("|---|---|");
        List<Setup> observed = results.get(0).callbackRatios().keySet().stream()
                .filter(s -> s.timed).toList();
        for (Setup s : observed) {
            head.append(' ').append(s.label).append(" |");
            rule.append("--:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (ListenerOverhead.Result r : results) {
            StringBuilder paired = new StringBuilder("| " + r.network().name() + " | paired |");
            StringBuilder perRound = new StringBuilder("| " + r.network().name() + " | per round |");
            for (Setup s : observed) {
                paired.append(' ').append(BenchStats.medianWithInterval(r.paired().callbacks().get(s))).append(" |");
                List<Double> v = r.callbackRatios().get(s);
                perRound.append(String.format(Locale.ROOT, " %.3f (%.3f-%.3f) |", BenchStats.median(v),
                        java.util.Collections.min(v), java.util.Collections.max(v)));
            }
            System.out.println(paired);
            System.out.println(perRound);
        }
        System.out.println();
    }

    private static void perRound(List<ListenerOverhead.Result> results) {
        System.out.println("Per-round ratios and medians of ms per iteration:");
        System.out.println();
        for (ListenerOverhead.Result r : results) {
            System.out.printf(Locale.ROOT, "- %s (%s; %d iterations per measurement, from %d iterations into the"
                    + " observatory's window on):%n", r.network().name(), r.network().description(), r.iterationsPerMeasurement(),
                    r.firstWindowIteration());
            for (Setup s : r.ratios().keySet()) {
                System.out.printf(Locale.ROOT, "  - %s: %s ms/iter; ratios %s; CPU-time ratios %s%n", s.label,
                        BenchStats.f3(BenchStats.median(r.nanosPerIteration().get(s)) / 1e6),
                        BenchStats.list(r.ratios().get(s)), BenchStats.list(r.cpuRatios().get(s)));
            }
        }
        System.out.println();
    }

    /** Prints a table's header: {@code head} and {@code rule}, then one column per set-up other than "no listener". */
    private static void printHeader(List<ListenerOverhead.Result> results, String head, String rule) {
        StringBuilder h = new StringBuilder(head);
        StringBuilder r = new StringBuilder(rule);
        setupColumns(results, h, r);
        System.out.println(h);
        System.out.println(r);
    }

    /** One right-aligned column per set-up other than "no listener". */
    private static void setupColumns(List<ListenerOverhead.Result> results, StringBuilder head, StringBuilder rule) {
        for (Setup s : results.get(0).ratios().keySet()) {
            if (s != Setup.NONE) {
                head.append(' ').append(s.label).append(" |");
                rule.append("--:|");
            }
        }
    }
}
