package org.sgdobservatory.listener.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The variance of a trace about its slowly moving centre: the mean of the variances within blocks much longer than
 * the trace's fast relaxation time and much shorter than the window ({@code docs/estimators.md#within-block-variance}).
 *
 * <p>Why. On a real network a projection {@code s_k} on a stiff eigen-direction relaxes in a few iterations about a
 * centre that itself wanders slowly, because the valley's floor along {@code v_k} moves as the parameters diffuse
 * along the flat directions. Write {@code s = m + xi}: {@code m} slow, {@code xi} the fast fluctuation about it.
 * The quadratic theory's stationary variance is {@code Var(xi)}; the window's variance is {@code Var(xi) + Var_t(m)},
 * and the wandering {@code m} makes the window mean's autocorrelation look longer than any batch mean resolves, even
 * when it adds only a few percent to the variance. Within a block of length {@code L}, {@code tau << L << T_m},
 * {@code m} is nearly constant and the block's variance about its own mean measures {@code Var(xi)}.
 *
 * <p>How. Closed blocks of the window's statistics are merged into groups of {@code g} neighbours, the smallest
 * {@code g} whose groups hold at least {@link #SAMPLES_PER_TAU} relaxation times (and {@link #MIN_GROUP_SAMPLES}
 * samples) and of which there are at least {@link #MIN_GROUPS}. A group's variance about its own mean (divisor {@code n}) has expectation
 * {@code Var(xi) (1 - Var(group mean)/Var(xi))}. For minibatches drawn independently the fast component is an AR(1)
 * trace with lag-one correlation {@code r} per sample and that is {@code Var(xi) beta(n)},
 * {@code beta(n) = 1 - (1/n)(1 + 2 sum_{k<n} (1 - k/n) r^k)}: each group's variance is divided by {@code beta}
 * ({@link LengthCorrection#INDEPENDENT}). For minibatches reshuffled every epoch the noise of an epoch sums to zero,
 * so the deviations anti-correlate at the epoch's lag and the group mean varies less: the expectation lies between
 * {@code Var(xi) beta(n)} and {@code Var(xi)}. Each group's variance is then multiplied by the midpoint
 * {@code (1 + 1/beta)/2} and the half-width {@code (1/beta - 1)/2}, a bound with no preferred place inside it, enters
 * the standard error as a rectangular distribution's {@code half-width / sqrt(3)}
 * ({@link LengthCorrection#BRACKETED}). The relaxation used for {@code beta} is the longer of the theory's ({@code r}
 * from {@code 1 - rate lambda} at the sampling stride) and the one measured from the one-step covariance of the trace
 * with
 * its updates ({@code cov(s, u) = rate lambda Var(xi)} on a quadratic, {@code Var(xi)} from the closed blocks corrected
 * for their own length at that relaxation: a fixed point), so a fast component slower than the theory says is not
 * under-corrected. The estimate is the count-weighted mean of the corrected group variances. Its
 * standard error is their spread over the groups ({@code s / sqrt(G)}), inflated by {@code sqrt(1 + 2 rho_1)} when
 * neighbouring groups' variances correlate positively, with the bracketed correction's term in quadrature. Drift is
 * a Geweke comparison of the first 10% of the groups' variances with the last half, as a normal score.
 *
 * <p>Stateless and thread-safe. Reads the window's block sums; nothing is added per iteration.
 */
public final class WithinBlockVariance {

    /** A group must be at least this many relaxation times long: the length correction is then at most about 10%. */
    public static final double SAMPLES_PER_TAU = 10;

    /** Fewest groups: the standard error from their spread has at least 15 degrees of freedom. */
    public static final int MIN_GROUPS = 16;

    /**
     * Fewest samples per group, however fast the relaxation: a group of one sample has no variance about its mean
     * ({@code beta(1) = 0}), and at 16 an uncorrelated trace loses 1/16 to its group mean.
     */
    public static final int MIN_GROUP_SAMPLES = 16;

    private WithinBlockVariance() {
    }

    /** How a group's variance is corrected for the variance of the group's own mean. */
    public enum LengthCorrection {
        /** Minibatches drawn independently: the AR(1) correction {@code 1/beta}, exact on a quadratic. */
        INDEPENDENT,
        /**
         * Minibatches reshuffled (or in any order whose noise anti-correlates): between none and the AR(1) one; the
         * midpoint, with the half-width in the standard error as a rectangular distribution's.
         */
        BRACKETED
    }

    /**
     * The within-block variance of a trace.
     *
     * @param variance the fast fluctuation's variance {@code Var(xi)}, bias-corrected
     * @param standardError its standard error (the groups' spread and, bracketed, the correction's term)
     * @param driftZ Geweke's normal score for a change of the within-block variance over the window
     * @param groupLength samples per group
     * @param groups number of groups
     * @param correction the factor the raw within-group variances were multiplied by (mean over the groups):
     *     {@code 1/beta}, or the midpoint {@code (1 + 1/beta)/2}
     * @param relaxationTime the fast component's integrated autocorrelation time {@code (1 + r)/(1 - r)}, samples
     * @param wholeWindowVariance the window's variance about its own mean
     * @param stepRate {@code cov(s, u) / Var(xi)}: the fraction of its deviation one step takes back, per iteration
     *     ({@code rate lambda} on a quadratic, whatever the noise), so the effective curvature times step the trace
     *     shows
     */
    public record Estimate(double variance, double standardError, double driftZ, long groupLength, int groups,
                           double correction, double relaxationTime, double wholeWindowVariance, double stepRate) {

        /** The share of the window's variance that comes from the centre's slow wandering, {@code 1 - Var(xi)/Var}. */
        public double slowShare() {
            return 1 - variance / wholeWindowVariance;
        }
    }

    /**
     * The within-block variance of trace {@code p}, when the window holds enough groups long enough for its fast
     * relaxation.
     *
     * @param moments the window's statistics
     * @param p the trace
     * @param theoryCorrelation the theory's lag-one correlation per sample ({@code (1 - rate lambda)^stride}), NaN
     *     when there is none
     * @param stride iterations between samples (the one-step covariance is per iteration)
     * @param lengthCorrection how the groups' finite length is corrected for
     * @return empty when no grouping satisfies both {@link #SAMPLES_PER_TAU} and {@link #MIN_GROUPS}, or the trace
     *     has no variance
     */
    public static Optional<Estimate> of(TraceMoments moments, int p, double theoryCorrelation, int stride,
                                        LengthCorrection lengthCorrection) {
        return Window.of(moments).estimate(p, theoryCorrelation, stride, lengthCorrection);
    }

    /**
     * The within-block variances of every trace of the window, each as {@link #of}; the window's block views are
     * built once.
     *
     * @param theoryCorrelation per trace, the theory's lag-one correlation per sample (NaN where there is none)
     * @param skip per trace, whether to leave it out (its estimate is empty)
     */
    public static List<Optional<Estimate>> all(TraceMoments moments, double[] theoryCorrelation, boolean[] skip,
                                               int stride, LengthCorrection lengthCorrection) {
        Window window = Window.of(moments);
        List<Optional<Estimate>> out = new ArrayList<>(theoryCorrelation.length);
        for (int p = 0; p < theoryCorrelation.length; p++) {
            out.add(skip[p] ? Optional.empty()
                    : window.estimate(p, theoryCorrelation[p], stride, lengthCorrection));
        }
        return out;
    }

    /** The window's views the estimates read: variances, block means and blocks' squared deviations. */
    private record Window(TraceMoments moments, double[] variance, BlockMeans means, BlockMeans squared) {

        static Window of(TraceMoments moments) {
            return new Window(moments, moments.varianceTheta(), moments.blockMeans(),
                    moments.squaredDeviationBlockMeans());
        }

        Optional<Estimate> estimate(int p, double theoryCorrelation, int stride, LengthCorrection lengthCorrection) {
            long n = moments.count;
            double whole = variance[p];
            if (n < 2 || !(whole > 0)) {
                return Optional.empty();
            }
            int blocks = means.blocks();
            double windowMean = moments.shift[p] + moments.sumY[p] / n;
            double[] s1 = new double[blocks];
            double[] s2 = new double[blocks];
            long[] c = new long[blocks];
            long sampled = 0;
            for (int b = 0; b < blocks; b++) {
                c[b] = means.count(b);
                s1[b] = c[b] * (means.mean(b, p) - windowMean);
                s2[b] = c[b] * squared.mean(b, p);
                sampled += c[b];
            }
            if (sampled < 2) {
                return Optional.empty();
            }
            double covariance = oneStepCovariance(moments, p);
            double measured = measuredCorrelation(covariance, pooledWithin(s1, s2, c), sampled / blocks, stride);
            double r = slower(theoryCorrelation, measured);
            if (Double.isNaN(r)) {
                return Optional.empty();
            }
            double tau = (1 + r) / (1 - r);
            for (int g = 1; blocks / g >= MIN_GROUPS; g++) {
                long length = sampled / blocks * g;
                if (length >= Math.max(SAMPLES_PER_TAU * tau, MIN_GROUP_SAMPLES)) {
                    return Optional.of(grouped(s1, s2, c, g, r, whole, covariance, lengthCorrection));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The larger of two lag-one correlations (the slower relaxation); a NaN one is ignored, NaN when both are (no
     * relaxation is known, so no group length can be chosen).
     */
    private static double slower(double a, double b) {
        if (!Double.isFinite(a) && !Double.isFinite(b)) {
            return Double.NaN;
        }
        double r = !Double.isFinite(a) ? b : !Double.isFinite(b) ? a : Math.max(a, b);
        return Math.max(-0.999, Math.min(r, 0.999));
    }

    /** {@code cov(s, u)} over the window: the trace against the update of the step that follows each sample. */
    private static double oneStepCovariance(TraceMoments moments, int p) {
        long n = moments.count;
        return (moments.sumYU[p] - moments.sumY[p] * moments.sumU[p] / n) / n;
    }

    /**
     * The lag-one correlation per sample implied by the one-step covariance of the trace and its updates:
     * {@code r1 = 1 - cov(s, u) / Var(xi)} per iteration, to the power {@code stride}. {@code Var(xi)} is the raw
     * within-block variance over blocks of {@code blockLength} samples divided by {@code beta(blockLength, r)}, which
     * depends on {@code r} itself: the fixed point of {@code r = (1 - cov beta(L, r) / raw)^stride} is found by
     * iterating from {@code beta = 1}. The map increases with {@code r}, so the iterates rise to the smallest fixed
     * point; when there is none (the relaxation is comparable to the block length) the result is 1, too slow for any
     * grouping. NaN when the covariance puts {@code r1} outside {@code (-1, 1)} from the start.
     */
    static double measuredCorrelation(double covariance, double rawWithin, long blockLength, int stride) {
        if (!(rawWithin > 0) || !Double.isFinite(covariance)) {
            return Double.NaN;
        }
        double beta = 1;
        double r = Double.NaN;
        for (int i = 0; i < 1000; i++) {
            double r1 = 1 - covariance * beta / rawWithin;
            if (!(r1 > -1)) {
                return Double.NaN;
            }
            if (!(r1 < 1)) {
                return i == 0 ? Double.NaN : 1;
            }
            double next = Math.pow(r1, stride);
            if (Math.abs(next - r) < 1e-12) {
                return next;
            }
            r = next;
            beta = biasFactor(Math.max(2, blockLength), r);
            if (!(beta > 0)) {
                return 1;
            }
        }
        return r;
    }

    private static Estimate grouped(double[] s1, double[] s2, long[] c, int g, double r, double whole,
                                    double covariance, LengthCorrection lengthCorrection) {
        boolean bracketed = lengthCorrection == LengthCorrection.BRACKETED;
        int groups = s1.length / g;
        double[] v = new double[groups];
        double[] w = new double[groups];
        double correctionSum = 0;
        for (int j = 0; j < groups; j++) {
            double a = 0;
            double b = 0;
            long m = 0;
            for (int i = j * g; i < (j + 1) * g; i++) {
                a += s1[i];
                b += s2[i];
                m += c[i];
            }
            double full = 1 / biasFactor(m, r);
            double factor = bracketed ? (1 + full) / 2 : full;
            v[j] = Math.max(0, b / m - (a / m) * (a / m)) * factor;
            w[j] = m;
            correctionSum += m * factor;
        }
        double totalWeight = 0;
        double mean = 0;
        for (int j = 0; j < groups; j++) {
            totalWeight += w[j];
            mean += w[j] * v[j];
        }
        mean /= totalWeight;
        double correction = correctionSum / totalWeight;
        double spread = 0;
        double lag = 0;
        for (int j = 0; j < groups; j++) {
            spread += (v[j] - mean) * (v[j] - mean);
            if (j > 0) {
                lag += (v[j] - mean) * (v[j - 1] - mean);
            }
        }
        double rho1 = spread > 0 ? lag / spread : 0;
        double inflation = 1 + 2 * Math.max(0, rho1);
        double sampling = spread / (groups - 1) / groups * inflation;
        // bracketed: the half-width (1/beta - 1)/2 = correction - 1 of the raw value, rectangular (sd = w / sqrt 3)
        double systematic = bracketed ? (correction - 1) / correction * mean / Math.sqrt(3) : 0;
        double se = Math.sqrt(sampling + systematic * systematic);
        // the drift score compares the groups' levels, so it takes their variance alone: the inflation for
        // correlated neighbours belongs to the mean's standard error, and would narrow the score below N(0, 1)
        double z = driftZ(v, spread / (groups - 1));
        return new Estimate(mean, se, z, (long) (totalWeight / groups), groups, correction, (1 + r) / (1 - r), whole,
                covariance / mean);
    }

    /**
     * {@code beta(n) = E[within-block variance] / Var} for an AR(1) trace with lag-one correlation {@code r}:
     * {@code 1 - (1/n)(1 + 2 sum_{k=1}^{n-1} (1 - k/n) r^k)}, the sum in closed form
     * {@code r/(1-r) - r(1 - r^n)/(n (1-r)^2)}.
     */
    static double biasFactor(long n, double r) {
        double sum = r / (1 - r) - r * (1 - Math.pow(r, n)) / (n * (1 - r) * (1 - r));
        return 1 - (1 + 2 * sum) / n;
    }

    /** Geweke's score on the groups' variances: first 10% (at least 2) against the last half. */
    private static double driftZ(double[] v, double groupVariance) {
        int groups = v.length;
        int first = Math.max(2, (int) Math.round(0.1 * groups));
        int lastFrom = groups - groups / 2;
        double a = 0;
        for (int j = 0; j < first; j++) {
            a += v[j];
        }
        double b = 0;
        for (int j = lastFrom; j < groups; j++) {
            b += v[j];
        }
        double se = Math.sqrt(groupVariance * (1.0 / first + 1.0 / (groups - lastFrom)));
        if (!(se > 0)) {
            return Double.NaN;
        }
        return TraceDiagnostics.studentToNormalScore((a / first - b / (groups - lastFrom)) / se, groups - 1);
    }

    /** The count-weighted variance about each block's own mean, uncorrected. */
    private static double pooledWithin(double[] s1, double[] s2, long[] c) {
        double total = 0;
        long count = 0;
        for (int i = 0; i < s1.length; i++) {
            total += s2[i] - s1[i] * s1[i] / c[i];
            count += c[i];
        }
        return total / count;
    }
}
