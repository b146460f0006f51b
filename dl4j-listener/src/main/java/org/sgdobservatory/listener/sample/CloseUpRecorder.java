package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.LagAutocovariances;

/**
 * The traces of a few tracked parameters chosen for a close look (schema v2 {@code closeUps}).
 *
 * <p>Choice: deterministic under the seed, round-robin over the groups (layer x parameter kind, i.e. the
 * tracked slices): the first close-up comes from the first group, the second from the second, and so on,
 * wrapping around; inside a group a seeded uniform pick among its tracked parameters not yet chosen.
 *
 * <p>Per observed sample ({@link #record}, called once per sample from the listener's hot path; a few
 * scalar reads, no allocation): every value goes into a {@link DoublingHistogram} (exact counts of all
 * observed values, bounded memory), and into exact streaming autocovariances at lags {@code 1..maxLag}
 * ({@link LagAutocovariances}, for the autocorrelation plot); the trace keeps every {@code stride}-th sample, and when
 * {@link #MAX_TRACE_POINTS} are held it drops every other point and doubles the stride, so at most
 * {@code MAX_TRACE_POINTS} points spread evenly over the window remain.
 *
 * <p>Not thread-safe (one training thread).
 */
public final class CloseUpRecorder {

    /** At most this many trace points are kept per close-up. */
    static final int MAX_TRACE_POINTS = 2000;
    static final int HISTOGRAM_BINS = 128;

    private final int[] positions;
    private final String[] reasons;
    private final double[][] traces;
    private final long[] iterations;
    private final DoublingHistogram[] histograms;
    private final LagAutocovariances lags;
    private final double[] values;
    private int points;
    private long samples;
    private long stride = 1;

    private CloseUpRecorder(int[] positions, String[] reasons, int maxLag) {
        this.positions = positions;
        this.lags = new LagAutocovariances(positions.length, maxLag);
        this.values = new double[positions.length];
        this.reasons = reasons;
        this.traces = new double[positions.length][MAX_TRACE_POINTS];
        this.iterations = new long[positions.length == 0 ? 0 : MAX_TRACE_POINTS];
        this.histograms = new DoublingHistogram[positions.length];
        for (int c = 0; c < positions.length; c++) {
            histograms[c] = new DoublingHistogram(HISTOGRAM_BINS);
        }
    }

    /**
     * Chooses up to {@code count} tracked parameters, round-robin over the tracked slices.
     *
     * @param slices the tracked slices (groups) in report order
     * @param count how many close-ups, {@code >= 0} (fewer when fewer parameters are tracked)
     * @param seed the listener's seed
     * @param maxLag largest lag of the autocorrelation plot, {@code >= 1}
     */
    public static CloseUpRecorder choose(List<TrackedParameters.Slice> slices, int count, long seed, int maxLag) {
        Random rnd = new Random(seed);
        List<List<Integer>> open = new ArrayList<>();
        int available = 0;
        for (TrackedParameters.Slice s : slices) {
            List<Integer> ps = new ArrayList<>();
            for (int i = s.from(); i < s.to(); i++) {
                ps.add(i);
            }
            open.add(ps);
            available += ps.size();
        }
        int n = Math.min(count, available);
        int[] pos = new int[n];
        String[] why = new String[n];
        int[] taken = new int[slices.size()];
        int g = 0;
        for (int c = 0; c < n; c++) {
            while (open.get(g).isEmpty()) {
                g = (g + 1) % slices.size();
            }
            List<Integer> ps = open.get(g);
            pos[c] = ps.remove(rnd.nextInt(ps.size()));
            taken[g]++;
            TrackedParameters.Slice s = slices.get(g);
            why[c] = "seeded random pick " + taken[g] + " of group " + s.block().key() + " (" + (s.to() - s.from())
                    + " tracked), close-ups taken round-robin over the " + slices.size() + " groups";
            g = (g + 1) % slices.size();
        }
        // report order: by tracked position
        Integer[] order = new Integer[n];
        for (int c = 0; c < n; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(pos[a], pos[b]));
        int[] sortedPos = new int[n];
        String[] sortedWhy = new String[n];
        for (int c = 0; c < n; c++) {
            sortedPos[c] = pos[order[c]];
            sortedWhy[c] = why[order[c]];
        }
        return new CloseUpRecorder(sortedPos, sortedWhy, maxLag);
    }

    /**
     * Records one observed sample.
     *
     * @param iteration the listener's iteration of the sample
     * @param tracked the tracked parameters' values (tracked order)
     */
    public void record(long iteration, double[] tracked) {
        int c = positions.length;
        if (c == 0) {
            return;
        }
        boolean keep = samples % stride == 0;
        for (int k = 0; k < c; k++) {
            double v = tracked[positions[k]];
            values[k] = v;
            histograms[k].add(v);
            if (keep) {
                traces[k][points] = v;
            }
        }
        lags.add(values);
        if (keep) {
            iterations[points++] = iteration;
            if (points == MAX_TRACE_POINTS) {
                thin();
            }
        }
        samples++;
    }

    private void thin() {
        int half = points / 2;
        for (int j = 0; j < half; j++) {
            iterations[j] = iterations[2 * j];
            for (double[] t : traces) {
                t[j] = t[2 * j];
            }
        }
        points = half;
        stride *= 2;
    }

    /** Number of close-ups. */
    public int size() {
        return positions.length;
    }

    /** Tracked position of close-up {@code c}. */
    public int position(int c) {
        return positions[c];
    }

    /** Why close-up {@code c} was chosen. */
    public String reason(int c) {
        return reasons[c];
    }

    /** Iterations of the kept trace points (a copy). */
    public long[] traceIterations() {
        return Arrays.copyOf(iterations, points);
    }

    /** Kept trace of close-up {@code c} (a copy). */
    public double[] trace(int c) {
        return Arrays.copyOf(traces[c], points);
    }

    /** Current stride between kept samples. */
    public long stride() {
        return stride;
    }

    /** Samples recorded. */
    public long samples() {
        return samples;
    }

    /** Histogram of all recorded values of close-up {@code c}. */
    public DoublingHistogram.Bins histogram(int c) {
        return histograms[c].counts();
    }

    /**
     * Autocorrelations {@code rho_k = gamma_k / variance} of close-up {@code c} at lags {@code 0..maxLag} over every
     * recorded sample (NaN when the variance is not positive).
     */
    public double[] autocorrelation(int c, double variance) {
        double[][] gamma = lags.autocovariances();
        double[] rho = new double[gamma.length + 1];
        rho[0] = variance > 0 ? 1.0 : Double.NaN;
        for (int k = 1; k < rho.length; k++) {
            rho[k] = variance > 0 ? gamma[k - 1][c] / variance : Double.NaN;
        }
        return rho;
    }

    /** Bytes held. */
    public long bytesHeld() {
        return positions.length * (8L * MAX_TRACE_POINTS + 16L * HISTOGRAM_BINS + 8L) + 8L * iterations.length
                + lags.bytesHeld();
    }
}
