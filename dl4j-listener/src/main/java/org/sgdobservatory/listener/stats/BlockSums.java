package org.sgdobservatory.listener.stats;

import java.util.Arrays;

/**
 * The closed blocks of a {@link TraceMoments}: per block and tracked parameter the sum of {@code y} and of
 * {@code y^2} (FLOAT rows: a block mean's rounding, about {@code 6e-8 |mean y|}, is far below its sampling error)
 * and the block's sample count. When {@code maxBlocks} blocks are closed, neighbours are summed and the block length
 * doubles, so a window of any length keeps between {@code maxBlocks / 2} and {@code maxBlocks} blocks. Every row is
 * allocated once and reused after coarsening.
 *
 * <p>Batch means of the blocks of {@code y} give the autocorrelation time and the split-window drift test
 * ({@link #means}), batch means of the squared deviations {@code (y - ybar)^2} the standard error of the variance
 * without assuming the shape of the autocorrelation ({@link #squaredDeviationMeans};
 * {@code docs/estimators.md#standard-error-of-a-variance}).
 *
 * <p>Not thread-safe: owned by one {@link TraceMoments}.
 */
final class BlockSums {

    private final int size;
    private final int maxBlocks;
    private int blockLength;
    private final float[][] sums;
    private final float[][] sums2;
    private final long[] counts;
    private int closed;

    /**
     * Creates an empty store; the arguments are checked by {@link TraceMoments}.
     *
     * @param size number of tracked parameters
     * @param blockLength samples per block until the first coarsening
     * @param maxBlocks maximum number of closed blocks kept, even
     */
    BlockSums(int size, int blockLength, int maxBlocks) {
        this.size = size;
        this.blockLength = blockLength;
        this.maxBlocks = maxBlocks;
        sums = new float[maxBlocks][];
        sums2 = new float[maxBlocks][];
        counts = new long[maxBlocks];
    }

    /** Current block length (samples per closed block). */
    int blockLength() {
        return blockLength;
    }

    /** Number of closed blocks. */
    int closed() {
        return closed;
    }

    /** The sums of {@code y} of closed block {@code i} (the stored row, not a copy). */
    float[] sums(int i) {
        return sums[i];
    }

    /** The sums of {@code y^2} of closed block {@code i} (the stored row, not a copy). */
    float[] sums2(int i) {
        return sums2[i];
    }

    /** Samples in closed block {@code i}. */
    long count(int i) {
        return counts[i];
    }

    /** The row the next block's sums of {@code y} go to: the one allocated for its slot before, if any. */
    float[] nextRow() {
        return sums[closed] != null ? sums[closed] : new float[size];
    }

    /** The row the next block's sums of {@code y^2} go to: the one allocated for its slot before, if any. */
    float[] nextRow2() {
        return sums2[closed] != null ? sums2[closed] : new float[size];
    }

    /** Closes a block of {@code samples} samples whose sums the caller wrote into the rows {@link #nextRow} gave. */
    void store(float[] row, float[] row2, long samples) {
        sums[closed] = row;
        sums2[closed] = row2;
        counts[closed] = samples;
        closed++;
        if (closed == maxBlocks) {
            coarsen();
        }
    }

    /** Closes a block of {@code samples} samples with these sums of {@code y} and {@code y^2}, rounded to FLOAT. */
    void append(double[] sum, double[] sum2, long samples) {
        float[] row = nextRow();
        float[] row2 = nextRow2();
        for (int p = 0; p < size; p++) {
            row[p] = (float) sum[p];
            row2[p] = (float) sum2[p];
        }
        store(row, row2, samples);
    }

    /** Halves the number of closed blocks by summing neighbours; doubles the block length. */
    private void coarsen() {
        int half = closed / 2;
        for (int i = 0; i < half; i++) {
            float[] a = sums[2 * i];
            float[] b = sums[2 * i + 1];
            float[] a2 = sums2[2 * i];
            float[] b2 = sums2[2 * i + 1];
            // rows 2i and 2i+1 merge into row 2i, which then moves to slot i (a swap keeps every row allocated once)
            for (int p = 0; p < size; p++) {
                a[p] = (float) ((double) a[p] + b[p]);
                a2[p] = (float) ((double) a2[p] + b2[p]);
            }
            counts[i] = counts[2 * i] + counts[2 * i + 1];
            sums[2 * i] = sums[i];
            sums[i] = a;
            sums2[2 * i] = sums2[i];
            sums2[i] = a2;
        }
        for (int i = half; i < closed; i++) {
            counts[i] = 0;
        }
        closed = half;
        blockLength *= 2;
    }

    /** The closed blocks of {@code y = theta - shift}, as a view valid until the next block closes. */
    BlockMeans means(double[] shift) {
        return new BlockMeans(Arrays.copyOf(sums, closed), Arrays.copyOf(counts, closed), shift);
    }

    /**
     * The closed blocks of the squared deviations {@code (y - ybar)^2} about the window mean
     * {@code ybar = sumY / count}, from the block sums of {@code y} and {@code y^2}.
     *
     * @param sumY the window's sum of {@code y} per parameter
     * @param count the window's number of samples
     */
    BlockMeans squaredDeviationMeans(double[] sumY, long count) {
        float[][] out = new float[closed][size];
        double[] zero = new double[size];
        for (int p = 0; p < size; p++) {
            double ybar = sumY[p] / count;
            for (int i = 0; i < closed; i++) {
                long c = counts[i];
                out[i][p] = (float) (sums2[i][p] - 2 * ybar * sums[i][p] + c * ybar * ybar);
            }
        }
        return new BlockMeans(out, Arrays.copyOf(counts, closed), zero);
    }
}
