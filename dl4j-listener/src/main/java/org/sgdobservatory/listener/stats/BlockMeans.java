package org.sgdobservatory.listener.stats;

/**
 * Closed block means of the tracked parameters over the observation window, in time order, with their sample
 * counts: the raw material of batch means ({@link MultiLevelBatchMeans}) and the drift test
 * ({@link TraceDiagnostics#gewekeZ}). A view over the accumulator's block sums, read lazily: block {@code i} of
 * parameter {@code p} has mean {@code shift[p] + sum[i][p] / count[i]} (no {@code blocks x P} copy is made
 * at report time). Holds arrays, hence not a record.
 */
public final class BlockMeans {

    private final float[][] sums;
    private final long[] counts;
    private final double[] shift;

    /**
     * @param sums block sums of the shifted values, one row per closed block (rows are not copied: the caller hands
     *     over arrays it no longer writes)
     * @param counts samples per block, one per row
     * @param shift the per-parameter value subtracted before summing
     */
    BlockMeans(float[][] sums, long[] counts, double[] shift) {
        if (sums.length != counts.length) {
            throw new IllegalArgumentException(sums.length + " block rows but " + counts.length + " counts");
        }
        this.sums = sums;
        this.counts = counts;
        this.shift = shift;
    }

    /** Number of closed blocks. */
    public int blocks() {
        return counts.length;
    }

    /** Mean of block {@code i} for parameter {@code p}. */
    public double mean(int i, int p) {
        return shift[p] + sums[i][p] / (double) counts[i];
    }

    /** Samples in block {@code i}. */
    public long count(int i) {
        return counts[i];
    }
}
