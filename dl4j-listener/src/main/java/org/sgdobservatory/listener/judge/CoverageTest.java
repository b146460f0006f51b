package org.sgdobservatory.listener.judge;

import java.util.Arrays;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;

/**
 * The statistics of group and run verdicts ({@code docs/verdicts.md#coverage}): how many judged 95% ratio intervals
 * contain 1, tested against the 95% the theory implies, and the median ratio with a distribution-free interval.
 * Stateless.
 */
public final class CoverageTest {

    /** The coverage each 95% interval has when the theory and the error model hold. */
    public static final double EXPECTED = 0.95;
    /**
     * Level of the one-sided exact binomial test: a group is inconsistent when
     * {@code P(X <= covering | judged, 0.95) < 0.01}. One percent per group keeps the chance of a false
     * "inconsistent" in a run of a handful of groups at a few percent.
     */
    public static final double LEVEL = 0.01;

    private CoverageTest() {
    }

    /** The coverage of {@code covering} out of {@code judged}, with the Wilson score 95% interval. */
    public static Coverage coverage(int judged, int covering) {
        if (judged <= 0) {
            return Coverage.NONE;
        }
        double z = 1.959964;
        double p = covering / (double) judged;
        double d = 1 + z * z / judged;
        double centre = (p + z * z / (2.0 * judged)) / d;
        double half = z * Math.sqrt(p * (1 - p) / judged + z * z / (4.0 * judged * judged)) / d;
        return new Coverage(judged, covering, p, Math.max(0, centre - half), Math.min(1, centre + half), EXPECTED);
    }

    /**
     * The one-sided p-value of seeing at most {@code covering} of {@code judged} intervals contain 1 when each does
     * with probability {@link #EXPECTED}; 1 when none is judged.
     */
    public static double pValue(int judged, int covering) {
        if (judged <= 0) {
            return 1;
        }
        return new BinomialDistribution(null, judged, EXPECTED).cumulativeProbability(covering);
    }

    /** Whether the coverage is significantly below {@link #EXPECTED} at {@link #LEVEL}. */
    public static boolean rejects(int judged, int covering) {
        return pValue(judged, covering) < LEVEL;
    }

    /**
     * The median of the finite {@code values} with a distribution-free 95% interval: the order statistics
     * {@code x_(l)} and {@code x_(n+1-l)}, {@code l} the largest rank with {@code P(Bin(n, 1/2) < l) <= 0.025}
     * (NaN ends with fewer than 6 values, where no such rank exists); the standard error is the interval's width
     * over {@code 2 x 1.96}.
     */
    public static Interval median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return Interval.NONE;
        }
        double med = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        BinomialDistribution half = new BinomialDistribution(null, n, 0.5);
        int l = 0;
        while (l + 1 <= n / 2 && half.cumulativeProbability(l) <= 0.025) {
            l++;
        }
        if (l == 0) {
            return new Interval(med, Double.NaN, Double.NaN, Double.NaN);
        }
        double lo = v[l - 1];
        double hi = v[n - l];
        return new Interval(med, (hi - lo) / (2 * 1.959964), lo, hi);
    }
}
