package org.sgdobservatory.examples.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.examples.data.DataSource;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * One example network of {@code observatory run}: its data, its architecture (a dense MLP; no hidden layer =
 * softmax or linear regression) and its defaults.
 *
 * @param name the command-line name, e.g. {@code digits}
 * @param title one line for {@code list} and the report
 * @param description one paragraph: model, loss, data, why this example
 * @param data attribution and counts of the data
 * @param defaults default hyperparameters
 * @param hiddenLayers widths of the hidden layers (empty: a single output layer)
 * @param hiddenActivation activation of the hidden layers
 * @param dataForSeed the train/test split (already standardised) for a seed
 * @param reference an exact answer to compare the run with, when the example has one
 */
public record Example(String name, String title, String description, DataSource data, ExampleDefaults defaults,
                      List<Integer> hiddenLayers, Activation hiddenActivation,
                      LongFunction<LabelledData.Split> dataForSeed, Optional<ReferenceAnswer> reference) {

    /** Validates and copies. */
    public Example {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(defaults, "defaults");
        hiddenLayers = List.copyOf(hiddenLayers);
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        Objects.requireNonNull(dataForSeed, "dataForSeed");
        Objects.requireNonNull(reference, "reference");
    }

    /**
     * The network: dense hidden layers, then softmax + cross-entropy (classification) or identity + MSE
     * (regression); FLOAT parameters; L2 {@code c} on the weights (not the biases) when {@code c > 0}.
     *
     * @param task from the data
     * @param inputs feature count
     * @param outputs classes or target columns
     */
    public MultiLayerConfiguration network(LabelledData.Task task, int inputs, int outputs, IUpdater updater,
            double l2, long seed) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(hiddenActivation == Activation.RELU ? WeightInit.RELU : WeightInit.XAVIER)
                .dataType(DataType.FLOAT);
        if (l2 > 0) {
            b.l2(l2);
        }
        NeuralNetConfiguration.ListBuilder list = b.list();
        int in = inputs;
        for (int width : hiddenLayers) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(hiddenActivation).build());
            in = width;
        }
        boolean classification = task == LabelledData.Task.CLASSIFICATION;
        list.layer(new OutputLayer.Builder(classification ? LossFunctions.LossFunction.MCXENT
                : LossFunctions.LossFunction.MSE).nIn(in).nOut(outputs)
                .activation(classification ? Activation.SOFTMAX : Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build());
        return list.build();
    }

    /** The architecture in one phrase, e.g. {@code MLP 64-32-10 (RELU, softmax)}. */
    public String architecture(LabelledData.Task task, int inputs, int outputs) {
        StringBuilder sb = new StringBuilder(hiddenLayers.isEmpty() ? (task == LabelledData.Task.CLASSIFICATION
                ? "softmax regression " : "linear regression ") : "MLP ");
        sb.append(inputs);
        hiddenLayers.forEach(w -> sb.append('-').append(w));
        sb.append('-').append(outputs);
        if (!hiddenLayers.isEmpty()) {
            sb.append(" (").append(hiddenActivation.name()).append(", ")
                    .append(task == LabelledData.Task.CLASSIFICATION ? "softmax" : "linear output").append(')');
        }
        return sb.toString();
    }
}
