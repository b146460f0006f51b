package org.sgdobservatory.listener.sample;

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
    /** The batches this one is the {@link #concat} of, in order; empty for any other batch. */
    private final List<MiniBatch> parts;

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
        this.features = doubleCopy(features);
        this.labels = doubleCopy(labels);
        this.parts = List.of();
    }

    /** One owned DOUBLE copy: {@code castTo} already copies when the type differs. */
    private static INDArray doubleCopy(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? a.dup() : a.castTo(DataType.DOUBLE);
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
    public MiniBatch example(int i) {
        return rows(i, i + 1);
    }

    /** Examples {@code [from, to)} as a minibatch (views; this batch itself when that is all of it). */
    public MiniBatch rows(int from, int to) {
        if (from == 0 && to == size()) {
            return this;
        }
        return new MiniBatch(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)),
                labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)), List.of());
    }

    private MiniBatch(INDArray features, INDArray labels, List<MiniBatch> parts) {
        this.features = features;
        this.labels = labels;
        this.parts = parts;
    }

    /** Concatenates minibatches along the example axis (a new batch that remembers which ones it joined). */
    public static MiniBatch concat(List<MiniBatch> batches) {
        INDArray[] f = batches.stream().map(MiniBatch::features).toArray(INDArray[]::new);
        INDArray[] l = batches.stream().map(MiniBatch::labels).toArray(INDArray[]::new);
        return new MiniBatch(Nd4j.concat(0, f), Nd4j.concat(0, l), List.copyOf(batches));
    }

    /**
     * Whether this batch was made by {@link #concat} of exactly these batch objects, in this order: then its
     * rows are theirs, one after the other, and one pass over it serves probes of both.
     */
    public boolean concatenates(List<MiniBatch> batches) {
        if (parts.isEmpty() || parts.size() != batches.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != batches.get(i)) {
                return false;
            }
        }
        return true;
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
