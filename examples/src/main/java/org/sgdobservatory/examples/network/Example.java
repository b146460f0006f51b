package org.sgdobservatory.examples.network;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sgdobservatory.examples.data.DataSource;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * One example network of {@code observatory run}: its data, its architecture (a dense MLP or a small CNN) and its
 * defaults.
 *
 * @param name the command-line name, e.g. {@code digits}
 * @param title one line for {@code list} and the report
 * @param description one paragraph: model, loss, data, why this example
 * @param data attribution and counts of the data
 * @param defaults default hyperparameters
 * @param architecture the network
 * @param dataForSeed the train/test split (already standardised) for a seed
 * @param reference an exact answer to compare the run with, when the example has one
 */
public record Example(String name, String title, String description, DataSource data, ExampleDefaults defaults,
                      Architecture architecture, LongFunction<LabelledData.Split> dataForSeed,
                      Optional<ReferenceAnswer> reference) {

    /** Validates. */
    public Example {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(dataForSeed, "dataForSeed");
        Objects.requireNonNull(reference, "reference");
    }

    /**
     * The network ({@link Architecture#network}).
     *
     * @param task from the data
     * @param inputs feature count
     * @param outputs classes or target columns
     */
    public MultiLayerConfiguration network(LabelledData.Task task, int inputs, int outputs, IUpdater updater,
            double l2, long seed) {
        return architecture.network(task, inputs, outputs, updater, l2, seed);
    }

    /** The architecture in one phrase ({@link Architecture#describe}). */
    public String architecture(LabelledData.Task task, int inputs, int outputs) {
        return architecture.describe(task, inputs, outputs);
    }
}
