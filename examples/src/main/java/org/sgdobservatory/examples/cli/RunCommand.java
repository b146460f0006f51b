package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.ExampleReport;
import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.examples.network.RunSettings;
import org.sgdobservatory.examples.network.RunSummary;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.examples.simulate.Sampling;
import org.sgdobservatory.listener.report.Finding;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code observatory run EXAMPLE}: trains an example network with one or more optimizers (side by side),
 * observes the end of training with the listener, prints a summary per run and writes {@code DIR/report.json}
 * and {@code DIR/index.html}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains an example network (see 'observatory list'), observes the last --window iterations with"
                + " the SGD Observatory listener and writes DIR/report.json and DIR/index.html.",
                "Options left out take the example's defaults (shown by 'observatory list')."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "The example, e.g. digits (see 'observatory list').")
    String exampleName;

    @Option(names = "--optimizer", split = ",", paramLabel = "sgd|rmsprop|varnorm", converter = Converters.Optimizer.class,
            defaultValue = "sgd", description = "Optimizer; a comma list runs them side by side, e.g. sgd,rmsprop"
                    + " (default: ${DEFAULT-VALUE}).")
    List<OptimizerKind> optimizers;

    @Option(names = "--lr", split = ",", paramLabel = "ETA",
            description = "Learning rate (eta' for varnorm): one value for every optimizer or one per optimizer"
                    + " (default: the example's, per optimizer).")
    double[] learningRates;

    @Option(names = "--batch", paramLabel = "B", description = "Minibatch size.")
    Integer batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
    Integer epochs;

    @Option(names = "--window", paramLabel = "N", description = "Observed iterations at the end of training.")
    Integer window;

    @Option(names = "--sampling", paramLabel = "iid|reshuffle|cyclic", converter = Converters.Order.class,
            description = "Data order: iid = minibatches drawn with replacement, reshuffle = new permutation each"
                    + " epoch, cyclic = the same order every epoch (default: the example's, mostly reshuffle).")
    Sampling sampling;

    @Option(names = "--weight-decay", paramLabel = "C", description = "L2 coefficient on the weights (DL4J l2(C)).")
    Double weightDecay;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rms-decay", paramLabel = "RHO", defaultValue = "0.95",
            description = "RMSProp decay (default: ${DEFAULT-VALUE}).")
    double rmsDecay;

    @Option(names = "--epsilon", paramLabel = "EPS",
            description = "RMSProp epsilon (default 1e-8) or the varnorm rule's epsilon (default: the example's).")
    Double epsilon;

    @Option(names = "--averaging-decay", paramLabel = "BETA", defaultValue = "0.999",
            description = "EMA decay of the varnorm rule's mean and variance (default: ${DEFAULT-VALUE}).")
    double averagingDecay;

    @Option(names = "--tracking-mb", paramLabel = "MB", defaultValue = "0.5",
            description = "Listener memory budget; caps the tracked parameters (default: ${DEFAULT-VALUE}).")
    double trackingMegabytes;

    @Option(names = "--simulate-rmsprop", description = "Predict RMSProp by a sim-core simulation of each parameter"
            + " group (more exact, about a minute per group) instead of the per-parameter mean field.")
    boolean simulateRmsProp;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "observatory-report",
            description = "Report directory (default: ./${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--no-html", description = "Write report.json only (no index.html).")
    boolean noHtml;

    @Option(names = "--quiet", description = "No progress bars on standard error.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Example example;
        List<RunSettings> runs;
        try {
            example = Examples.named(exampleName);
            runs = settings(example);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LabelledData.Split split = example.dataForSeed().apply(seed);
        try {
            runs.forEach(s -> ExampleRunner.plan(s, split.train().rows()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = prepare(report);
        NativeThreads.limit();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ExampleRunner.Outcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (RunSettings s : runs) {
            ExampleRunner.Outcome o;
            try {
                o = ExampleRunner.run(example, split, s, label -> quiet ? SimulationProgress.NONE
                        : new ProgressBar(err, label));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            outcomes.add(o);
            findings.addAll(o.findings());
            print(out, example, s, split.train().rows(), o.summary());
        }
        LabelledData train = split.train();
        String task = train.task() == LabelledData.Task.CLASSIFICATION ? "classification" : "regression";
        ObjectNode json = ExampleReport.build(example, task, example.architecture(train.task(), train.featureCount(),
                train.outputCount()), outcomes, findings);
        Path written = ExampleReport.write(json, dir);
        findings.forEach(f -> out.println("finding [" + f.severity() + "] " + f.code() + ": " + f.message()));
        out.println("report: " + written);
        out.flush();
        if (noHtml) {
            out.println("(--no-html: no index.html)");
        } else {
            out.println("report: " + HtmlReport.write(json, dir));
        }
        out.flush();
        return Observatory.OK;
    }

    private List<RunSettings> settings(Example example) {
        if (learningRates != null && learningRates.length != 1 && learningRates.length != optimizers.size()) {
            throw new IllegalArgumentException("--lr has " + learningRates.length + " values but --optimizer has "
                    + optimizers.size() + "; give one value for all or one per optimizer");
        }
        if (optimizers.stream().distinct().count() != optimizers.size()) {
            throw new IllegalArgumentException("--optimizer lists an optimizer twice: " + optimizers);
        }
        var d = example.defaults();
        List<RunSettings> out = new ArrayList<>();
        for (int i = 0; i < optimizers.size(); i++) {
            OptimizerKind o = optimizers.get(i);
            double lr = learningRates == null ? d.learningRate(o) : learningRates[learningRates.length == 1 ? 0 : i];
            double eps = Optional.ofNullable(epsilon).orElse(o == OptimizerKind.VARNORM ? d.varNormEpsilon() : 1e-8);
            out.add(new RunSettings(o, lr, Optional.ofNullable(batch).orElse(d.batchSize()),
                    Optional.ofNullable(epochs).orElse(d.epochs()),
                    Optional.ofNullable(window).orElse(d.windowIterations()),
                    Optional.ofNullable(sampling).orElse(d.sampling()),
                    Optional.ofNullable(weightDecay).orElse(d.weightDecay()), seed, rmsDecay, eps, averagingDecay,
                    trackingMegabytes, simulateRmsProp));
        }
        return out;
    }

    private static void print(PrintWriter out, Example example, RunSettings s, int trainRows, RunSummary r) {
        out.printf("%s, %s (lr %s, batch %d, %d epochs, window %d, %s): %s; %.1f s training + %.1f s probes%n",
                example.name(), r.label(), s.learningRate(), s.batchSize(), s.epochs(), s.windowIterations(),
                s.sampling().cliName(), r.metrics(), r.trainingSeconds(), r.reportSeconds());
        int warm = ExampleRunner.plan(s, trainRows).warmStartEpochs();
        if (warm > 0) {
            out.println("  warm start: " + warm + " epochs of SGD (lr " + example.defaults().sgdLearningRate()
                    + ") before the eta'/sigma^2 rule");
        }
        out.println("  data order: " + r.dataOrder());
        out.printf("  %-8s %7s %9s %15s %20s %9s %6s %7s%n", "group", "tracked", "predicted", "median obs/pred",
                "median obs/pred(iid)", "drifting", "FDR", "settled");
        for (RunSummary.Group g : r.groups()) {
            out.printf("  %-8s %7d %9d %15s %20s %8s%% %6s %7s%n", g.key(), g.tracked(), g.predicted(),
                    fmt(g.medianRatio()), fmt(g.medianRatioIid()), Double.isFinite(g.fractionDrifting())
                            ? String.format("%.0f", 100 * g.fractionDrifting()) : "-", fmt(g.medianFdr()),
                    g.settled() ? "yes" : "no");
        }
        out.println("  (obs/pred: observed over predicted stationary variance for the data order used; (iid): over the"
                + " lecture's i.i.d.-minibatch prediction; drifting: share of parameters failing Geweke's test;"
                + " FDR: fluctuation-dissipation ratio, 1 when stationary; -: not predicted, the report says why)");
        out.println("  settled: " + (r.settled() ? "yes, every group" : "no: see the verdicts in the report"));
        out.flush();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format("%.3f", v) : "-";
    }

    /** Creates the directory and checks it is writable before any training runs. */
    static Path prepare(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IOException("cannot create report directory '" + dir + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("report directory '" + dir + "' is not a writable directory");
        }
        return dir;
    }
}
