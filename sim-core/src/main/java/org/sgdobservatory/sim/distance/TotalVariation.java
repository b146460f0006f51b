package org.sgdobservatory.sim.distance;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Total variation distance on bins (docs/estimators.md#distances-between-a-trace-and-a-density):
 * <pre>
 *   TV = (1/2) sum_b | nhat_b/n - p_b |,   p_b = F(right_b) - F(left_b),
 * </pre>
 * over the bins {@code (-inf, e_0], (e_0, e_1], ..., (e_{m-1}, +inf)} given interior edges
 * {@code e_0 < ... < e_{m-1}}: the two open tail bins are always included, so {@code m} edges give
 * {@code m + 1} bins. TV has a positive floor under the null,
 * {@code E[TV] ≈ (1/2) sum_b sqrt(2 p_b (1 - p_b) tau_b/(pi n))} ({@link #nullMean}); report TV minus
 * that floor or a p-value, and never compare raw TV across different n or binnings. Stateless and
 * thread-safe.
 */
public final class TotalVariation {

    private TotalVariation() {
    }

    /**
     * Counts of a sample in the bins defined by {@code edges} (right-closed, open tails).
     *
     * @param sample finite values, at least one
     * @param edges strictly increasing finite interior edges, at least one
     * @return counts, length {@code edges.length + 1}
     */
    public static long[] binCounts(double[] sample, double[] edges) {
        Samples.checkEdges(edges);
        double[] x = Samples.sortedCopy(sample);
        long[] counts = new long[edges.length + 1];
        for (double v : x) {
            int k = Arrays.binarySearch(edges, v);
            int bin = k >= 0 ? k : -k - 1; // v == e_k falls in bin k (right-closed)
            counts[bin]++;
        }
        return counts;
    }

    /**
     * Probabilities of the bins defined by {@code edges} under a distribution function.
     *
     * @param cdf the reference distribution function
     * @param edges strictly increasing finite interior edges
     * @return {@code p_b}, length {@code edges.length + 1}, summing to 1
     */
    public static double[] binProbabilities(DoubleUnaryOperator cdf, double[] edges) {
        Samples.checkEdges(edges);
        double[] p = new double[edges.length + 1];
        double previous = 0;
        for (int i = 0; i < edges.length; i++) {
            double f = cdf.applyAsDouble(edges[i]);
            if (!(f >= previous && f <= 1)) {
                throw new IllegalArgumentException("cdf(" + edges[i] + ") = " + f
                        + " is not a non-decreasing value in [0, 1]; pass a distribution function");
            }
            p[i] = f - previous;
            previous = f;
        }
        p[edges.length] = 1 - previous;
        return p;
    }

    /**
     * TV between a sample and a distribution on the given bins.
     *
     * @param sample finite values, at least one
     * @param cdf the reference distribution function
     * @param edges strictly increasing interior edges (open tail bins are added)
     * @return TV in {@code [0, 1]}
     */
    public static double distance(double[] sample, DoubleUnaryOperator cdf, double[] edges) {
        return distance(binCounts(sample, edges), binProbabilities(cdf, edges));
    }

    /**
     * TV between a histogram of counts and bin probabilities, {@code (1/2) sum |c_b/n - p_b|}.
     *
     * @param counts non-negative, total {@code n > 0}
     * @param probabilities non-negative, same length, summing to 1 (within 1e-9)
     * @return TV in {@code [0, 1]}
     */
    public static double distance(long[] counts, double[] probabilities) {
        if (counts.length != probabilities.length) {
            throw new IllegalArgumentException("counts and probabilities must have equal length, were "
                    + counts.length + " and " + probabilities.length + "; use the same bins for both");
        }
        long n = total(counts, "counts");
        double sumP = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1)) {
                throw new IllegalArgumentException("probabilities[" + i + "] must be in [0, 1], was "
                        + probabilities[i]);
            }
            sumP += probabilities[i];
        }
        if (!(Math.abs(sumP - 1) <= 1e-9)) {
            throw new IllegalArgumentException("probabilities must sum to 1, sum was " + sumP
                    + "; include the two open tail bins");
        }
        double tv = 0;
        for (int i = 0; i < counts.length; i++) {
            tv += Math.abs((double) counts[i] / n - probabilities[i]);
        }
        return tv / 2;
    }

    /**
     * TV between two histograms of counts on the same bins, {@code (1/2) sum |a_b/n_a - b_b/n_b|}.
     *
     * @param countsA non-negative, total {@code > 0}
     * @param countsB non-negative, same length, total {@code > 0}
     * @return TV in {@code [0, 1]}
     */
    public static double distance(long[] countsA, long[] countsB) {
        if (countsA.length != countsB.length) {
            throw new IllegalArgumentException("countsA and countsB must have equal length, were "
                    + countsA.length + " and " + countsB.length + "; use the same bins for both");
        }
        long na = total(countsA, "countsA");
        long nb = total(countsB, "countsB");
        double tv = 0;
        for (int i = 0; i < countsA.length; i++) {
            tv += Math.abs((double) countsA[i] / na - (double) countsB[i] / nb);
        }
        return tv / 2;
    }

    /**
     * The null floor {@code E[TV] ≈ (1/2) sum_b sqrt(2 p_b (1 - p_b)/(pi n))} of an i.i.d. sample of size
     * {@code n} (normal approximation of each bin count; good when {@code n p_b >~ 5}).
     *
     * @param probabilities bin probabilities (including the tail bins)
     * @param sampleSize {@code n >= 1} (or {@code n/tau} for a trace whose bin indicators have
     *     integrated autocorrelation time {@code tau})
     * @return the expected TV under the null
     */
    public static double nullMean(double[] probabilities, double sampleSize) {
        if (!(sampleSize >= 1 && sampleSize < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sampleSize must be finite and >= 1, was " + sampleSize);
        }
        double sum = 0;
        for (double p : probabilities) {
            sum += Math.sqrt(2 * p * (1 - p) / (Math.PI * sampleSize));
        }
        return sum / 2;
    }

    private static long total(long[] counts, String name) {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (!(counts[i] >= 0)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be >= 0, was " + counts[i]);
            }
            n += counts[i];
        }
        if (!(n > 0)) {
            throw new IllegalArgumentException(name + " must have a positive total, was " + n
                    + "; pass a non-empty histogram");
        }
        return n;
    }
}
