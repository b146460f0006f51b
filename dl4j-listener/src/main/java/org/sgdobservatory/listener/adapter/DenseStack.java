package org.sgdobservatory.listener.adapter;

import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A network that is nothing but a chain of fully connected layers ending in an output layer, with nothing
 * between a layer's input and its gradient but the layer itself: no dropout, weight noise, layer norm, input
 * preprocessor or random activation. For such a network the per-example gradient of a weight is an outer product
 * of the layer's input activations and output deltas, which is what {@code DenseBatchGradients} exploits.
 * See {@link NetworkShape#denseStack} for the exact eligibility rules.
 *
 * @param layers the layers in forward order; the last one is the output layer
 * @param lossFunction the output layer's loss function
 */
public record DenseStack(List<DenseLayerSpec> layers, ILossFunction lossFunction) {

    /** Copies the list and checks that consecutive layers fit together. */
    public DenseStack {
        layers = List.copyOf(layers);
        Objects.requireNonNull(lossFunction, "lossFunction");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a dense stack needs at least its output layer, got no layers");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).nIn() != layers.get(i - 1).nOut()) {
                throw new IllegalArgumentException("layer " + layers.get(i).layerName() + " has nIn "
                        + layers.get(i).nIn() + " but the previous layer has nOut " + layers.get(i - 1).nOut());
            }
        }
    }

    /** Inputs of the first layer. */
    public int nIn() {
        return layers.get(0).nIn();
    }

    /** Outputs of the output layer. */
    public int nOut() {
        return layers.get(layers.size() - 1).nOut();
    }

    /**
     * The output pair when every hidden activation is piecewise linear and the output activation and loss are one
     * of {@link OutputLoss}'s: then the exact curvature probes apply (the Gauss-Newton diagonal, exact Hessian-vector
     * products); empty otherwise.
     */
    public java.util.Optional<OutputLoss> exactCurvature() {
        for (int l = 0; l < layers.size() - 1; l++) {
            if (!OutputLoss.piecewiseLinear(layers.get(l).activation())) {
                return java.util.Optional.empty();
            }
        }
        return OutputLoss.of(layers.get(layers.size() - 1).activation(), lossFunction);
    }
}
