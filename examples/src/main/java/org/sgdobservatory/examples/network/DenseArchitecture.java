package org.sgdobservatory.examples.network;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * A dense MLP: hidden layers of the given widths, then the output layer; no hidden layer = softmax or linear
 * regression.
 *
 * @param hiddenLayers widths of the hidden layers (empty: a single output layer)
 * @param hiddenActivation activation of the hidden layers
 */
public record DenseArchitecture(List<Integer> hiddenLayers, Activation hiddenActivation) implements Architecture {

    /** Validates and copies. */
    public DenseArchitecture {
        hiddenLayers = List.copyOf(hiddenLayers);
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
    }

    @Override
    public MultiLayerConfiguration network(LabelledData.Task task, int inputs, int outputs, IUpdater updater,
            double l2, long seed) {
        NeuralNetConfiguration.ListBuilder list = base(updater, l2, seed,
                hiddenActivation == Activation.RELU ? WeightInit.RELU : WeightInit.XAVIER).list();
        int in = inputs;
        for (int width : hiddenLayers) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(hiddenActivation).build());
            in = width;
        }
        list.layer(output(task, outputs).nIn(in).build());
        return list.build();
    }

    @Override
    public String describe(LabelledData.Task task, int inputs, int outputs) {
        StringBuilder sb = new StringBuilder(hiddenLayers.isEmpty() ? (task == LabelledData.Task.CLASSIFICATION
                ? "softmax regression " : "linear regression ") : "MLP ");
        sb.append(inputs);
        hiddenLayers.forEach(w -> sb.append('-').append(w));
        sb.append('-').append(outputs);
        if (!hiddenLayers.isEmpty()) {
            sb.append(" (").append(hiddenActivation.name()).append(", ").append(outputWords(task)).append(')');
        }
        return sb.toString();
    }

    /** The configuration builder every architecture starts from: seed, updater, FLOAT, L2 on the weights. */
    static NeuralNetConfiguration.Builder base(IUpdater updater, double l2, long seed, WeightInit init) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(init).dataType(DataType.FLOAT);
        if (l2 > 0) {
            b.l2(l2);
        }
        return b;
    }

    /** The output layer: softmax + cross-entropy (classification) or identity + MSE (regression), Xavier init. */
    static OutputLayer.Builder output(LabelledData.Task task, int outputs) {
        boolean classification = task == LabelledData.Task.CLASSIFICATION;
        return new OutputLayer.Builder(classification ? LossFunctions.LossFunction.MCXENT
                : LossFunctions.LossFunction.MSE).nOut(outputs)
                .activation(classification ? Activation.SOFTMAX : Activation.IDENTITY).weightInit(WeightInit.XAVIER);
    }

    /** {@code softmax} or {@code linear output}. */
    static String outputWords(LabelledData.Task task) {
        return task == LabelledData.Task.CLASSIFICATION ? "softmax" : "linear output";
    }
}
