package org.sgdobservatory.listener.stats;

/**
 * Per-parameter streaming moments of a parameter trace {@code theta_t} and the applied update {@code u_t} for
 * {@code P} tracked parameters at once, in heap arrays updated by one fused Java loop per sample.
 *
 * <p>Held per parameter, about the parameter's first observed value {@code s} ({@code y = theta - s}, so the
 * sums stay small and the differences in {@link #varianceTheta()} do not cancel): the power sums
 * {@code sum y}, {@code sum y^2}, {@code sum u}, {@code sum u^2}, {@code sum y u} (DOUBLE), which give the mean,
 * the variance and the fluctuation-dissipation ratio, and {@code sum y^3}, {@code sum y^4} for the fourth central
 * moment; and block sums of {@code y} and of {@code y^2} of length {@code blockLength}, FLOAT, in
 * {@code BlockSums}: batch means of {@code y} give the autocorrelation time and the split-window drift test, batch
 * means of the squared deviations {@code (y - ybar)^2} the standard error of the variance. When {@code maxBlocks}
 * blocks are closed, neighbours are summed and the block length doubles.
 *
 * <p>Why a Java loop and not whole-array ND4J operations
 * (BENCHMARKS.md#why-the-hot-loops-are-java-loops): an update is about ten arithmetic
 * operations per parameter; as ND4J ops it was about 25 calls of 5 to 10 us fixed cost each plus a memory pass
 * per call, and it needed 32 lag products and a 64-row ring per parameter (2444 bytes; BENCHMARKS.md#memory).
 * The fused loop makes one pass and holds {@link #bytesPerParameter(int)} bytes (about 320 at the listener's
 * 66 blocks). Autocovariances at short lags, which only the close-ups plot, live in {@link LagAutocovariances}.
 *
 * <p>Mergeable (Chan, Golub and LeVeque 1983): {@link #merge}, in {@code TraceMomentsMerge}.
 *
 * <p>Not thread-safe: one instance per training thread.
 */
public final class TraceMoments {

    // package-private for TraceMomentsMerge, which builds a merged instance field by field
    final int size;
    final int maxBlocks;
    long count;

    final double[] shift;
    final double[] sumY;
    final double[] sumY2;
    final double[] sumU;
    final double[] sumU2;
    final double[] sumYU;
    final double[] sumY3;
    final double[] sumY4;
    /** {@code sum y} when the open block started: the open block's sum is {@code sumY - blockStart}. */
    final double[] blockStart;
    /** {@code sum y^2} when the open block started. */
    final double[] blockStart2;
    long partialCount;
    final BlockSums blocks;

    /**
     * Creates empty moments.
     *
     * @param size number of tracked parameters {@code P >= 1}
     * @param blockLength samples per block, {@code >= 1}; blocks double in length when {@code maxBlocks} are full
     * @param maxBlocks maximum number of closed blocks kept, even and {@code >= 4}
     */
    public TraceMoments(int size, int blockLength, int maxBlocks) {
        if (!(size >= 1)) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        if (!(blockLength >= 1)) {
            throw new IllegalArgumentException("blockLength must be >= 1, was " + blockLength);
        }
        if (!(maxBlocks >= 4 && maxBlocks % 2 == 0)) {
            throw new IllegalArgumentException("maxBlocks must be even and >= 4, was " + maxBlocks);
        }
        this.size = size;
        this.maxBlocks = maxBlocks;
        shift = new double[size];
        sumY = new double[size];
        sumY2 = new double[size];
        sumU = new double[size];
        sumU2 = new double[size];
        sumYU = new double[size];
        sumY3 = new double[size];
        sumY4 = new double[size];
        blockStart = new double[size];
        blockStart2 = new double[size];
        blocks = new BlockSums(size, blockLength, maxBlocks);
    }

    /**
     * Adds one sample; the arrays are read, not kept.
     *
     * @param theta parameters before the step, length {@link #size()}
     * @param update applied update {@code theta_before - theta_after}, length {@link #size()}
     */
    public void add(double[] theta, double[] update) {
        if (theta.length != size || update.length != size) {
            throw new IllegalArgumentException("expected " + size + " values, got theta " + theta.length
                    + " and update " + update.length);
        }
        if (count == 0) {
            System.arraycopy(theta, 0, shift, 0, size);
        }
        for (int p = 0; p < size; p++) {
            double y = theta[p] - shift[p];
            double u = update[p];
            double y2 = y * y;
            sumY[p] += y;
            sumY2[p] += y2;
            sumY3[p] += y2 * y;
            sumY4[p] += y2 * y2;
            sumU[p] += u;
            sumU2[p] += u * u;
            sumYU[p] += y * u;
        }
        count++;
        partialCount++;
        if (partialCount == blocks.blockLength()) {
            closeBlock();
        }
    }

