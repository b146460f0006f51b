package org.sgdobservatory.listener.adapter;

import java.util.Objects;

/**
 * One named parameter array of the network (a DL4J {@code paramTable()} entry) and where it lives in the
 * flattened parameter vector.
 *
 * @param key DL4J's parameter-table key, e.g. {@code 0_W} or {@code dense_b}
 * @param layerName the layer (MultiLayerNetwork index) or vertex (ComputationGraph name)
 * @param paramName the parameter name inside the layer, e.g. {@code W}, {@code b}
 * @param offset index of the first element in the flattened parameter vector
 * @param length number of elements
 * @param updater the updater configuration of this block
 * @param updaterStateOffset index of this block's first element of the step-normalising state (RmsProp's {@code v},
 *     VarianceNormalizedSgd's {@code s}) in the updater state view, or {@code -1} when there is none (Sgd, Nesterovs)
 * @param updaterStateLength number of those elements ({@code length}, or 0 when there is none)
 */
public record ParameterBlock(String key, String layerName, String paramName, long offset, long length,
                             UpdaterSpec updater, long updaterStateOffset, long updaterStateLength) {

    /** Validates the ranges. */
    public ParameterBlock {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layerName, "layerName");
        Objects.requireNonNull(paramName, "paramName");
        Objects.requireNonNull(updater, "updater");
        if (!(offset >= 0 && length > 0)) {
            throw new IllegalArgumentException("block " + key + ": offset must be >= 0 and length > 0, were "
                    + offset + ", " + length);
        }
    }

    /** The parameter kind used for grouping: {@code W}, {@code b}, ... (DL4J's parameter name). */
    public String kind() {
        return paramName;
    }
}
