package org.sgdobservatory.listener.adapter;

import java.util.Objects;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One fully connected layer of a {@link DenseStack}: {@code z = a W + b}, {@code a' = activation(z)}, with where
 * its weights and bias live in the flattened parameter vector. DL4J stores {@code W} ({@code nIn x nOut}) in
 * column-major ('f') order, so {@code W[j][k]} is element {@code weightOffset + j + k nIn}.
 *
 * @param layerName DL4J's layer index as a string ({@code 0}, {@code 1}, ...)
 * @param weightOffset flattened index of {@code W[0][0]}
 * @param biasOffset flattened index of {@code b[0]}
 * @param nIn inputs
 * @param nOut outputs
 * @param activation the layer's activation function (deterministic: no random activation)
 */
public record DenseLayerSpec(String layerName, long weightOffset, long biasOffset, int nIn, int nOut,
                             IActivation activation) {

    /** Validates the sizes. */
    public DenseLayerSpec {
        Objects.requireNonNull(layerName, "layerName");
        Objects.requireNonNull(activation, "activation");
        if (!(nIn > 0 && nOut > 0 && weightOffset >= 0 && biasOffset >= 0)) {
            throw new IllegalArgumentException("layer " + layerName + ": nIn, nOut must be > 0 and offsets >= 0,"
                    + " were " + nIn + ", " + nOut + ", " + weightOffset + ", " + biasOffset);
        }
    }

    /** Flattened index of {@code W[j][k]}. */
    public long weightIndex(int j, int k) {
        return weightOffset + j + (long) k * nIn;
    }

    /** The weights as an {@code nIn x nOut} view of the flattened parameter vector {@code flat} (rank 1). */
    public INDArray weightsIn(INDArray flat) {
        return flat.get(NDArrayIndex.interval(weightOffset, weightOffset + (long) nIn * nOut)).reshape('f', nIn, nOut);
    }

    /** The bias as a {@code 1 x nOut} view of the flattened parameter vector {@code flat} (rank 1). */
    public INDArray biasIn(INDArray flat) {
        return flat.get(NDArrayIndex.interval(biasOffset, biasOffset + nOut)).reshape(1, nOut);
    }
}
