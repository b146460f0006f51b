package org.sgdobservatory.examples.attach;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.sgdobservatory.examples.data.CsvTable;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.examples.network.MinibatchIterator;
import org.sgdobservatory.examples.network.Observation;
import org.sgdobservatory.examples.network.ObservedFit;
import org.sgdobservatory.examples.network.OptimizerSettings;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * Continues training a {@link SavedModel} on the user's table for {@code epochs} more epochs, observing the last
 * {@code windowIterations} with the listener ({@link ObservedFit}, as {@code run} does), and returns the run as the
 * example report's {@link ExampleReport.Run} (optimizer {@code keep} when the saved updater was kept; metrics on the
 * training table only: there is no test split). Stateless.
 */
public final class AttachRunner {

    /** The report's optimizer name of a run that kept the saved updater. */
    public static final String KEEP = "keep";

    private AttachRunner() {
    }

    /** The run's label: the replacing optimizer's ({@code SGD}, ...) or {@code saved <IUpdater class>}. */
    public static String label(SavedModel model) {
        return model.replacedBy().map(OptimizerSettings::label).orElseGet(() -> "saved " + model.updater().className());
    }

    /**
     * Trains and observes.
     *
     * @param model the restored network, its updater already kept, re-rated or replaced
     * @param data the training table
     * @param observation batches, epochs, window, order, seed, listener budget
     * @param bars progress bars by label
     * @throws IllegalArgumentException naming {@code --batch} or {@code --window} when they do not fit the table
     */
    public static ExampleReport.Run run(SavedModel model, LabelledData data, Observation observation,
            Function<String, SimulationProgress> bars) {
        String label = label(model);
        ExampleRunner.Plan plan = ExampleRunner.plan(observation, label, false, data.rows());
        SavedModel.Updater updater = model.updater();
        MinibatchIterator iterator = new MinibatchIterator(data, observation.batchSize(), observation.dataOrder(),
                observation.seed() + 1);
        ObservedFit.Result observed = new ObservedFit(plan.totalIterations(), label, bars).observe(model.network(),
                iterator, data, observation, observation.epochs(), plan.observableIterations());
        Map<String, Double> parameters = model.replacedBy().map(OptimizerSettings::optimizerParameters)
                .orElse(updater.hyperparameters());
        ExampleReport.Settings settings = new ExampleReport.Settings(updater.learningRate(), observation.batchSize(),
                observation.epochs(), observation.windowIterations(), observation.dataOrder(), updater.l2(),
                observation.seed(), parameters, Optional.empty());
        ExampleReport.Training training = new ExampleReport.Training(plan.totalIterations(), observation.epochs(),
                observed.trainingSeconds(), observed.observatorySeconds(), observed.lossCurve(),
                ObservedFit.metrics(model.network(), data, "train"));
        return new ExampleReport.Run(label, model.replacedBy().map(o -> o.optimizer().cliName()).orElse(KEEP),
                settings, training, observed.report());
    }

    /**
     * What the report says was trained on what: the model file's name, the network, the table, the label column and
     * the task; the data are the user's (no licence or citation known).
     *
     * @param table the CSV read
     * @param labelColumn the label's column name
     * @param data the examples made from it
     */
    public static ExampleReport.Example described(SavedModel model, CsvTable table, String labelColumn,
            LabelledData data, Observation observation) {
        boolean classification = data.task() == LabelledData.Task.CLASSIFICATION;
        Path csv = table.file().toAbsolutePath();
        String name = model.file().getFileName().toString();
        String description = "A saved " + model.describe() + ", restored from " + model.file().toAbsolutePath()
                + " and trained " + observation.epochs() + " more epochs on " + csv + " (" + data.rows() + " rows, "
                + data.featureCount() + " feature columns, label column '" + labelColumn + "'; " + (classification
                ? "classification into " + data.outputCount() + " classes" : "regression") + "), observed over its"
                + " last " + observation.windowIterations() + " iterations.";
        return new ExampleReport.Example(name, name + " on " + csv.getFileName(), description,
                classification ? "classification" : "regression", new ExampleReport.Data(
                        csv.getFileName().toString(), data.rows(), data.featureCount(), csv.toString(),
                        "the user's data", "none"));
    }
}
