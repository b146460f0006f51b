package org.sgdobservatory.examples.simulate;

import java.util.Objects;

import org.sgdobservatory.report.model.DataOrder;

/**
 * A finite data set of {@code examples} Gaussian per-example noises (centred, scaled so a batch of
 * {@code batchSize} drawn with replacement has the requested noise variance), walked in {@code order}.
 *
 * @param examples {@code n >= 2}
 * @param batchSize {@code B} in {@code [1, n]}; {@code n} a multiple of {@code B} for reshuffle and cyclic
 * @param order the data order (iid, reshuffled or fixed cyclic)
 */
public record FiniteData(int examples, int batchSize, DataOrder order) {

    /** Validates sizes; messages name the command-line flag. */
    public FiniteData {
        Objects.requireNonNull(order, "order");
        DataOrderNames.simCore(order); // rejects UNKNOWN
        if (!(examples >= 2)) {
            throw new IllegalArgumentException("--examples must be >= 2, was " + examples);
        }
        if (!(batchSize >= 1 && batchSize <= examples)) {
            throw new IllegalArgumentException("--batch must be in [1, " + examples + "] (the --examples count), was "
                    + batchSize);
        }
        if (order != DataOrder.IID && examples % batchSize != 0) {
            throw new IllegalArgumentException("--examples " + examples + " must be a multiple of --batch "
                    + batchSize + " with --sampling " + DataOrderNames.cliName(order) + " (equal batches every epoch)");
        }
    }

    /** Steps per epoch {@code K = n / B}. */
    public int batchesPerEpoch() {
        return examples / batchSize;
    }
}
