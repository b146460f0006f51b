package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;

/**
 * The within-block variance against exact answers, as coverage over many seeded traces: {@value #TRACES} independent
 * AR(1) traces of {@value #N} samples in one {@link TraceMoments} (one trace per "parameter"), as the listener's
 * directions are held (66 blocks at most).
 *
 * <p>Tolerances: a 95% interval covers the true value in a fraction {@code f} of {@value #TRACES} independent traces,
 * {@code f ~ Binomial(400, 0.95) / 400}, standard deviation {@code sqrt(0.95 x 0.05 / 400) = 0.011}; the tests accept
 * {@code f} within 3.3 standard deviations (two-sided p = 0.001), {@code [0.914, 0.986]}. Drift scores beyond 1.96:
 * {@code Binomial(400, 0.05)}, mean 20, sd 4.36, accepted within {@code 20 +- 3.3 x 4.36}, from 6 to 34.
 */
class WithinBlockVarianceTest {

    private static final int TRACES = 400;
    private static final int N = 3000;
    private static final double R = 0.6;
    private static final double STATIONARY = 1 / (1 - R * R);
    /**
     * Relaxation time 12.3 samples: in traces of {@code 2 N} samples, blocks of 128, just over the 10 relaxation times
     * a group needs (and room for groups of two blocks where a trace's measured relaxation is longer).
     */
    private static final double SLOW_R = 0.85;
    /** Data points (and steps) per epoch of the reshuffled traces. */
    private static final int EPOCH = 56;

    /**
     * AR(1) traces {@code xi_{t+1} = r xi_t + e_t} about a centre {@code m_t = amplitude sin(2 pi t / period + phase)},
     * recorded with their one-step updates {@code s_t - s_{t+1}}.
     */
    private static TraceMoments traces(long seed, double amplitude, double period) {
        return traces(seed, R, N, amplitude, period);
    }

    private static TraceMoments traces(long seed, double r, int n, double amplitude, double period) {
        return traces(seed, r, n, 66, amplitude, period);
    }

