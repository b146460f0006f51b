package org.sgdobservatory.listener.stats;

import java.util.Arrays;

import org.sgdobservatory.sim.stats.Estimate;

/**
 * Hill's estimator of the tail index {@code alpha} of a heavy (Pareto-type) upper tail,
 * {@code P(X > x) ~ C x^{-alpha}}:
 * <pre>
 *   1/alpha_hat = (1/k) sum_{i=1..k} ln( X_(i) / X_(k+1) ),     X_(1) >= X_(2) >= ... >= X_(n),
 * </pre>
 * from the {@code k} largest of {@code n} positive values (B. M. Hill, "A simple general approach to
 * inference about the tail of a distribution", Ann. Statist. 3 (1975) 1163-1174). For {@code k -> infinity},
 * {@code k/n -> 0} it is asymptotically normal with standard error {@code alpha/sqrt(k)} (Hall 1982); its
 * bias grows with {@code k/n} unless the tail is exactly Pareto. Variance is infinite for {@code alpha < 2};
 * Gaussian tails have no finite index, so Hill's estimate is large and grows slowly with {@code n}.
 *
 * <p>The default {@code k = floor(sqrt(n))} keeps {@code k/n -> 0} (bias small for the usual second-order
 * tails, e.g. Student-t with {@code nu >= 2}) at the price of a standard error of {@code alpha / n^{1/4}}.
 *
 * <p>Edge cases: fewer than 2 values, {@code k} outside {@code 1..n-1}, a non-positive {@code X_(k+1)}
 * (too many zeros) or a zero sum of logarithms (ties in the tail) give {@code NaN} ("not estimable"); NaN
 * inputs are ignored. Stateless and thread-safe.
 */
public final class HillEstimator {

    private HillEstimator() {
    }

    /** The default number of upper order statistics, {@code floor(sqrt(n))}, at least 1. */
    public static int defaultK(int n) {
        return Math.max(1, (int) Math.floor(Math.sqrt(n)));
    }

    /**
     * Hill's estimate from the {@code k} largest values.
     *
     * @param values positive magnitudes (NaN entries are ignored; the array is not modified)
     * @param k number of upper order statistics, {@code 1 <= k < n}
     * @return {@code alpha_hat} with standard error {@code alpha_hat/sqrt(k)} and {@code k} as sample size;
     *     value NaN when not estimable (see the class comment)
     */
    public static Estimate tailIndex(double[] values, int k) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = v.length;
        if (!(n >= 2 && k >= 1 && k < n)) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        double alpha = tailIndexOfLargest(v, n - k - 1, k);
        if (Double.isNaN(alpha)) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        return new Estimate(alpha, alpha / Math.sqrt(k), k);
    }

    /**
     * Hill's {@code alpha_hat} from upper order statistics already selected and sorted: the threshold
     * {@code X_(k+1) = ascending[from]} and the {@code k} values above it, {@code ascending[from + 1 .. from + k]}.
     * The arithmetic of {@link #tailIndex(double[], int)} (which calls it) without its filtering, sorting and
     * allocation, for callers that evaluate thousands of estimates and select the top values themselves.
     *
     * @param ascending values sorted ascending from {@code from} on, no NaN among them
     * @param from index of the threshold
     * @param k number of upper order statistics, at least 1
     * @return {@code alpha_hat}, or NaN when not estimable (non-positive threshold, zero or infinite sum of
     *     logarithms)
     */
    public static double tailIndexOfLargest(double[] ascending, int from, int k) {
        double threshold = ascending[from];
        if (!(threshold > 0)) {
            return Double.NaN;
        }
        double logThreshold = Math.log(threshold);
        double sum = 0;
        for (int i = from + 1; i <= from + k; i++) {
            sum += Math.log(ascending[i]) - logThreshold;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            return Double.NaN;
        }
        return k / sum;
    }

    /**
     * Hill's estimate of the tail index of {@code |x - mean(x)|} with the default {@code k}: the tail index
     * of noise about its mean (both tails together).
     *
     * @param samples finite samples (NaN entries are ignored)
     */
    public static Estimate tailIndexOfDeviations(double[] samples) {
        double[] v = Arrays.stream(samples).filter(x -> !Double.isNaN(x)).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i] - mean);
        }
        return tailIndex(v, defaultK(v.length));
    }
}