    /**
     * Stores the open block's sums, {@code sumY - blockStart}, in the next block row (no temporary array: with an
     * open window the first blocks close every few samples) and starts a new block. The block's sum is a
     * difference of running sums, so the hot loop keeps no partial sum; in double it loses about
     * {@code 1e-16 * count / blockLength} relative, nothing next to the FLOAT row it is stored in.
     */
    private void closeBlock() {
        float[] row = blocks.nextRow();
        float[] row2 = blocks.nextRow2();
        for (int p = 0; p < size; p++) {
            row[p] = (float) (sumY[p] - blockStart[p]);
            row2[p] = (float) (sumY2[p] - blockStart2[p]);
        }
        System.arraycopy(sumY, 0, blockStart, 0, size);
        System.arraycopy(sumY2, 0, blockStart2, 0, size);
        blocks.store(row, row2, partialCount);
        partialCount = 0;
    }

    /**
     * Merges {@code later}, the statistics of the samples that directly follow this segment in time, into a new
     * instance; neither input is modified.
     *
     * @throws IllegalArgumentException when sizes or block capacities differ
     */
    public TraceMoments merge(TraceMoments later) {
        return TraceMomentsMerge.merge(this, later);
    }

    /** Number of samples added. */
    public long count() {
        return count;
    }

    /** Number of tracked parameters. */
    public int size() {
        return size;
    }

    /** Current block length (samples per closed block). */
    public int blockLength() {
        return blocks.blockLength();
    }

    /** Mean of theta per parameter. */
    public double[] meanTheta() {
        double[] out = new double[size];
        for (int p = 0; p < size; p++) {
            out[p] = shift[p] + sumY[p] / count;
        }
        return out;
    }

    /** Population variance ({@code M2 / n}) of theta per parameter. */
    public double[] varianceTheta() {
        double[] out = new double[size];
        for (int p = 0; p < size; p++) {
            double m = sumY[p] / count;
            out[p] = Math.max(0, sumY2[p] / count - m * m);
        }
        return out;
    }

    /**
     * Fourth central moment {@code E[(theta - mean)^4]} per parameter (population), from the power sums about the
     * first value.
     */
    public double[] fourthCentralMoment() {
        double[] out = new double[size];
        for (int p = 0; p < size; p++) {
            double m1 = sumY[p] / count;
            double m2 = sumY2[p] / count;
            double m3 = sumY3[p] / count;
            double m4 = sumY4[p] / count;
            out[p] = Math.max(0, m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1);
        }
        return out;
    }

    /**
     * Fluctuation-dissipation ratio {@code 2 E[(theta - mean) u] / E[u^2]} per parameter
     * (docs/theory.md#fluctuation-dissipation-relation, Yaida 2019): 1 when the second moment is stationary. Observed
     * at every step it telescopes and is nearly exact ({@code (x_0^2 - x_n^2)/sum u^2}); observed every k-th step it is
     * an unbiased but noisy estimate, standard error about {@code sqrt(2/(eta h n))} for SGD on a quadratic.
     */
    public double[] fluctuationDissipationRatio() {
        double[] out = covarianceWithUpdate();
        for (int p = 0; p < size; p++) {
            out[p] = 2 * out[p] / (sumU2[p] / count);
        }
        return out;
    }

    /**
     * {@code cov(theta, u)} per parameter (population): each sample against the update of the step that follows it.
     */
    public double[] covarianceWithUpdate() {
        double[] out = new double[size];
        for (int p = 0; p < size; p++) {
            out[p] = (sumYU[p] - sumY[p] * sumU[p] / count) / count;
        }
        return out;
    }

    /** The closed blocks (the partial block is excluded), as a view valid until the next {@link #add}. */
    public BlockMeans blockMeans() {
        return blocks.means(shift);
    }

    /**
     * The closed blocks of the squared deviations {@code (theta - mean)^2} about the window mean: their batch means
     * give the long-run variance of the squared deviations and so the standard error of the variance. A view valid
     * until the next {@link #add}.
     */
    public BlockMeans squaredDeviationBlockMeans() {
        return blocks.squaredDeviationMeans(sumY, count);
    }

    /** Bytes held per tracked parameter. */
    public long bytesPerParameter() {
        return bytesPerParameter(maxBlocks);
    }

    /** Bytes per tracked parameter of an instance with this block capacity, for budgeting before creating one. */
    public static long bytesPerParameter(int maxBlocks) {
        // shift, seven power sums and the running sums of y and y^2 at the open block's start (DOUBLE), the block
        // sums of y and y^2 (FLOAT)
        return 8L * 10 + 8L * maxBlocks;
    }

    @Override
    public String toString() {
        return "TraceMoments[" + size + " params, n=" + count + ", blockLength=" + blocks.blockLength() + ", blocks="
                + blocks.closed() + "]";
    }
}
