package org.sgdobservatory.sim.stats;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mergeable streaming mean and variance of {@code dims} variables, kept separately for
 * {@code groups} independent groups of chains.
 *
 * <p>Each observation is a {@code chains x dims} matrix whose rows are split into {@code groups}
 * consecutive blocks; within a block the rows are folded in with Chan, Golub and LeVeque's parallel
 * update ("Updating formulae and a pairwise algorithm for computing sample variances", 1979):
 * {@code n = na + nb}, {@code delta = mean_b - mean_a}, {@code mean = mean_a + delta nb/n},
 * {@code M2 = M2_a + M2_b + delta^2 na nb / n}. The same formula merges two accumulators exactly
 * ({@link #merge}), so accumulators from threads, workers or windows combine without loss. The
 * spread of the group estimates gives a standard error that needs no autocorrelation model, because
 * groups hold different (independent) chains.
 *
 * <p>Per observation only shifted power sums are added ({@code sum (x - c)} and
 * {@code sum (x - c)^2} per group, {@code c} the running mean when the block started, into reused
 * buffers); every {@value #BLOCK} observations the block is turned into a mean and {@code M2} and
 * merged with the formula above. So the per-step cost is two reductions and no allocation of
 * chain-sized arrays, and the precision is that of Chan's merge (the sums stay small because
 * {@code c} is close to the mean). Not thread-safe.
 */
public final class StreamingMoments {
    private static final int BLOCK = 64;

    private final int groups;
    private final int dims;
    private double count;              // observations per group (merged)
    private final INDArray mean;       // groups x dims
    private final INDArray m2;         // groups x dims
    private final INDArray blockSum;   // groups x dims, sum (x - shift)
    private final INDArray blockSquares; // groups x dims, sum (x - shift)^2
    private INDArray shift;            // 1 x dims
    private INDArray buffer;           // chains x dims
    private double blockCount;         // observations per group in the block
    private int blockObservations;

    /** An empty accumulator for {@code groups x dims} moments. */
    public StreamingMoments(int groups, int dims) {
        if (!(groups >= 1 && dims >= 1)) {
            throw new IllegalArgumentException("groups and dims must be >= 1, were " + groups + ", " + dims);
        }
        this.groups = groups;
        this.dims = dims;
        this.mean = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.m2 = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.blockSum = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.blockSquares = Nd4j.zeros(DataType.DOUBLE, groups, dims);
    }

    /**
     * Folds in one observation of every chain.
     *
     * @param batch {@code chains x dims}, {@code chains} a multiple of {@code groups}; not modified
     */
    public void add(INDArray batch) {
        long rows = batch.rows();
        if (rows % groups != 0 || batch.columns() != dims) {
            throw new IllegalArgumentException("batch must be (k*" + groups + ") x " + dims + ", was "
                    + rows + " x " + batch.columns());
        }
        long perGroup = rows / groups;
        if (buffer == null || buffer.rows() != rows) {
            buffer = Nd4j.create(DataType.DOUBLE, rows, dims);
        }
        if (blockObservations == 0) {
            shift = count > 0 ? mean.mean(true, 0) : batch.mean(true, 0);
        }
        buffer.assign(batch).subiRowVector(shift);
        blockSum.addi(groupSums(buffer, perGroup));
        buffer.muli(buffer);
        blockSquares.addi(groupSums(buffer, perGroup));
        blockCount += perGroup;
        if (++blockObservations == BLOCK) {
            flush();
        }
    }

    private INDArray groupSums(INDArray values, long perGroup) {
        // A 2-D view reduces about twice as fast as the 3-D one when there is one dimension.
        return dims == 1
                ? values.reshape(groups, perGroup).sum(true, 1)
                : values.reshape(groups, perGroup, dims).sum(1);
    }

    /** Folds the open block into the merged moments. */
    private void flush() {
        if (blockObservations == 0) {
            return;
        }
        INDArray blockMean = blockSum.div(blockCount);
        INDArray blockM2 = blockSquares.sub(blockSum.mul(blockMean));
        merge(blockCount, blockMean.addiRowVector(shift), blockM2);
        blockSum.assign(0);
        blockSquares.assign(0);
        blockCount = 0;
        blockObservations = 0;
    }

    /** Merges another accumulator of the same shape into this one (exact, Chan et al.). */
    public void merge(StreamingMoments other) {
        if (other.groups != groups || other.dims != dims) {
            throw new IllegalArgumentException("cannot merge " + other.groups + "x" + other.dims
                    + " moments into " + groups + "x" + dims);
        }
        flush();
        other.flush();
        merge(other.count, other.mean, other.m2);
    }

    /**
     * Merges a summary of observations made elsewhere (e.g. by a fused simulation kernel that takes
     * the moments in the same pass as the step): per group, {@code countPerGroup} observations with
     * means {@code groupMeans} and sums of squared deviations from them {@code groupM2}. Exact, by the
     * same formula as {@link #merge(StreamingMoments)}.
     *
     * @param countPerGroup observations per group, {@code >= 0}
     * @param groupMeans {@code groups x dims}
     * @param groupM2 {@code groups x dims}, {@code M2 = sum (x - mean)^2}
     * @throws IllegalArgumentException if the count is negative or NaN, or a shape differs
     */
    public void merge(double countPerGroup, double[][] groupMeans, double[][] groupM2) {
        if (!(countPerGroup >= 0)) {
            throw new IllegalArgumentException("countPerGroup must be >= 0, was " + countPerGroup);
        }
        if (groupMeans.length != groups || groupM2.length != groups || groupMeans[0].length != dims
                || groupM2[0].length != dims) {
            throw new IllegalArgumentException("groupMeans and groupM2 must be " + groups + " x " + dims
                    + ", were " + groupMeans.length + " x " + groupMeans[0].length + " and " + groupM2.length
                    + " x " + groupM2[0].length);
        }
        merge(countPerGroup, Nd4j.createFromArray(groupMeans), Nd4j.createFromArray(groupM2));
    }

    private void merge(double nb, INDArray meanB, INDArray m2B) {
        if (nb == 0) {
            return;
        }
        double na = count;
        double n = na + nb;
        INDArray delta = meanB.sub(mean);
        m2.addi(m2B).addi(delta.mul(delta).muli(na * nb / n));
        mean.addi(delta.muli(nb / n));
        count = n;
    }

    /**
     * Stacks accumulators with equal counts per group (e.g. consecutive time blocks of the same
     * chains) into one whose groups are all their groups: the pooled moments are those of all the
     * data, and the standard error comes from the spread over every (group, block) cell.
     */
    public static StreamingMoments stack(java.util.List<StreamingMoments> parts) {
        parts.forEach(StreamingMoments::flush);
        StreamingMoments first = parts.get(0);
        int total = 0;
        for (StreamingMoments p : parts) {
            if (p.count != first.count || p.dims != first.dims) {
                throw new IllegalArgumentException("stacked accumulators need equal counts and dims");
            }
            total += p.groups;
        }
        StreamingMoments stacked = new StreamingMoments(total, first.dims);
        int row = 0;
        for (StreamingMoments p : parts) {
            for (int g = 0; g < p.groups; g++, row++) {
                stacked.mean.getRow(row).assign(p.mean.getRow(g));
                stacked.m2.getRow(row).assign(p.m2.getRow(g));
            }
        }
        stacked.count = first.count;
        return stacked;
    }

    /** Observations per group so far. */
    public double countPerGroup() {
        flush();
        return count;
    }

    /** Number of groups. */
    public int groups() {
        return groups;
    }

    /** Per-group means, {@code groups x dims} (a copy). */
    public double[][] groupMeans() {
        flush();
        return mean.toDoubleMatrix();
    }

    /** Per-group population variances {@code M2/n}, {@code groups x dims}. */
    public double[][] groupVariances() {
        flush();
        return m2.div(count).toDoubleMatrix();
    }

    /** The pooled mean of dimension {@code d}, with the standard error from the group spread. */
    public Estimate mean(int d) {
        return pooled(groupMeans(), d, columnMean(groupMeans(), d));
    }

    /**
     * The pooled variance of dimension {@code d} about the pooled mean (population form), with a
     * standard error from the spread of the group variances ({@code NaN} with fewer than 2 groups).
     */
    public Estimate variance(int d) {
        return variance(groupMeans(), groupVariances(), d);
    }

    /**
     * {@link #variance(int)} of every dimension, from one host copy of the group arrays: {@code O(groups x dims)}
     * in total, where calling {@code variance(d)} for every d copies them D times ({@code O(groups x dims^2)}: 37 s
     * at 10^4 dimensions, hours at 10^5; BENCHMARKS.md#what-predictions-cost).
     */
    public Estimate[] variances() {
        double[][] means = groupMeans();
        double[][] vars = groupVariances();
        Estimate[] out = new Estimate[dims];
        for (int d = 0; d < dims; d++) {
            out[d] = variance(means, vars, d);
        }
        return out;
    }

    private Estimate variance(double[][] means, double[][] vars, int d) {
        double grand = columnMean(means, d);
        double total = 0;
        for (int g = 0; g < groups; g++) {
            double dm = means[g][d] - grand;
            total += vars[g][d] + dm * dm;
        }
        return pooled(vars, d, total / groups);
    }

    private Estimate pooled(double[][] perGroup, int d, double value) {
        double n = count * groups;
        if (groups < 2) {
            return new Estimate(value, Double.NaN, n);
        }
        double m = columnMean(perGroup, d);
        double ss = 0;
        for (int g = 0; g < groups; g++) {
            ss += (perGroup[g][d] - m) * (perGroup[g][d] - m);
        }
        double se = Math.sqrt(ss / (groups - 1) / groups);
        return new Estimate(value, se, n);
    }

    private double columnMean(double[][] m, int d) {
        double s = 0;
        for (double[] row : m) {
            s += row[d];
        }
        return s / m.length;
    }
}
