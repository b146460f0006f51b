package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;

/**
 * What observing costs, printed as Markdown tables: the listener's overhead per training iteration against no
 * listener, DL4J's {@code StatsListener} and {@code ScoreIterationListener} ({@link ListenerOverhead}); the probes
 * as a fraction of a training epoch ({@link ProbeCost}); the RmsProp group simulation of the predictor
 * ({@link PredictionCost}); the memory held ({@link ListenerMemory}); the time from the window's end to the report
 * written, each target in a fresh JVM ({@link Finalisation}).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.sgdobservatory.benchmarks.ListenerBenchmark
 * [--quick] [--rounds 7] [--seconds 1.5] [--networks digits,wide,cnn] [--sections overhead,probes,predict,memory]
 * [--predict-sizes 10000,100000,1000000] [--full-memory] [--targets digits,iris,...,wide]}; the section
 * {@code finalise} is not in the default set (it trains every bundled example at its defaults, several minutes). {@code --quick}: 3 rounds of 0.4 s, fewer probe and prediction sizes.
 * {@code --full-memory} adds the wide MLP with every parameter tracked (about 650 MB of heap).
 */
public final class ListenerBenchmark {

    private ListenerBenchmark() {
    }

    /** Runs the selected sections; see the class comment. */
    public static void main(String[] args) {
        ListenerBenchmarkOptions o = ListenerBenchmarkOptions.parse(args);
        System.out.printf(Locale.ROOT, "Listener benchmark: %s, ND4J %s backend, OMP_NUM_THREADS=%s, %d cores,"
                        + " load average %.2f at start%n%n", Runtime.version(),
                Nd4j.getBackend().getClass().getSimpleName(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (o.sections().contains("overhead")) {
            List<ListenerOverhead.Result> results = new ArrayList<>();
            for (BenchNetwork bn : BenchNetwork.named(o.networks())) {
                results.add(ListenerOverhead.measure(bn, o.setups(), o.rounds(), o.seconds(), o.intoWindow()));
            }
            OverheadTables.print(results, o.rounds(), o.seconds());
        }
        if (o.sections().contains("probes")) {
            ProbeCost.Result probes = ProbeCost.measure(o.quick());
            probes(probes.rows());
            directions(probes.directions());
        }
        if (o.sections().contains("predict")) {
            predict(PredictionCost.measure(o.predictSizes(), o.quick() ? 0 : 100_000));
        }
        if (o.sections().contains("memory")) {
            memory(memoryRows(o.fullMemory()));
        }
        if (o.sections().contains("finalise")) {
            finalise(Finalisation.measure(o.targets(), List.of(Finalisation.Jvm.values())));
        }
        System.out.printf(Locale.ROOT, "Load average at the end: %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The memory section's rows: a warm-up pass, then the wide MLP at several budgets. */
    private static List<ListenerMemory.Row> memoryRows(boolean fullMemory) {
        List<ListenerMemory.Row> rows = new ArrayList<>();
        // one unreported pass first: class loading, JIT and ND4J's per-shape caches would land in the first row
        int unlimited = Integer.MAX_VALUE;
        ListenerMemory.measure("warm-up (not reported)", 8, unlimited);
        rows.add(ListenerMemory.measure("wide MLP, defaults (64 MB, at most 32 768 tracked)", 64, 32_768));
        rows.add(ListenerMemory.measure("wide MLP, budget 64 MB, no count cap", 64, unlimited));
        rows.add(ListenerMemory.measure("wide MLP, budget 8 MB", 8, unlimited));
        if (fullMemory) {
            rows.add(ListenerMemory.measure("wide MLP, every parameter tracked (budget 8000 MB)", 8000, unlimited));
        }
        return rows;
    }

    private static void finalise(List<Finalisation.Row> rows) {
        System.out.println("### Window end to report written (probes, predictions, JSON, HTML), each in a fresh JVM");
        System.out.println();
        System.out.println("| target | JVM | window end to report (s) | of which probes + predictions (s) | one epoch (s)"
                + " | bound max(epoch, 5 s) | within | eigen-solve at window start (s) | training to the window's end (s)"
                + " |");
        System.out.println("|---|---|--:|--:|--:|--:|---|--:|--:|");
        for (Finalisation.Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | **%.2f** | %.2f | %.3f | %.1f | %s | %s | %.2f |%n",
                    r.target(), r.jvm().label, r.finalisationSeconds(), r.probeSeconds(), r.epochSeconds(), r.bound(),
                    r.finalisationSeconds() <= r.bound() ? "yes" : "no",
                    Double.isNaN(r.solveSeconds()) ? "none" : String.format(Locale.ROOT, "%.2f", r.solveSeconds()),
                    r.trainingSeconds());
        }
        System.out.println();
    }

    private static void probes(List<ProbeCost.Row> rows) {
        System.out.println("### Probes on the digits MLP 64-H-10: time as a fraction of one training epoch");
        System.out.println();
        System.out.println("| probe | set-up | H | params | K | per-example | M | seconds | epoch (s) | epochs |");
        System.out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (ProbeCost.Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.3f | %.4f | **%.2f** |%n", r.probe(),
                    r.setup().label,
                    r.hidden(), r.params(), r.reservoirBatches(), r.perExample(), r.hutchinson(), r.seconds(),
                    r.epochSeconds(), r.epochs());
        }
        System.out.println();
    }

    private static void directions(List<ProbeCost.DirectionRow> rows) {
        System.out.println("### Eigen-directions on the digits MLP 64-H-10 (k = 16): solve and noise against an epoch"
                + " timed in the same round");
        System.out.println();
        System.out.println("| H | params | examples | products | rounds | solve (s) | noise (s) | epoch (s) |"
                + " solve + noise in epochs: median (range) |");
        System.out.println("|--:|--:|--:|---|--:|--:|--:|--:|--:|");
        for (ProbeCost.DirectionRow r : rows) {
            List<Double> epochs = r.epochs();
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %d | %.3f | %.3f | %.3f | **%.2f** (%.2f-%.2f) |%n",
                    r.hidden(), r.params(), r.examples(), r.products(), epochs.size(), BenchStats.median(r.solve()),
                    BenchStats.median(r.noise()), BenchStats.median(r.epoch()), BenchStats.median(epochs),
                    java.util.Collections.min(epochs), java.util.Collections.max(epochs));
        }
        System.out.println();
    }

    private static void predict(List<PredictionCost.Row> rows) {
        System.out.println("### RmsProp predictions of SimCorePredictor: the group simulation outside the table ("
                + PredictionCost.CHAINS + " chains) and the whole predictGroup (the table, for these inputs)");
        System.out.println();
        System.out.println("| parameters | steps timed | seconds | parameter-chain-steps/s | 600 simulation steps at that rate"
                + " (s) | whole predictGroup (s) |");
        System.out.println("|--:|--:|--:|--:|--:|--:|");
        for (PredictionCost.Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %.3f | %s | %.1f | %s |%n", r.params(), r.shortSteps(),
                    r.shortSeconds(), BenchStats.e3(r.parameterChainStepsPerSecond()),
                    r.predictorSecondsAtMeasuredRate(),
                    Double.isNaN(r.fullSeconds()) ? "not run" : String.format(Locale.ROOT, "%.1f", r.fullSeconds()));
        }
        rows.stream().filter(r -> !r.fullBasis().isEmpty()).findFirst()
                .ifPresent(r -> System.out.println("\nPredictor basis: " + r.fullBasis()));
        System.out.println();
    }

