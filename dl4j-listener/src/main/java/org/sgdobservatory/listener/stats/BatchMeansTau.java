package org.sgdobservatory.listener.stats;

/**
 * A batch-means integrated autocorrelation time (ESS convention, {@code ESS = n / tau}) chosen from several
 * block lengths by {@link MultiLevelBatchMeans}.
 *
 * @param tau the estimate; when {@code resolved} is false a lower bound ({@code tau} is at least about this);
 *     NaN when fewer than {@link MultiLevelBatchMeans#MIN_BLOCKS} blocks were available
 * @param standardError batch-means standard error of {@code tau}, {@code tau sqrt(2/(a-1))} with {@code a}
 *     blocks, times the sensitivity of the AR(1) bias correction; NaN when not estimated
 * @param blockLength samples per block of the level used
 * @param blocks number of blocks at that level
 * @param resolved whether the block length is at least {@link MultiLevelBatchMeans#BLOCKS_PER_TAU} times tau,
 *     so the estimate has stopped growing with the block length; false means the window is too short to
 *     judge the parameter
 */
public record BatchMeansTau(double tau, double standardError, long blockLength, int blocks, boolean resolved) {

    /** No estimate: too few blocks. */
    public static BatchMeansTau unavailable() {
        return new BatchMeansTau(Double.NaN, Double.NaN, 0, 0, false);
    }

    /** Whether an estimate (possibly a lower bound) exists. */
    public boolean available() {
        return tau > 0;
    }
}
