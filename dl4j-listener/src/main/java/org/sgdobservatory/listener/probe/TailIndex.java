package org.sgdobservatory.listener.probe;

import org.sgdobservatory.listener.stats.HillEstimator;

/**
 * Hill's tail index of the deviations {@code |x - mean(x)|}, the same value as
 * {@link HillEstimator#tailIndexOfDeviations(double[])} up to the rounding of the mean (a plain sum here, a
 * compensated one there), but without sorting all {@code n} deviations:
 * Hill's estimate reads only the {@code k + 1} largest ({@code k = floor(sqrt(n))}, its threshold and the {@code k}
 * above it), so those are selected in one pass and handed, sorted, to {@link HillEstimator#tailIndex}. The
 * per-example probe evaluates it for thousands of parameters, where sorting every column dominated its cost.
 * Stateless.
 */
final class TailIndex {

    private TailIndex() {
    }

    /**
     * The tail index of {@code |x - mean(x)|}; NaN when not estimable (as {@link HillEstimator}).
     *
     * @param samples per-example values (not modified); with a NaN among them {@link HillEstimator} handles all
     */
    static double ofDeviations(double[] samples) {
        int n = samples.length;
        for (double x : samples) {
            if (Double.isNaN(x)) {
                return HillEstimator.tailIndexOfDeviations(samples).value();
            }
        }
        if (n < 2) {
            return HillEstimator.tailIndexOfDeviations(samples).value();
        }
        double sum = 0;
        for (double x : samples) {
            sum += x;
        }
        double mean = sum / n;
        int k = HillEstimator.defaultK(n);
        // the k + 1 largest deviations, kept sorted ascending by insertion
        double[] top = new double[k + 1];
        int filled = 0;
        for (double x : samples) {
            double d = Math.abs(x - mean);
            if (filled < top.length) {
                int at = filled++;
                while (at > 0 && top[at - 1] > d) {
                    top[at] = top[at - 1];
                    at--;
                }
                top[at] = d;
            } else if (d > top[0]) {
                int at = 0;
                while (at + 1 < top.length && top[at + 1] < d) {
                    top[at] = top[at + 1];
                    at++;
                }
                top[at] = d;
            }
        }
        return HillEstimator.tailIndex(top, k).value();
    }
}