    private static void memory(List<ListenerMemory.Row> rows) {
        System.out.println("### Memory held by the observatory (wide MLP, probes off, 80 observed iterations)");
        System.out.println();
        System.out.println("| configuration | tracked | stated bytes/param | stated bytes held | resident set growth"
                + " after GC | resident set peak growth | heap growth after GC | JavaCPP count growth"
                + " | measured bytes/param | budget | statistics within budget |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        for (ListenerMemory.Row r : rows) {
            long statistics = r.cost().trackedParameters() * r.cost().bytesPerTrackedParameter();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %.1f | %d | %s |%n",
                    r.label(), r.cost().trackedParameters(), r.cost().bytesPerTrackedParameter(), r.cost().bytesHeld(),
                    r.rssDelta(), r.rssPeakDelta(), r.heapDelta(), r.nativeDelta(), r.measuredBytesPerTracked(),
                    r.budgetBytes(), statistics <= r.budgetBytes() ? "yes" : "**no**");
        }
        System.out.println("Measured bytes/param = heap growth after GC / tracked parameters (the statistics are Java"
                + " arrays; it includes the close-ups and the data-order fingerprints, fixed sizes). \"Statistics within"
                + " budget\" = tracked x stated bytes per parameter <= budget.");
        System.out.println();
    }
}
