package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One minibatch of features and labels (owned copies, DOUBLE). A small final class rather than a record
 * because it holds arrays. Immutable by convention: nobody writes into its arrays.
 */
public final class MiniBatch {

    private final INDArray features;
    private final INDArray labels;

    /**
     * Copies features and labels to DOUBLE.
     *
     * @param features {@code B x ...}
     * @param labels {@code B x nOut}
     */
    public MiniBatch(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features and labels must have the same number of rows, were "
                    + features.size(0) + " and " + labels.size(0));
        }
        this.features = features.castTo(DataType.DOUBLE).dup();
        this.labels = labels.castTo(DataType.DOUBLE).dup();
    }

    /** Features, DOUBLE. */
    public INDArray features() {
        return features;
    }

    /** Labels, DOUBLE. */
    public INDArray labels() {
        return labels;
    }

    /** Number of examples. */
    public int size() {
        return (int) features.size(0);
    }

    /** Example {@code i} as a minibatch of one (views). */
    MiniBatch example(int i) {
        return new MiniBatch(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)),
                labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)), true);
    }

    private MiniBatch(INDArray features, INDArray labels, boolean noCopy) {
        this.features = features;
        this.labels = labels;
    }

    /** Concatenates minibatches along the example axis. */
    public static MiniBatch concat(List<MiniBatch> batches) {
        INDArray[] f = batches.stream().map(MiniBatch::features).toArray(INDArray[]::new);
        INDArray[] l = batches.stream().map(MiniBatch::labels).toArray(INDArray[]::new);
        return new MiniBatch(Nd4j.concat(0, f), Nd4j.concat(0, l), true);
    }

    /** Off-heap bytes held. */
    public long bytes() {
        return 8L * (features.length() + labels.length());
    }

    @Override
    public String toString() {
        return "MiniBatch[" + size() + " examples]";
    }
}
