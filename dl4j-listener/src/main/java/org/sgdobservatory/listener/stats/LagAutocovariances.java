package org.sgdobservatory.listener.stats;

/**
 * Exact streaming autocovariances at lags {@code 1..L} of a few traces (the listener's close-ups): per trace the
 * lag products {@code sum_t y_t y_{t+k}} of the shifted trace {@code y = x - x_first}, its sum, and its first and
 * last {@code L} samples, from which {@link #autocovariances()} removes the mean exactly (no truncation, no
 * thinning: every observed sample enters). Cost per sample: {@code L} multiply-adds per trace.
 *
 * <p>Not thread-safe.
 */
public final class LagAutocovariances {

    private final int size;
    private final int maxLag;
    private long count;
    private final double[] shift;
    private final double[] sum;
    /** Row k-1: sum of y_t y_{t-k}. */
    private final double[][] lagProducts;
    private final double[][] head;
    /** Ring of the last maxLag samples; row (t mod L) holds sample t. */
    private final double[][] ring;

    /**
     * @param size number of traces, {@code >= 0}
     * @param maxLag largest lag, {@code >= 1}
     */
    public LagAutocovariances(int size, int maxLag) {
        if (!(size >= 0)) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (!(maxLag >= 1)) {
            throw new IllegalArgumentException("maxLag must be >= 1, was " + maxLag);
        }
        this.size = size;
        this.maxLag = maxLag;
        shift = new double[size];
        sum = new double[size];
        lagProducts = new double[maxLag][size];
        head = new double[maxLag][size];
        ring = new double[maxLag][size];
    }

    /** Adds one sample of every trace ({@code values[c]} for trace {@code c}); the array is not kept. */
    public void add(double[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("expected " + size + " values, got " + values.length);
        }
        if (count == 0) {
            System.arraycopy(values, 0, shift, 0, size);
        }
        int slot = (int) (count % maxLag);
        long available = Math.min(count, maxLag);
        for (int k = 1; k <= available; k++) {
            double[] earlier = ring[(int) ((count - k) % maxLag)];
            double[] products = lagProducts[k - 1];
            for (int c = 0; c < size; c++) {
                products[c] += (values[c] - shift[c]) * earlier[c];
            }
        }
        for (int c = 0; c < size; c++) {
            double y = values[c] - shift[c];
            ring[slot][c] = y;
            sum[c] += y;
            if (count < maxLag) {
                head[(int) count][c] = y;
            }
        }
        count++;
    }

    /** Samples added. */
    public long count() {
        return count;
    }

    /** Largest lag. */
    public int maxLag() {
        return maxLag;
    }

    /**
     * Lag-k autocovariances {@code gamma_k = (1/n) sum_{t<n-k} (x_t - m)(x_{t+k} - m)}, k = 1..maxLag (rows),
     * per trace (columns); rows with {@code k >= n} are zero.
     */
    public double[][] autocovariances() {
        double[][] out = new double[maxLag][size];
        for (int c = 0; c < size; c++) {
            double mean = sum[c] / count;
            double firstK = 0;
            double lastK = 0;
            for (int k = 1; k <= maxLag && k < count; k++) {
                firstK += head[k - 1][c];
                lastK += ring[(int) ((count - k) % maxLag)][c];
                double lead = sum[c] - lastK;  // sum_{t < n-k} y_t
                double trail = sum[c] - firstK; // sum_{t >= k} y_t
                out[k - 1][c] = (lagProducts[k - 1][c] - mean * (lead + trail) + (count - k) * mean * mean) / count;
            }
        }
        return out;
    }

    /** Bytes held. */
    public long bytesHeld() {
        return 8L * size * (2 + 3L * maxLag);
    }
}
