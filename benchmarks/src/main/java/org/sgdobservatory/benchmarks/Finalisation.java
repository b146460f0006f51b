package org.sgdobservatory.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.ExampleEnvelope;
import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.examples.network.RunSettings;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import org.sgdobservatory.sim.stats.Median;

/**
 * The time from the window's end to the report written (probes, predictions, JSON and HTML), each target in a
 * <em>fresh JVM</em>, so that class loading, JIT compilation and ND4J's first use of each operation are paid as a
 * user pays them on the first report of a run.
 *
 * <p>Targets: every bundled example at its defaults with SGD (what {@code observatory run EXAMPLE} trains; the
 * finalisation is {@code ExampleRunner}'s probe time plus writing the example's {@code report.json} and
 * {@code index.html}), and the wide MLP of {@link BenchNetwork} with the listener writing its own report and page
 * (the finalisation is the iteration in which the report file appears, less the median iteration); the target
 * {@value #WIDE_WITHOUT_REHEARSAL} is the same with {@code rehearse(false)}. Each row also
 * gives one epoch's training time, the bound {@code max(1 epoch, 5 s)}, and apart from the finalisation the
 * eigen-solve made once at the window's start (the report's own timing of it), which is not part of the window's
 * end.
 *
 * <p>{@link #measure(List)} starts one child JVM per target with this class's {@code main}, which prints one
 * tab-separated line.
 */
final class Finalisation {

    /** The bound's floor in seconds. */
    static final double FLOOR_SECONDS = 5;

    /**
     * The child JVM's JavaCPP settings: ND4J's defaults, or the {@code observatory} launcher's, which turns off
     * JavaCPP's check of the process's resident memory on every native allocation (the off-heap limit
     * {@code maxbytes} still applies).
     */
    enum Jvm {
        DEFAULTS("JavaCPP defaults", List.of()),
        LAUNCHER("launcher (maxphysicalbytes=0)", List.of("-Dorg.bytedeco.javacpp.maxphysicalbytes=0"));

        final String label;
        final List<String> flags;

        Jvm(String label, List<String> flags) {
            this.label = label;
            this.flags = flags;
        }
    }

    private static final int WIDE_WINDOW = 150;
    /** The wide MLP's target with the listener's rehearsal turned off, for the A/B of what the rehearsal saves. */
    static final String WIDE_WITHOUT_REHEARSAL = "wide-without-rehearsal";

    private Finalisation() {
    }

    /**
     * One target's figures.
     *
     * @param target an example name or {@code wide}
     * @param jvm the child JVM's JavaCPP settings
     * @param finalisationSeconds window end to report written
     * @param probeSeconds of which probes and predictions (the listener's own work)
     * @param epochSeconds one training epoch
     * @param trainingSeconds the whole training before the window's end
     * @param solveSeconds the eigen-solve at the window's start (NaN when no directions were looked for)
     */
    record Row(String target, Jvm jvm, double finalisationSeconds, double probeSeconds, double epochSeconds,
               double trainingSeconds, double solveSeconds) {

        double bound() {
            return Math.max(epochSeconds, FLOOR_SECONDS);
        }
    }

    /** Child entry point: measures one target and prints its row as tab-separated values. */
    public static void main(String[] args) throws IOException {
        Row r = switch (args[0]) { // its Jvm: set by the parent
            case "wide" -> wide(true);
            case WIDE_WITHOUT_REHEARSAL -> wide(false);
            default -> example(Examples.named(args[0]));
        };
        System.out.printf(Locale.ROOT, "ROW\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f%n", r.target(), r.finalisationSeconds(),
                r.probeSeconds(), r.epochSeconds(), r.trainingSeconds(), r.solveSeconds());
    }

    /** Runs each target in its own JVM under each of {@code jvms}, one after the other (the settings alternating). */
    static List<Row> measure(List<String> targets, List<Jvm> jvms) {
        List<Row> rows = new ArrayList<>();
        for (String target : targets) {
            for (Jvm jvm : jvms) {
                rows.add(measure(target, jvm));
            }
        }
        return rows;
    }

