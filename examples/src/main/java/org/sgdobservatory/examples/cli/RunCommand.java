package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.attach.SavedRun;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.ExampleEnvelope;
import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.examples.network.RunSettings;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code observatory run EXAMPLE}: trains an example network with one or more optimizers (side by side), observes
 * the end of training with the listener, prints each run's verdict from the listener's run summary and writes
 * {@code DIR/report.json} and {@code DIR/index.html}. With {@code --serve} the listener's live view follows each run
 * and the whole report is served at the end ({@link ServeOptions}).
 */
@Command(name = "run", sortOptions = false, abbreviateSynopsis = true,
        description = "Trains an example observed by the listener; prints verdicts, writes report.json + index.html.",
        footer = "Example: observatory run linreg --optimizer sgd --sampling iid --report linreg")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "e.g. digits; unset options: its defaults.")
    String exampleName;

    @Option(names = "--optimizer", split = ",", paramLabel = "OPT", converter = Converters.Optimizer.class,
            defaultValue = "sgd", description = "sgd, rmsprop, varnorm; side by side.")
    List<OptimizerKind> optimizers;

    @Option(names = "--lr", split = ",", paramLabel = "ETA", description = "Learning rate(s): one, or one each.")
    double[] learningRates;

    @Option(names = "--batch", paramLabel = "B", description = "Minibatch size.")
    Integer batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
    Integer epochs;

    @Option(names = "--window", paramLabel = "N", description = "Observed iterations at the end.")
    Integer window;

    @Option(names = "--sampling", paramLabel = "ORDER", converter = Converters.Order.class,
            description = "Data order: iid, reshuffle or cyclic.")
    DataOrder sampling;

    @Option(names = "--weight-decay", paramLabel = "C", description = "L2 on the weights (DL4J l2).")
    Double weightDecay;

    @Mixin
    RmsDecayOption rms;

    @Option(names = "--epsilon", paramLabel = "EPS", description = "RMSProp's or varnorm's epsilon.")
    Double epsilon;

    @Option(names = "--averaging-decay", hidden = true, paramLabel = "BETA", defaultValue = "" + RunSettings.DEFAULT_AVERAGING_DECAY,
            description = "varnorm's EMA decay (default: ${DEFAULT-VALUE}).")
    double averagingDecay;

    @Mixin
    TrackingOption tracking;

    @Option(names = "--simulate-rmsprop", hidden = true, description = "Simulate RMSProp parameters outside the precomputed table"
            + " (slower; default: their mean field).")
    boolean simulateRmsProp;

    @Mixin
    ReportFiles files;

    @Option(names = "--save-model", paramLabel = "FILE", description = "Save the network, its data as FILE.csv.")
    Path saveModel;

    @Mixin
    ReportDirectory report;

    @Mixin
    SeedOption seed;

    @Mixin
    ExecutionOptions execution;

    @Mixin
    ServeOptions serve;

    @ParentCommand
    Observatory parent;

    @Override
    public Integer call() throws IOException {
        execution.validate();
        Example example;
        List<RunSettings> runs;
        try {
            example = Examples.named(exampleName);
            runs = settings(example);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (saveModel != null && runs.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--save-model saves one network; give one --optimizer,"
                    + " not " + runs.size());
        }
        LabelledData.Split split = example.dataForSeed().apply(seed.seed);
        try {
            runs.forEach(s -> ExampleRunner.plan(s, split.train().rows()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = report.prepareGivenOrDefault();
        serve.validate();
        if (saveModel != null) {
            SavedRun.prepare(saveModel);
        }
        execution.applyThreads();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ExampleRunner.Outcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSettings s = runs.get(i);
            ExampleRunner.Outcome o;
            try {
                o = ExampleRunner.run(example, split, s, execution.progress(err),
                        serve.forRun(s.label(), i, runs.size(), err));
            } catch (IllegalArgumentException e) { // the listener's builder rejected the window, a setting or the port
                throw serve.bindFailure(e).orElseThrow(() -> new ParameterException(spec.commandLine(),
                        e.getMessage()));
            }
            outcomes.add(o);
            findings.addAll(o.findings());
            out.print(RunText.block(example.name(), o.run()));
            out.flush();
        }
        ExampleReport envelope = ExampleEnvelope.of(example, split.train(), outcomes, findings);
        for (Finding f : findings) {
            out.println("finding [" + f.severity() + "] " + f.code() + ": " + f.message());
        }
        files.write(envelope, dir, out);
        if (saveModel != null) {
            SavedRun saved = SavedRun.write(outcomes.get(0).network(), split.train(), saveModel);
            out.println("model: " + saved.model() + " (training data: " + saved.data() + ")");
        }
        out.flush();
        serve.serveReport(envelope, err, parent.terminal);
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
            double eps = Optional.ofNullable(epsilon).orElse(o == OptimizerKind.VARNORM ? d.varNormEpsilon()
                    : RunSettings.DEFAULT_RMS_EPSILON);
            out.add(new RunSettings(o, lr, Optional.ofNullable(batch).orElse(d.batchSize()),
                    Optional.ofNullable(epochs).orElse(d.epochs()),
                    Optional.ofNullable(window).orElse(d.windowIterations()),
                    Optional.ofNullable(sampling).orElse(d.dataOrder()),
                    Optional.ofNullable(weightDecay).orElse(d.weightDecay()), seed.seed, rms.rmsDecay,
                    eps, averagingDecay, tracking.megabytes, simulateRmsProp));
        }
        return out;
    }
}
