package org.sgdobservatory.listener.sample;

import java.util.Arrays;

import org.sgdobservatory.sim.stats.Median;

/**
 * The wall time of training iterations: the intervals between consecutive {@code iterationDone} callbacks, the last
 * {@value #CAPACITY} of them in a ring, summarised by their median (robust to the odd garbage collection or the
 * listener's own sampled iterations). Used to size work against the training it rides on. Not thread-safe.
 */
final class IterationClock {

    static final int CAPACITY = 64;

    private final double[] intervalSeconds = new double[CAPACITY];
    private int count;
    private long last = -1;

    /** Marks the end of an iteration. */
    void tick() {
        long now = System.nanoTime();
        if (last >= 0) {
            intervalSeconds[count % CAPACITY] = (now - last) / 1e9;
            count++;
        }
        last = now;
    }

    /** Median of the recorded intervals in seconds; NaN before two ticks. */
    double medianSeconds() {
        int n = Math.min(count, CAPACITY);
        if (n == 0) {
            return Double.NaN;
        }
        return Median.of(Arrays.copyOf(intervalSeconds, n));
    }
}