    private static Row measure(String target, Jvm jvm) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        cmd.addAll(jvm.flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Finalisation.class.getName(), target));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String row = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("ROW\t")) {
                        row = line;
                    }
                }
            }
            int exit = p.waitFor();
            if (row == null || exit != 0) {
                throw new IllegalStateException("the child JVM for " + target + " exited with " + exit
                        + " and no result");
            }
            String[] f = row.split("\t");
            return new Row(f[1], jvm, Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]));
        } catch (IOException e) {
            throw new IllegalStateException("could not start a JVM for " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The targets by default: every bundled example, then the wide MLP with and without the rehearsal. */
    static List<String> defaultTargets() {
        List<String> out = new ArrayList<>(Examples.all().stream().map(Example::name).toList());
        out.add("wide");
        out.add(WIDE_WITHOUT_REHEARSAL);
        return out;
    }

    private static Row example(Example example) throws IOException {
        long seed = 42;
        RunSettings settings = RunSettings.defaults(example, OptimizerKind.SGD, seed);
        var split = example.dataForSeed().apply(seed);
        ExampleRunner.Outcome o = ExampleRunner.run(example, split, settings, label -> SimulationProgress.NONE);
        Path dir = Files.createTempDirectory("finalisation-");
        long t0 = System.nanoTime();
        ExampleReport envelope = ExampleEnvelope.of(example, split.train(), List.of(o), o.findings());
        ExampleEnvelope.write(envelope, dir);
        HtmlReport.write(envelope, dir);
        double write = (System.nanoTime() - t0) / 1e9;
        ExampleReport.Training t = o.run().training();
        return new Row(example.name(), Jvm.DEFAULTS, t.observatorySeconds() + write, t.observatorySeconds(),
                t.seconds() / t.epochs(), t.seconds(), solveSeconds(o.run().observatory()));
    }

    private static Row wide(boolean rehearse) throws IOException {
        BenchNetwork bench = BenchNetwork.wideMlp();
        MultiLayerNetwork net = bench.factory().get();
        Path dir = Files.createTempDirectory("finalisation-wide-");
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(0).windowIterations(WIDE_WINDOW)
                .dataOrder(DataOrder.FIXED_CYCLIC).seed(1).reportFile(dir.resolve("report.json")).rehearse(rehearse)
                .build()
                .attachTo(net);
        int batches = bench.batches().size();
        double[] seconds = new double[WIDE_WINDOW + 2];
        int end = -1;
        for (int i = 0; i < seconds.length && end < 0; i++) {
            DataSet batch = bench.batches().get(i % batches);
            long t0 = System.nanoTime();
            net.fit(batch);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            end = Files.exists(dir.resolve("report.json")) ? i : -1;
        }
        listener.close();
        if (end < 0 || !Files.exists(dir.resolve("index.html"))) {
            throw new IllegalStateException("the listener wrote no report or page in " + dir);
        }
        ObservatoryReport report = listener.report();
        long solveIteration = report.directions().map(d -> d.solve().iteration()).orElse(-1L);
        double[] plain = new double[end];
        int count = 0;
        double before = 0;
        for (int i = 0; i < end; i++) {
            before += seconds[i];
            if (i != solveIteration) {
                plain[count++] = seconds[i];
            }
        }
        double median = Median.of(Arrays.copyOf(plain, count));
        double probes = report.cost().probeMillis() / 1e3;
        return new Row(rehearse ? "wide" : WIDE_WITHOUT_REHEARSAL, Jvm.DEFAULTS, seconds[end] - median, probes,
                median * batches, before, solveSeconds(report));
    }

    private static double solveSeconds(ObservatoryReport report) {
        return report.directions().map(d -> d.solve().seconds()).orElse(Double.NaN);
    }
}
