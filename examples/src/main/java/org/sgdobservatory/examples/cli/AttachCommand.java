package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.attach.AttachRunner;
import org.sgdobservatory.examples.attach.SavedModel;
import org.sgdobservatory.examples.data.CsvTable;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.network.ExampleEnvelope;
import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.examples.network.Observation;
import org.sgdobservatory.examples.network.OptimizerSettings;
import org.sgdobservatory.examples.network.RunSettings;
import org.sgdobservatory.examples.simulate.CliName;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code observatory attach MODEL.zip --data TRAIN.csv --label COLUMN}: restores a network saved with DL4J's
 * {@code ModelSerializer} (MultiLayerNetwork or ComputationGraph, updater state included), continues training it on
 * the user's CSV with the listener observing the last {@code --window} iterations, prints the run's block as
 * {@code run} does and writes the same example-report envelope ({@code report.json}, which {@code render} reads) and
 * {@code index.html}. Problems with the files (model, CSV, shapes that do not fit) exit 1; options that contradict
 * the files ({@code --label} not a column, {@code --classes} not the network's outputs) exit 2; one line each.
 */
@Command(name = "attach", sortOptions = false, abbreviateSynopsis = true,
        description = {"Continues training a saved DL4J network on a CSV, observed by the listener.",
                "Writes report.json + index.html to --report DIR (default ./observatory-report)."},
        footer = "Example: observatory attach iris.zip --data iris.csv --label label --classes 3")
final class AttachCommand implements Callable<Integer> {

    /** The varnorm rule's epsilon when it replaces the saved updater (the examples' own). */
    private static final double VARNORM_EPSILON = 1e-6;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "MODEL.zip", description = "Saved by ModelSerializer.writeModel.")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "Training data; header row, numbers.")
    Path dataFile;

    @Option(names = "--label", required = true, paramLabel = "COLUMN",
            description = "Label column: name or 0-based index.")
    String label;

    @Option(names = "--classes", paramLabel = "N", description = "Classification (labels 0..N-1); else regression.")
    Integer classes;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = AttachRunner.KEEP,
            description = "keep (saved updater), sgd, rmsprop, varnorm.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "ETA", description = "Learning rate (needed unless keep).")
    Double learningRate;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Minibatch (default: 32).")
    int batch;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "More epochs (default: 20).")
    int epochs;

    @Option(names = "--window", paramLabel = "N", description = "Observed iterations (default: last half).")
    Integer window;

    @Option(names = "--sampling", paramLabel = "ORDER", converter = Converters.Order.class, defaultValue = "reshuffle",
            description = "iid, reshuffle (default) or cyclic.")
    DataOrder sampling;

    @Mixin
    TrackingOption tracking;

    @Mixin
    ReportFiles files;

    @Mixin
    ReportDirectory report;

    @Mixin
    SeedOption seed;

    @Mixin
    ExecutionOptions execution;

    @Override
    public Integer call() throws IOException {
        execution.validate();
        Optional<OptimizerSettings> replacement = replacement();
        if (classes != null && classes < 2) {
            throw usage("--classes must be >= 2, was " + classes);
        }
        SavedModel model = SavedModel.load(modelFile);
        int[] io = model.inputsAndOutputs();
        if (io[0] != 1 || io[1] != 1) {
            throw new IOException("model '" + modelFile + "' is a ComputationGraph with " + io[0] + " inputs and "
                    + io[1] + " outputs; attach trains networks with one input and one output");
        }
        CsvTable table = CsvTable.read(dataFile);
        int column = table.column(label).orElseThrow(() -> usage("--label '" + label + "' is not a column of '"
                + dataFile + "' (columns: " + columnList(table.columns()) + "); give a column name or a 0-based"
                + " index"));
        LabelledData data = table.labelled(column, classes == null ? OptionalInt.empty() : OptionalInt.of(classes));
        checkShapes(model, data, table.columns().get(column));
        Observation observation;
        try {
            int k = Math.max(1, data.rows() / Math.max(1, batch));
            observation = new Observation(batch, epochs, window != null ? window
                    : (int) Math.max(2, Math.min(Integer.MAX_VALUE, (long) k * epochs / 2)), sampling, seed.seed,
                    tracking.megabytes, false);
            ExampleRunner.plan(observation, "the saved model", false, data.rows());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path dir = report.prepareGivenOrDefault();
        replacement.ifPresentOrElse(model::replaceUpdater, () -> {
            if (learningRate != null) {
                model.setLearningRate(learningRate);
            }
        });
        execution.applyThreads();
        PrintWriter out = spec.commandLine().getOut();
        ExampleReport.Run run;
        try {
            run = AttachRunner.run(model, data, observation, execution.progress(spec.commandLine().getErr()));
        } catch (IllegalArgumentException e) { // the listener's builder rejected the network or a setting
            throw usage(e.getMessage());
        }
        String name = modelFile.getFileName().toString();
        out.print(RunText.block(name, run));
        ExampleReport envelope = ExampleEnvelope.of(AttachRunner.described(model, table, table.columns().get(column),
                data, observation), List.of(run), List.of());
        files.write(envelope, dir, out);
        out.flush();
        return Observatory.OK;
    }

    /** The optimizer replacing the saved updater, or empty for {@code keep}. */
    private Optional<OptimizerSettings> replacement() {
        if (AttachRunner.KEEP.equals(optimizer)) {
            return Optional.empty();
        }
        OptimizerKind kind;
        try {
            kind = CliName.parse(OptimizerKind.class, "optimizer", optimizer);
        } catch (IllegalArgumentException e) {
            throw usage("--optimizer: unknown optimizer '" + optimizer + "'; expected one of keep, sgd, rmsprop,"
                    + " varnorm");
        }
        if (learningRate == null) {
            throw usage("--optimizer " + optimizer + " replaces the saved updater and needs --lr");
        }
        try {
            return Optional.of(new OptimizerSettings(kind, learningRate, RunSettings.DEFAULT_RMS_DECAY,
                    kind == OptimizerKind.VARNORM ? VARNORM_EPSILON : RunSettings.DEFAULT_RMS_EPSILON,
                    RunSettings.DEFAULT_AVERAGING_DECAY));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * The table's features must be the network's inputs (a file problem: exit 1) and the task its outputs (an option
     * problem: exit 2).
     */
    private void checkShapes(SavedModel model, LabelledData data, String labelName) throws IOException {
        OptionalLong inputs = model.inputWidth();
        if (inputs.isPresent() && inputs.getAsLong() != data.featureCount()) {
            throw new IOException("'" + dataFile + "' has " + data.featureCount() + " feature columns (all but the"
                    + " label '" + labelName + "') but the network takes " + inputs.getAsLong() + " inputs; give the"
                    + " CSV the network was trained on (same feature columns, same order) or check --label");
        }
        long n = model.outputWidth(data.featureCount());
        if (classes != null && classes != n) {
            throw usage("--classes " + classes + " but the network has " + n + (n == 1
                    ? " output (regression); drop --classes" : " outputs; give --classes " + n));
        }
        if (classes == null && n != 1) {
            throw usage("the network has " + n + " outputs but without --classes attach does regression on one"
                    + " target; give --classes " + n + " for classification");
        }
    }

    private static String columnList(List<String> columns) {
        String all = String.join(", ", columns);
        return all.length() <= 120 ? all : all.substring(0, 117) + "...";
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
