package org.sgdobservatory.listener.probe;

import org.sgdobservatory.listener.stats.HillEstimator;

/**
 * Hill's tail index of the deviations {@code |x - mean(x)|}, the same value as
 * {@link HillEstimator#tailIndexOfDeviations(double[])} up to the rounding of the mean (a plain sum here, or the
 * caller's, against a compensated one there), but without sorting all {@code n} deviations or allocating per call
 * beyond {@code k + 1} doubles: Hill's estimate reads only the {@code k + 1} largest ({@code k = floor(sqrt(n))},
 * its threshold and the {@code k} above it), so those are selected in one pass and handed, sorted, to
 * {@link HillEstimator#tailIndexOfLargest}. The per-example probe evaluates it for thousands of parameters, where
 * sorting every column, and then the stream pipeline of {@link HillEstimator#tailIndex}, dominated its cost.
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
        double sum = 0;
        for (double x : samples) {
            sum += x;
        }
        // a NaN among the samples makes the mean NaN, which the next call hands to HillEstimator
        return ofDeviations(samples, sum / samples.length);
    }

    /**
     * The tail index of {@code |x - mean|} with the mean already known (the per-example probe has it from its power
     * sums: one pass over the values less). A mean that is not finite (a NaN or an infinity among the samples)
     * and fewer than 2 samples are left to {@link HillEstimator#tailIndexOfDeviations}, which ignores NaN.
     *
     * @param samples per-example values (not modified)
     * @param mean their mean, up to rounding
     */
    static double ofDeviations(double[] samples, double mean) {
        return ofDeviations(samples, samples.length, 0, mean);
    }

    /**
     * As {@link #ofDeviations(double[], double)} for the {@code n = length + zeros} samples made of
     * {@code values[0 .. length)} and {@code zeros} samples equal to 0 that are not materialised (their deviation is
     * {@code |mean|}; {@link PerExampleColumns#forEachOnActiveInputs}): the same value without reading the zeros.
     *
     * @param values the non-implicit samples in {@code [0, length)} (not modified)
     * @param length how many
     * @param zeros how many further samples are exactly 0
     * @param mean the mean of all {@code n}, up to rounding
     */
    static double ofDeviations(double[] values, int length, int zeros, double mean) {
        int n = length + zeros;
        if (!(n >= 2 && Double.isFinite(mean))) {
            double[] samples = new double[n];
            System.arraycopy(values, 0, samples, 0, length);
            return HillEstimator.tailIndexOfDeviations(samples).value();
        }
        int k = HillEstimator.defaultK(n);
        Top top = new Top(k + 1);
        for (int i = 0; i < length; i++) {
            top.offer(Math.abs(values[i] - mean));
        }
        // more than k + 1 equal deviations cannot all be among the k + 1 largest
        double zeroDeviation = Math.abs(mean);
        for (int i = 0; i < Math.min(zeros, k + 1); i++) {
            top.offer(zeroDeviation);
        }
        return HillEstimator.tailIndexOfLargest(top.values, 0, k);
    }

    /** The largest values offered so far, at most {@code values.length}, kept sorted ascending by insertion. */
    private static final class Top {
        final double[] values;
        int filled;

        Top(int size) {
            values = new double[size];
        }

        /** Once full, most values fall below {@code values[0]} and cost one comparison. */
        void offer(double d) {
            double[] top = values;
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
    }
}
