package org.sgdobservatory.listener.live;

import java.util.ArrayList;
import java.util.List;

import org.sgdobservatory.report.model.ExampleReport;

/**
 * The training loss of every {@code stride}-th iteration, at most {@value #CAPACITY} points: when full, every other
 * point is dropped and the stride doubles, so the curve always spans the whole run evenly. O(1) amortised per
 * iteration, no allocation once full. Not thread-safe.
 */
final class LossHistory {

    static final int CAPACITY = 512;

    private final long[] iterations = new long[CAPACITY];
    private final double[] losses = new double[CAPACITY];
    private int size;
    private long stride = 1;

    /** Records the loss of {@code iteration} when it falls on the stride. */
    void add(long iteration, double loss) {
        if (iteration % stride != 0) {
            return;
        }
        if (size == CAPACITY) {
            for (int i = 0; i < CAPACITY / 2; i++) {
                iterations[i] = iterations[2 * i];
                losses[i] = losses[2 * i];
            }
            size = CAPACITY / 2;
            stride *= 2;
            if (iteration % stride != 0) {
                return;
            }
        }
        iterations[size] = iteration;
        losses[size] = loss;
        size++;
    }

    /** The curve so far. */
    ExampleReport.LossCurve curve() {
        List<Long> x = new ArrayList<>(size);
        List<Double> y = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            x.add(iterations[i]);
            y.add(losses[i]);
        }
        return new ExampleReport.LossCurve(x, y);
    }
}
