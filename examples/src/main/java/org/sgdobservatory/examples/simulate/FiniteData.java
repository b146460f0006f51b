package org.sgdobservatory.examples.simulate;

import java.util.Objects;

/**
 * A finite data set of {@code examples} Gaussian per-example noises (centred, scaled so a batch of
 * {@code batchSize} drawn with replacement has the requested noise variance), walked in {@code sampling}
 * order.
 *
 * @param examples {@code n >= 2}
 * @param batchSize {@code B} in {@code [1, n]}; {@code n} a multiple of {@code B} for reshuffle and cyclic
 * @param sampling the data order
 */
public record FiniteData(int examples, int batchSize, Sampling sampling) {

    /** Validates sizes; messages name the command-line flag. */
    public FiniteData {
        Objects.requireNonNull(sampling, "sampling");
        if (!(examples >= 2)) {
            throw new IllegalArgumentException("--examples must be >= 2, was " + examples);
        }
        if (!(batchSize >= 1 && batchSize <= examples)) {
            throw new IllegalArgumentException("--batch must be in [1, " + examples + "] (the --examples count), was "
                    + batchSize);
        }
        if (sampling != Sampling.IID && examples % batchSize != 0) {
            throw new IllegalArgumentException("--examples " + examples + " must be a multiple of --batch "
                    + batchSize + " with --sampling " + sampling.cliName() + " (equal batches every epoch)");
        }
    }

    /** Steps per epoch {@code K = n / B}. */
    public int batchesPerEpoch() {
        return examples / batchSize;
    }
}
