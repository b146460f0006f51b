package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** TraceMoments against direct two-pass formulas, and the exactness of merging two segments. */
class TraceMomentsTest {

    private static final int P = 3;
    private static final int N = 1000;

    /** Three AR(1) traces with different r (one far from 0) and updates correlated with them. */
    static double[][][] series() {
        Random rnd = new Random(11);
        double[][] theta = new double[N][P];
        double[][] upd = new double[N][P];
        double[] r = {0.5, 0.9, -0.3};
        double[] centre = {0, 0, 1e3};
        double[] x = {1.0, -2.0, 1e3};
        for (int t = 0; t < N; t++) {
            for (int p = 0; p < P; p++) {
                double noise = rnd.nextGaussian();
                theta[t][p] = x[p];
                upd[t][p] = 0.1 * (0.7 * (x[p] - centre[p]) + noise);
                x[p] = centre[p] + r[p] * (x[p] - centre[p]) + 0.1 * noise;
            }
        }
        return new double[][][] {theta, upd};
    }

    private static TraceMoments run(double[][][] s, int from, int to, int block, int maxBlocks) {
        TraceMoments m = new TraceMoments(P, block, maxBlocks);
        for (int t = from; t < to; t++) {
            m.add(s[0][t], s[1][t]);
        }
        return m;
    }

    @Test
    void meanVarianceAndFluctuationDissipationMatchTwoPassFormulas() {
        double[][][] s = series();
        TraceMoments m = run(s, 0, N, 16, 64);
        for (int p = 0; p < P; p++) {
            double mean = 0;
            double meanU = 0;
            for (int t = 0; t < N; t++) {
                mean += s[0][t][p] / N;
                meanU += s[1][t][p] / N;
            }
            double var = 0;
            double cov = 0;
            double u2 = 0;
            for (int t = 0; t < N; t++) {
                var += (s[0][t][p] - mean) * (s[0][t][p] - mean) / N;
                cov += (s[0][t][p] - mean) * (s[1][t][p] - meanU) / N;
                u2 += s[1][t][p] * s[1][t][p] / N;
            }
            // sums of values shifted by the first sample, in double: p = 2 sits at 1e3 with spread 0.1, and the
            // shifted sums keep ~1e-12 relative accuracy; 1e-9 leaves a wide margin and still catches any slip
            assertEquals(mean, m.meanTheta()[p], 1e-9 * Math.abs(mean) + 1e-12, "mean theta p=" + p);
            assertEquals(var, m.varianceTheta()[p], 1e-9 * var, "variance theta p=" + p);
            assertEquals(2 * cov / u2, m.fluctuationDissipationRatio()[p], 1e-9, "FDR ratio p=" + p);
            double m4 = 0;
            for (int t = 0; t < N; t++) {
                double d = s[0][t][p] - mean;
                m4 += d * d * d * d / N;
            }
            // from power sums up to y^4 about the first value: cancellation costs ~(max|y|/sd)^4 ulps, still below 1e-8
            assertEquals(m4, m.fourthCentralMoment()[p], 1e-8 * m4, "fourth central moment p=" + p);
        }
    }

    @Test
    void squaredDeviationBlocksAreTheBlockMeansOfTheSquaredDeviations() {
        double[][][] s = series();
        TraceMoments m = run(s, 0, N, 10, 8);
        BlockMeans sq = m.squaredDeviationBlockMeans();
        long length = m.blockLength();
        double[] mean = m.meanTheta();
        for (int i = 0; i < sq.blocks(); i++) {
            for (int p = 0; p < P; p++) {
                double direct = 0;
                for (long t = i * length; t < (i + 1) * length; t++) {
                    double d = s[0][(int) t][p] - mean[p];
                    direct += d * d / length;
                }
                // FLOAT block sums of y and y^2 (y about the first value), combined in double: a few roundings of
                // 2^-24 relative to the largest shifted square
                double scale = maxAbsShifted(s, p) * maxAbsShifted(s, p);
                assertEquals(direct, sq.mean(i, p), 8 * Math.ulp(1f) * scale + 1e-12, "block " + i + ", p=" + p);
            }
        }
    }

    @Test
    void blockMeansAreTheMeansOfConsecutiveBlocksAndCoarsenByDoubling() {
        double[][][] s = series();
        // 1000 samples in blocks of 10 with room for 8: coarsening at 8 blocks -> 4 of 20, 8 -> 4 of 40, ...
        TraceMoments m = run(s, 0, N, 10, 8);
        BlockMeans b = m.blockMeans();
        long length = m.blockLength();
        assertEquals(N / length, b.blocks(), "every full block of the final length is closed");
        for (int i = 0; i < b.blocks(); i++) {
            assertEquals(length, b.count(i), "block " + i + " length");
            for (int p = 0; p < P; p++) {
                double direct = 0;
                for (long t = i * length; t < (i + 1) * length; t++) {
                    direct += (s[0][(int) t][p] - s[0][0][p]) / length;
                }
                // FLOAT block sums of the shifted trace: each coarsening adds one rounding of at most 2^-24
                // relative to a partial sum bounded by length * max|y|
                double tolerance = 4 * Math.ulp(1f) * maxAbsShifted(s, p);
                assertEquals(s[0][0][p] + direct, b.mean(i, p), tolerance, "block " + i + ", p=" + p);
            }
        }
    }

    private static double maxAbsShifted(double[][][] s, int p) {
        double max = 0;
        for (double[] row : s[0]) {
            max = Math.max(max, Math.abs(row[p] - s[0][0][p]));
        }
        return max;
    }

