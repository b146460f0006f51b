package org.sgdobservatory.sim.stats;

import java.util.Arrays;

/**
 * Counts of samples on a fixed uniform grid {@code [lower, upper)} with {@code bins} bins plus an
 * underflow and an overflow count, so probabilities always sum to one. Mergeable by adding counts.
 * Not thread-safe.
 */
public final class Histogram {
    private final double lower;
    private final double upper;
    private final long[] counts;
    private long underflow;
    private long overflow;

    /** An empty histogram on {@code bins} equal bins spanning {@code [lower, upper)}. */
    public Histogram(double lower, double upper, int bins) {
        if (!(upper > lower && Double.isFinite(lower) && Double.isFinite(upper))) {
            throw new IllegalArgumentException("need finite lower < upper, got [" + lower + ", " + upper + ")");
        }
        if (!(bins >= 1)) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        this.lower = lower;
        this.upper = upper;
        this.counts = new long[bins];
    }

    /** Adds every sample in {@code values}. */
    public void addAll(double[] values) {
        double scale = counts.length / (upper - lower);
        for (double v : values) {
            if (v < lower) {
                underflow++;
            } else if (v >= upper) {
                overflow++;
            } else {
                int b = (int) ((v - lower) * scale);
                counts[Math.min(b, counts.length - 1)]++;
            }
        }
    }

    /** Adds the counts of another histogram on the same grid. */
    public void merge(Histogram other) {
        if (other.lower != lower || other.upper != upper || other.counts.length != counts.length) {
            throw new IllegalArgumentException("histograms must share a grid to merge");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        underflow += other.underflow;
        overflow += other.overflow;
    }

    /** Bin edges, {@code bins + 1} values. */
    public double[] edges() {
        double[] e = new double[counts.length + 1];
        for (int i = 0; i <= counts.length; i++) {
            e[i] = lower + (upper - lower) * i / counts.length;
        }
        return e;
    }

    /** Counts per bin (a copy), without the tails. */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Counts with the two open tail bins, {@code bins + 2} values:
     * {@code [underflow, counts..., overflow]}, the layout the distance package's total variation
     * expects for the edges {@link #edges()}.
     */
    public long[] countsWithTails() {
        long[] all = new long[counts.length + 2];
        all[0] = underflow;
        System.arraycopy(counts, 0, all, 1, counts.length);
        all[all.length - 1] = overflow;
        return all;
    }

    /** Samples below {@code lower}. */
    public long underflow() {
        return underflow;
    }

    /** Samples at or above {@code upper}. */
    public long overflow() {
        return overflow;
    }

    /** All samples, tails included. */
    public long total() {
        return Arrays.stream(counts).sum() + underflow + overflow;
    }

    /** Fraction of samples in each bin, tails excluded (so the sum is at most 1). */
    public double[] probabilities() {
        double n = total();
        return Arrays.stream(counts).mapToDouble(c -> c / n).toArray();
    }
}
