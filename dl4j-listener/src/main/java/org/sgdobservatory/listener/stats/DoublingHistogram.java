package org.sgdobservatory.listener.stats;

import java.util.Arrays;

/**
 * An equal-width histogram of a stream whose range is not known in advance, counting every value exactly
 * in bounded memory. The first {@code bins} values are buffered; their range, widened by half on each
 * side, fixes the first bin edges. A later value outside the range doubles the bin width, merging
 * neighbouring bins pairwise and extending the range towards the value (repeated until it fits), so the
 * bins stay equal-width and no count is ever estimated. The final range is at most about twice the data's
 * range plus one bin; {@link #counts()} trims empty bins at both ends.
 *
 * <p>NaN values are ignored. Not thread-safe.
 */
public final class DoublingHistogram {

    private final int bins;
    private final long[] counts;
    private final double[] pending;
    private int pendingSize;
    private double low;
    private double width;
    private long total;

    /**
     * @param bins number of bins, even and {@code >= 4}
     */
    public DoublingHistogram(int bins) {
        if (!(bins >= 4 && bins % 2 == 0)) {
            throw new IllegalArgumentException("bins must be even and >= 4, was " + bins);
        }
        this.bins = bins;
        this.counts = new long[bins];
        this.pending = new double[bins];
    }

    /** Counts one value. */
    public void add(double x) {
        if (Double.isNaN(x)) {
            return;
        }
        total++;
        if (width == 0) {
            pending[pendingSize++] = x;
            if (pendingSize == bins) {
                initialise();
            }
            return;
        }
        count(x);
    }

    private void initialise() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < pendingSize; i++) {
            min = Math.min(min, pending[i]);
            max = Math.max(max, pending[i]);
        }
        double span = max - min;
        if (!(span > 0)) {
            span = Math.max(Math.abs(min) * 1e-9, Double.MIN_NORMAL);
        }
        low = min - 0.5 * span;
        width = 2 * span / bins;
        for (int i = 0; i < pendingSize; i++) {
            count(pending[i]);
        }
        pendingSize = 0;
    }

    private void count(double x) {
        while (true) {
            double j = Math.floor((x - low) / width);
            if (j < 0) {
                doubleTowardsLow();
            } else if (j >= bins) {
                doubleTowardsHigh();
            } else {
                counts[(int) j]++;
                return;
            }
        }
    }

    /** Keeps the upper edge: new bin {@code bins/2 + j} = old bins {@code 2j, 2j+1}. */
    private void doubleTowardsLow() {
        int half = bins / 2;
        for (int j = half - 1; j >= 0; j--) {
            counts[half + j] = counts[2 * j] + counts[2 * j + 1];
        }
        Arrays.fill(counts, 0, half, 0);
        low -= bins * width;
        width *= 2;
    }

    /** Keeps the lower edge: new bin {@code j} = old bins {@code 2j, 2j+1}. */
    private void doubleTowardsHigh() {
        int half = bins / 2;
        for (int j = 0; j < half; j++) {
            counts[j] = counts[2 * j] + counts[2 * j + 1];
        }
        Arrays.fill(counts, half, bins, 0);
        width *= 2;
    }

    /** Number of values counted. */
    public long total() {
        return total;
    }

    /** The snapshot of the counts, trimmed of empty bins at both ends (empty when nothing was counted). */
    public Bins counts() {
        if (width == 0) {
            if (pendingSize == 0) {
                return new Bins(Double.NaN, Double.NaN, new long[0]);
            }
            DoublingHistogram copy = new DoublingHistogram(bins);
            for (int i = 0; i < pendingSize; i++) {
                copy.pending[copy.pendingSize++] = pending[i];
            }
            copy.total = total;
            copy.initialise();
            return copy.counts();
        }
        int first = 0;
        while (first < bins && counts[first] == 0) {
            first++;
        }
        int last = bins - 1;
        while (last > first && counts[last] == 0) {
            last--;
        }
        return new Bins(low + first * width, low + (last + 1) * width, Arrays.copyOfRange(counts, first, last + 1));
    }

    /**
     * Equal-width bins over {@code [low, high]}; a holder of an array, hence not a record.
     */
    public static final class Bins {
        private final double low;
        private final double high;
        private final long[] counts;

        Bins(double low, double high, long[] counts) {
            this.low = low;
            this.high = high;
            this.counts = counts;
        }

        /** Lower edge of the first bin. */
        public double low() {
            return low;
        }

        /** Upper edge of the last bin. */
        public double high() {
            return high;
        }

        /** A copy of the counts. */
        public long[] counts() {
            return counts.clone();
        }

        /** Bin width ({@code NaN} when empty). */
        public double width() {
            return counts.length == 0 ? Double.NaN : (high - low) / counts.length;
        }
    }
}