    private static TraceMoments traces(long seed, double r, int n, int maxBlocks, double amplitude, double period) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TraceMoments m = new TraceMoments(TRACES, 1, maxBlocks);
        double[] xi = new double[TRACES];
        double[] phase = new double[TRACES];
        for (int p = 0; p < TRACES; p++) {
            xi[p] = rnd.nextGaussian() / Math.sqrt(1 - r * r);
            phase[p] = rnd.nextDouble() * 2 * Math.PI;
        }
        double[] s = new double[TRACES];
        double[] u = new double[TRACES];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < TRACES; p++) {
                double centre = amplitude * Math.sin(2 * Math.PI * t / period + phase[p]);
                double next = r * xi[p] + rnd.nextGaussian();
                double nextCentre = amplitude * Math.sin(2 * Math.PI * (t + 1) / period + phase[p]);
                s[p] = centre + xi[p];
                u[p] = s[p] - (nextCentre + next);
                xi[p] = next;
            }
            m.add(s, u);
        }
        return m;
    }

    /**
     * The fraction of the traces whose 95% interval covers {@code truth(p)}, each trace's estimate also handed to
     * {@code each}.
     */
    private static double coverage(TraceMoments m, double theoryR, WithinBlockVariance.LengthCorrection correction,
                                   IntToDoubleFunction truth, Consumer<WithinBlockVariance.Estimate> each) {
        int covered = 0;
        for (int p = 0; p < TRACES; p++) {
            WithinBlockVariance.Estimate e = WithinBlockVariance.of(m, p, theoryR, 1, correction).orElseThrow();
            double[] ci = TraceDiagnostics.varianceInterval95(e.variance(), e.standardError());
            covered += ci[0] <= truth.applyAsDouble(p) && truth.applyAsDouble(p) <= ci[1] ? 1 : 0;
            each.accept(e);
        }
        return covered / (double) TRACES;
    }

    private static double coverage(TraceMoments m, double theoryR, double truth,
                                   Consumer<WithinBlockVariance.Estimate> each) {
        return coverage(m, theoryR, WithinBlockVariance.LengthCorrection.INDEPENDENT, p -> truth, each);
    }

    @Test
    void biasFactorMatchesTheDirectSum() {
        // 0.999999: the closed form's 1 - r^n must not lose the digits beta is made of (beta ~ 1e-6 there)
        for (double r : new double[] {-0.5, 0, 0.3, 0.9, 0.999999}) {
            for (long n : new long[] {2, 4, 10, 93}) {
                double sum = 0;
                for (long k = 1; k < n; k++) {
                    sum += (1 - k / (double) n) * Math.pow(r, k);
                }
                double expected = 1 - (1 + 2 * sum) / n;
                // near r = 1 the closed form's two terms of ~1/(1 - r) cancel: a relative 1e-3 there (a plain
                // 1 - r^n would be 100 times beta off at n = 2)
                assertEquals(expected, WithinBlockVariance.biasFactor(n, r), Math.max(1e-12, 1e-3 * expected),
                        "r " + r + " n " + n);
            }
        }
    }

    /**
     * Exact inputs: a trace with per-iteration correlation {@code r1}, sampled every {@code stride} iterations, in
     * blocks of {@code b}: {@code cov(s, u) = (1 - r1) Var} and the blocks' raw variance
     * {@code Var beta(b, r1^stride)};
     * the measured correlation per sample is {@code r1^stride}, at odd and even strides and negative {@code r1}
     * ({@code eta lambda > 1}), where a plain iteration of the fixed point oscillates.
     */
    @Test
    void measuredCorrelationSolvesItsFixedPointAtAnyStride() {
        double[][] cases = {{0.85, 64, 1}, {0.6, 16, 1}, {-0.5, 64, 1}, {0.9, 64, 2}, {0.9, 32, 4}, {-0.88, 128, 2},
            {-0.8, 64, 3}, {-0.7, 16, 2}};
        for (double[] c : cases) {
            double r1 = c[0];
            long b = (long) c[1];
            int stride = (int) c[2];
            double truth = Math.pow(r1, stride);
            double raw = WithinBlockVariance.biasFactor(b, truth);
            assertEquals(truth, WithinBlockVariance.measuredCorrelation(1 - r1, raw, b, stride), 1e-9,
                    "r1 " + r1 + " b " + b + " stride " + stride);
        }
        // one step takes back 1% of a deviation seen in blocks of 4: no relaxation fits, too slow for any grouping
        assertEquals(1, WithinBlockVariance.measuredCorrelation(0.01, 1, 4, 1));
        assertTrue(Double.isNaN(WithinBlockVariance.measuredCorrelation(-0.1, 1, 64, 1)), "negative covariance");
    }

    @Test
    void coversTheStationaryVarianceOfAStationaryTrace() {
        TraceMoments m = traces(7, 0, 1);
        int[] beyond = new int[1];
        double[] stepRate = new double[1];
        double f = coverage(m, R, STATIONARY, e -> {
            stepRate[0] += e.stepRate() / TRACES;
            assertEquals(64, e.groupLength(), "groups of one block");
            beyond[0] += Math.abs(e.driftZ()) > 1.96 ? 1 : 0;
        });
        double g = coverage(m, Double.NaN, STATIONARY, e -> { });
        assertTrue(f >= 0.914 && f <= 0.986, "coverage with the theory's relaxation " + f);
        assertTrue(g >= 0.914 && g <= 0.986, "coverage with the measured relaxation " + g);
        assertTrue(beyond[0] >= 6 && beyond[0] <= 34, beyond[0] + " of " + TRACES + " drift scores beyond 1.96");
        // one step takes back 1 - r of the deviation: cov(s, u) = (1 - r) Var; over 400 traces of 3000 samples the
        // mean of cov / Var-hat is within about 0.003
        assertEquals(1 - R, stepRate[0], 0.01, "one-step rate");
    }

    /** Where the correction is largest: groups of about 10 relaxation times. */
    @Test
    void coversTheStationaryVarianceWhereTheGroupsAreShortest() {
        TraceMoments m = traces(10, SLOW_R, 2 * N, 0, 1);
        double f = coverage(m, SLOW_R, 1 / (1 - SLOW_R * SLOW_R),
                e -> assertTrue(e.groupLength() < 20 * e.relaxationTime(), "groups of " + e.groupLength()));
        assertTrue(f >= 0.914 && f <= 0.986, "coverage " + f);
    }

    /**
     * The fewest groups, 16: 1060 samples in 33 closed blocks of 32 (at most 34 kept), and r = 0.6 (tau 4) needs
     * groups of 2 blocks (tau between 3.2 and 6.4 does, so the measured relaxation's scatter keeps 16). The
     * standard error from 16 groups' spread has 15 degrees of freedom; widened to Student-t's quantile
     * ({@link WithinBlockVariance#studentWidening}: 1.087) the interval keeps its coverage.
     */
    @Test
    void coversTheStationaryVarianceWithTheFewestGroups() {
        double r = 0.6;
        TraceMoments m = traces(14, r, 1060, 34, 0, 1);
        double f = coverage(m, r, 1 / (1 - r * r), e -> assertEquals(WithinBlockVariance.MIN_GROUPS, e.groups(),
                "groups"));
        assertTrue(f >= 0.914 && f <= 0.986, "coverage " + f);
        assertEquals(2.131450 / 1.959964, WithinBlockVariance.studentWidening(16), 1e-5);
    }

    /**
     * The theory says the trace relaxes faster (r = 0.5, tau 3) than it does (r = 0.85, tau 12.3): the relaxation is
     * measured from the one-step covariance against the blocks' variance corrected for their own length, so the
     * groups are long enough and the correction right. Dividing by the uncorrected blocks' variance instead
     * measures tau about 10% short (11.1 for 12.3).
     */
    @Test
    void measuresTheRelaxationWhenTheTheoryIsTooFast() {
        TraceMoments m = traces(11, SLOW_R, 2 * N, 0, 1);
        double tau = (1 + SLOW_R) / (1 - SLOW_R);
        double[] meanTau = new double[1];
        double f = coverage(m, 0.5, 1 / (1 - SLOW_R * SLOW_R), e -> meanTau[0] += e.relaxationTime() / TRACES);
        assertTrue(f >= 0.914 && f <= 0.986, "coverage " + f);
        // each measured 1 - r = cov(s, u)/Var = (1 - r) - cov(s, e)/Var has sd sqrt((1 - r^2)/n) = 0.0068 at
        // n = 6000, 4.5% of 1 - r = 0.15, and tau's relative sd is about the same; the mean of 400 has 0.23%, so
        // 3.3 sd is 0.75%, plus 1/(1 - r)'s convexity bias (0.045^2 = 0.2%): within 1% of the truth
        assertEquals(tau, meanTau[0], 0.01 * tau, "mean measured relaxation time");
    }

    /**
     * A centre wandering with one period per window, adding half the fast variance to the window's: the window's
     * variance is 1.5 times the fast one, and the within-block variance covers the fast one. Its slow share is
     * {@code 1 - Var_within / (1.5 Var)}, the within-block estimate keeping what the centre moves within a group (a
     * sinusoid's variance over a segment of phase {@code omega L}: {@code (A^2/2)(omega L)^2/12}, 0.3% of Var at the
     * groups of 64 samples here); the mean over 400 traces has a standard deviation of about 0.002.
     */
    @Test
    void separatesTheFastSpreadFromAWanderingCentre() {
        double amplitude = Math.sqrt(STATIONARY);
        TraceMoments m = traces(8, amplitude, N);
        double[] sums = new double[3];
        double f = coverage(m, R, STATIONARY, e -> {
            sums[0] += e.slowShare() / TRACES;
            sums[1] += e.wholeWindowVariance() / TRACES;
            sums[2] = e.groupLength();
        });
        assertEquals(1.5 * STATIONARY, sums[1], 0.03 * STATIONARY, "the window's variance, fast plus slow");
        assertTrue(f >= 0.914 && f <= 0.986, "coverage of the fast variance " + f);
        double omegaL = 2 * Math.PI * sums[2] / N;
        double within = 1 + 0.5 * omegaL * omegaL / 12;
        assertEquals(1 - within / 1.5, sums[0], 0.01, "slow share");
    }

    /**
     * SGD on a 1-D quadratic with {@value #EPOCH} data points reshuffled every epoch (their noises sum to zero, so an
     * epoch's steps anti-correlate): the exact stationary spread is sim-core's {@link ReshufflingQuadratic1D}, per
     * trace for its own data. The raw group variance falls short of it by less than the AR(1) correction says, so
     * the truth lies between the raw and the fully corrected value (checked on the means over the traces), and the
     * bracketed correction's interval (the midpoint, the half-width as a rectangular distribution's standard
     * deviation) covers it at the nominal rate.
     */
    @Test
    void coversTheSpreadOfReshuffledData() {
        double etaH = 0.3;
        SplittableRandom rnd = new SplittableRandom(12);
        TraceMoments m = new TraceMoments(TRACES, 1, 66);
        double[][] data = new double[TRACES][EPOCH];
        double[] exact = new double[TRACES];
        for (int p = 0; p < TRACES; p++) {
            double mean = 0;
            for (int j = 0; j < EPOCH; j++) {
                data[p][j] = rnd.nextGaussian();
                mean += data[p][j] / EPOCH;
            }
            double c = 0;
            for (int j = 0; j < EPOCH; j++) {
                data[p][j] -= mean;
                c += data[p][j] * data[p][j] / EPOCH;
            }
            exact[p] = ReshufflingQuadratic1D.stationarySpread(1, etaH, c, EPOCH);
        }
        double[] x = new double[TRACES];
        double[] s = new double[TRACES];
        double[] u = new double[TRACES];
        int[][] order = new int[TRACES][];
        int burnIn = 20 * EPOCH;
        for (int t = 0; t < burnIn + N; t++) {
            int k = t % EPOCH;
            for (int p = 0; p < TRACES; p++) {
                if (k == 0) {
                    order[p] = permutation(rnd, EPOCH);
                }
                double step = etaH * x[p] + data[p][order[p][k]];
                s[p] = x[p];
                u[p] = step;
                x[p] -= step;
            }
            if (t >= burnIn) {
                m.add(s, u);
            }
        }
        double[] rawAndFull = new double[2];
        int[] p = new int[1];
        double f = coverage(m, 1 - etaH, WithinBlockVariance.LengthCorrection.BRACKETED, i -> exact[i], e -> {
            double r = (e.relaxationTime() - 1) / (e.relaxationTime() + 1);
            double beta = WithinBlockVariance.biasFactor(e.groupLength(), r);
            rawAndFull[0] += e.variance() / e.correction() / exact[p[0]] / TRACES;
            rawAndFull[1] += e.variance() / e.correction() / beta / exact[p[0]] / TRACES;
            p[0]++;
        });
        double raw = rawAndFull[0];
        double full = rawAndFull[1];
        assertTrue(raw < 1 && full > 1, "the truth between the raw (" + raw + ") and the full correction (" + full
                + ")");
        assertTrue(f >= 0.914 && f <= 0.986, "coverage " + f);
    }

    private static int[] permutation(SplittableRandom rnd, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = out[i];
            out[i] = out[j];
            out[j] = tmp;
        }
        return out;
    }

    /** An anti-correlated trace (tau below 1) in blocks of 2 samples: groups are merged to 16 samples at least. */
    @Test
    void groupsHoldSixteenSamplesHoweverFastTheRelaxation() {
        SplittableRandom rnd = new SplittableRandom(13);
        TraceMoments m = new TraceMoments(1, 2, 66);
        double x = 0;
        for (int t = 0; t < 2000; t++) {
            double next = -0.5 * x + rnd.nextGaussian();
            m.add(new double[] {x}, new double[] {x - next});
            x = next;
        }
        WithinBlockVariance.Estimate e = WithinBlockVariance.of(m, 0, -0.5, 1,
                WithinBlockVariance.LengthCorrection.INDEPENDENT).orElseThrow();
        assertTrue(e.groupLength() >= WithinBlockVariance.MIN_GROUP_SAMPLES, "groups of " + e.groupLength());
        assertTrue(Double.isFinite(e.variance()) && Double.isFinite(e.standardError()), e.toString());
        // Var = 1/(1 - 0.25) = 4/3; 2000 samples with tau2 = (1 + r^2)/(1 - r^2) = 5/3: relative SE 0.041
        assertEquals(4 / 3.0, e.variance(), 4 / 3.0 * 3.3 * 0.041, "variance");
    }

    @Test
    void refusesWhenTheGroupsCannotHoldEnoughRelaxationTimes() {
        TraceMoments m = traces(9, 0, 1);
        // r = 0.99: tau = 199 samples, groups of 10 tau = 1990 samples do not fit 16 times in 3000
        Optional<WithinBlockVariance.Estimate> e = WithinBlockVariance.of(m, 0, 0.99, 1,
                WithinBlockVariance.LengthCorrection.INDEPENDENT);
        assertTrue(e.isEmpty(), "no estimate expected, got " + e);
    }
}
