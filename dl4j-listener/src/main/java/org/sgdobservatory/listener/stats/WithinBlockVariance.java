package org.sgdobservatory.listener.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.distribution.TDistribution;

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
 * neighbouring groups' variances correlate positively and widened by {@code t_{0.975}(G - 1)/1.96} (the spread has
 * {@code G - 1} degrees of freedom, and the report draws its interval from the standard error as if it were exact),
 * with the bracketed correction's term in quadrature. Drift is
 * a Geweke comparison of the first 10% of the groups' variances with the last half (their variance pooled about
 * the segments' own means), as a normal score.
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
     * @param standardError its standard error (the groups' spread, widened to Student-t's 95% quantile for
     *     {@code G - 1} degrees of freedom, and, bracketed, the correction's term)
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
     */
    public static List<Optional<Estimate>> all(TraceMoments moments, double[] theoryCorrelation, int stride,
                                               LengthCorrection lengthCorrection) {
        Window window = Window.of(moments);
        List<Optional<Estimate>> out = new ArrayList<>(theoryCorrelation.length);
        for (int p = 0; p < theoryCorrelation.length; p++) {
            out.add(window.estimate(p, theoryCorrelation[p], stride, lengthCorrection));
        }
        return out;
    }

    /**
     * The window's views the estimates read: sample count, means, variances, covariances with the update, block
     * means and blocks' squared deviations.
     */
    private record Window(long n, double[] windowMean, double[] variance, double[] covariance, BlockMeans means,
                          BlockMeans squared) {

        static Window of(TraceMoments moments) {
            return new Window(moments.count(), moments.meanTheta(), moments.varianceTheta(),
                    moments.covarianceWithUpdate(), moments.blockMeans(), moments.squaredDeviationBlockMeans());
        }

        Optional<Estimate> estimate(int p, double theoryCorrelation, int stride, LengthCorrection lengthCorrection) {
            double whole = variance[p];
            if (n < 2 || !(whole > 0)) {
                return Optional.empty();
            }
            int blocks = means.blocks();
            double[] s1 = new double[blocks];
            double[] s2 = new double[blocks];
            long[] c = new long[blocks];
            long sampled = 0;
            for (int b = 0; b < blocks; b++) {
                c[b] = means.count(b);
                s1[b] = c[b] * (means.mean(b, p) - windowMean[p]);
                s2[b] = c[b] * squared.mean(b, p);
                sampled += c[b];
            }
            if (sampled < 2) {
                return Optional.empty();
            }
            double measured = measuredCorrelation(covariance[p], pooledWithin(s1, s2, c), sampled / blocks, stride);
            double r = slower(theoryCorrelation, measured);
            if (Double.isNaN(r)) {
                return Optional.empty();
            }
            double tau = (1 + r) / (1 - r);
            for (int g = 1; blocks / g >= MIN_GROUPS; g++) {
                long length = sampled / blocks * g;
                if (length >= Math.max(SAMPLES_PER_TAU * tau, MIN_GROUP_SAMPLES)) {
                    return Optional.of(grouped(s1, s2, c, g, r, whole, covariance[p], lengthCorrection));
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

    /**
     * The lag-one correlation per sample implied by the one-step covariance of the trace and its updates:
     * {@code r1 = 1 - cov(s, u) / Var(xi)} per iteration, to the power {@code stride}. {@code Var(xi)} is the raw
     * within-block variance over blocks of {@code blockLength} samples divided by {@code beta(blockLength, r)}, which
     * depends on {@code r} itself: {@code r1} solves {@code F(x) = 1 - cov beta(b, x^stride) / raw - x = 0}. Since
     * {@code beta <= 1}, {@code F >= 0} at {@code lo = 1 - cov / raw} (or just above -1, where {@code F} must then be
     * positive), and the root is the first one above {@code lo}: found on a grid geometric in {@code 1 - x} (dense
     * towards 1), then by bisection. That holds at any stride; at an even one {@code x^stride} falls as a negative
     * {@code x} rises, and a plain iteration of the fixed point can oscillate. When {@code F} stays positive up to
     * {@code 1 - 1e-6} the relaxation is comparable to the block length or slower and the result is 1, too slow for
     * any grouping. NaN when the covariance is not positive or no correlation above -1 explains it.
     */
    static double measuredCorrelation(double covariance, double rawWithin, long blockLength, int stride) {
        if (!(rawWithin > 0) || !Double.isFinite(covariance)) {
            return Double.NaN;
        }
        long b = Math.max(2, blockLength);
        DoubleUnaryOperator excess = x -> 1 - covariance
                * biasFactor(b, Math.pow(x, stride)) / rawWithin - x;
        // below -1 (the raw variance short by much at a fast, even-stride relaxation) the search starts at -1
        double lo = Math.max(1 - covariance / rawWithin, -1 + 1e-9);
        if (!(lo < 1) || !(excess.applyAsDouble(lo) >= 0)) {
            return Double.NaN;
        }
        double nearest = Math.max(1e-6, (1 - lo) * 1e-6);
        int steps = 2000;
        double q = Math.pow(nearest / (1 - lo), 1.0 / steps);
        double below = lo;
        for (int i = 1; i <= steps; i++) {
            double x = 1 - (1 - lo) * Math.pow(q, i);
            if (excess.applyAsDouble(x) <= 0) {
                double above = x;
                for (int k = 0; k < 60; k++) {
                    double mid = 0.5 * (below + above);
                    if (excess.applyAsDouble(mid) > 0) {
                        below = mid;
                    } else {
                        above = mid;
                    }
                }
                return Math.pow(0.5 * (below + above), stride);
            }
            below = x;
        }
        return 1;
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
        // the spread of G groups has G - 1 degrees of freedom: widened so that +-1.96 of it is Student-t's 95%
        double student = studentWidening(groups);
        double se = Math.sqrt(sampling * student * student + systematic * systematic);
        // the drift score compares the groups' levels, so it takes their variance alone: the inflation for
        // correlated neighbours belongs to the mean's standard error, and would narrow the score below N(0, 1)
        double z = driftZ(v);
        return new Estimate(mean, se, z, (long) (totalWeight / groups), groups, correction, (1 + r) / (1 - r), whole,
                covariance / mean);
    }

    /**
     * {@code t_{0.975}(G - 1) / z_{0.975}}: the factor by which a standard error estimated from {@code G} groups'
     * spread is widened so that an interval drawn from it as if it were exact has Student-t coverage (1.087 at 16
     * groups, 1.020 at 64).
     */
    static double studentWidening(int groups) {
        return new TDistribution(null, groups - 1).inverseCumulativeProbability(0.975) / 1.959964;
    }

    /**
     * {@code beta(n) = E[within-block variance] / Var} for an AR(1) trace with lag-one correlation {@code r}:
     * {@code 1 - (1/n)(1 + 2 sum_{k=1}^{n-1} (1 - k/n) r^k)}, the sum in closed form
     * {@code r/(1-r) - r(1 - r^n)/(n (1-r)^2)}.
     */
    static double biasFactor(long n, double r) {
        // 1 - r^n through expm1: near r = 1 the plain difference loses the digits beta is made of
        double oneMinusPower = r > 0 ? -Math.expm1(n * Math.log(r)) : 1 - Math.pow(r, n);
        double sum = r / (1 - r) - r * oneMinusPower / (n * (1 - r) * (1 - r));
        return 1 - (1 + 2 * sum) / n;
    }

    /**
     * Geweke's score on the groups' variances: first 10% (at least 2) against the last half, their variance pooled
     * about the three segments' own means (first, middle, last: {@code G - 3} degrees of freedom), so a difference
     * between the segments does not inflate the variance it is measured in.
     */
    private static double driftZ(double[] v) {
        int groups = v.length;
        int first = Math.max(2, (int) Math.round(0.1 * groups));
        int lastFrom = groups - groups / 2;
        double a = mean(v, 0, first);
        double m = mean(v, first, lastFrom);
        double b = mean(v, lastFrom, groups);
        double ss = 0;
        for (int j = 0; j < groups; j++) {
            double centre = j < first ? a : j < lastFrom ? m : b;
            ss += (v[j] - centre) * (v[j] - centre);
        }
        int dof = groups - (lastFrom > first ? 3 : 2);
        double se = Math.sqrt(ss / dof * (1.0 / first + 1.0 / (groups - lastFrom)));
        if (!(se > 0)) {
            return Double.NaN;
        }
        return TraceDiagnostics.studentToNormalScore((a - b) / se, dof);
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int j = from; j < to; j++) {
            sum += v[j];
        }
        return to > from ? sum / (to - from) : 0;
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