    @Test
    void mergingTwoSegmentsEqualsOnePass() {
        double[][][] s = series();
        TraceMoments one = run(s, 0, N, 16, 64);
        int split = 480; // a multiple of the block length 16: block sums merge exactly
        TraceMoments merged = run(s, 0, split, 16, 64).merge(run(s, split, N, 16, 64));
        assertEquals(one.count(), merged.count(), "count");
        assertArrays(one.meanTheta(), merged.meanTheta(), "mean theta");
        assertArrays(one.varianceTheta(), merged.varianceTheta(), "variance theta");
        assertArrays(one.fluctuationDissipationRatio(), merged.fluctuationDissipationRatio(), "FDR");
        assertArrays(one.fourthCentralMoment(), merged.fourthCentralMoment(), "fourth central moment");
        BlockMeans sqOne = one.squaredDeviationBlockMeans();
        BlockMeans sqMerged = merged.squaredDeviationBlockMeans();
        for (int i = 0; i < sqOne.blocks(); i++) {
            for (int p = 0; p < P; p++) {
                double scale = maxAbsShifted(s, p) * maxAbsShifted(s, p);
                assertEquals(sqOne.mean(i, p), sqMerged.mean(i, p), 8 * Math.ulp(1f) * scale + 1e-12,
                        "squared-deviation block " + i + ", p=" + p);
            }
        }
        BlockMeans a = one.blockMeans();
        BlockMeans b = merged.blockMeans();
        assertEquals(a.blocks(), b.blocks(), "closed blocks");
        for (int i = 0; i < a.blocks(); i++) {
            assertEquals(a.count(i), b.count(i), "block " + i + " count");
            for (int p = 0; p < P; p++) {
                // the later segment's FLOAT block sums are re-shifted, then rounded again: 2 roundings
                double tolerance = 2 * Math.ulp(1f) * maxAbsShifted(s, p);
                assertEquals(a.mean(i, p), b.mean(i, p), tolerance, "block " + i + ", p=" + p);
            }
        }
        // both end in an open block of 8 samples; 8 more close it, and the merged open block must match
        for (int t = 0; t < 8; t++) {
            one.add(s[0][t], s[1][t]);
            merged.add(s[0][t], s[1][t]);
        }
        BlockMeans closedOne = one.blockMeans();
        BlockMeans closedMerged = merged.blockMeans();
        int last = closedOne.blocks() - 1;
        assertEquals(closedOne.blocks(), closedMerged.blocks(), "the open block closed in both");
        for (int p = 0; p < P; p++) {
            assertEquals(closedOne.mean(last, p), closedMerged.mean(last, p), 2 * Math.ulp(1f) * maxAbsShifted(s, p),
                    "block continued across the merge, p=" + p);
        }
        TraceMoments empty = new TraceMoments(P, 16, 64);
        assertArrays(one.varianceTheta(), empty.merge(one).varianceTheta(), "an empty earlier segment");
        assertArrays(one.varianceTheta(), one.merge(empty).varianceTheta(), "an empty later segment");
    }

    @Test
    void rejectsMismatchedInputWithTheSizes() {
        TraceMoments m = new TraceMoments(P, 4, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.add(new double[P], new double[P + 1]));
        assertEquals("expected 3 values, got theta 3 and update 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TraceMoments(P, 4, 7), "odd block capacity");
        assertThrows(IllegalArgumentException.class, () -> m.merge(new TraceMoments(P + 1, 4, 8)), "other size");
    }

    @Test
    void holdsTenDoublesAndTwoFloatsPerBlockPerParameter() {
        assertEquals(8 * 10 + 8 * 66, TraceMoments.bytesPerParameter(66), "the listener's setting");
        assertEquals(TraceMoments.bytesPerParameter(8), new TraceMoments(P, 4, 8).bytesPerParameter(), "instance");
    }

    private static void assertArrays(double[] expected, double[] actual, String what) {
        for (int p = 0; p < expected.length; p++) {
            // merging reorders floating-point sums only: agreement to ~1e-12 relative of the scale
            double scale = Math.max(1e-12, Math.abs(expected[p]));
            assertEquals(expected[p], actual[p], 1e-9 * scale, what + " p=" + p);
        }
    }

    /**
     * The listener calls {@code add} on every observed iteration, so it must make no garbage: once every block row
     * exists (the first {@code maxBlocks} blocks), closing a block writes into its row. With an open window (block
     * length 1 at first) blocks close every few samples; a temporary {@code double[size]} per close made ~50 kB
     * of garbage per iteration on average in the listener benchmark's first seconds
     * (BENCHMARKS.md#what-observing-costs). 1000 samples of 10 000 parameters here close about 85 blocks (6.9 MB with
     * the temporary); the bound allows the thread's allocation counter a few kB of unrelated noise.
     */
    @Test
    void addingSamplesAllocatesNothingOnceTheBlockRowsExist() {
        int size = 10_000;
        TraceMoments m = new TraceMoments(size, 1, 66);
        double[] theta = new double[size];
        double[] update = new double[size];
        Random rnd = new Random(3);
        for (int t = 0; t < 200; t++) {
            theta[t % size] = rnd.nextGaussian();
            m.add(theta, update);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 1000; t++) {
            theta[t % size] = rnd.nextGaussian();
            m.add(theta, update);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 16_384, "1000 samples allocated " + allocated + " bytes");
    }
}
