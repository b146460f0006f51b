package org.sgdobservatory.listener.stats;

/**
 * Batch means at several block lengths, for traces whose autocorrelation time may be comparable to the
 * block length (docs/estimators.md#batch-means). Stateless and thread-safe.
 *
 * <p>A batch-means estimate at block length {@code B}, {@code tau_B = B Var(block means) / Var}, sees only
 * correlations shorter than the block: for an AR(1) chain with {@code rho_k = r^k} and
 * {@code tau = (1+r)/(1-r)} its expectation is
 * {@code tau_B = 1 + 2 sum_{k<B} (1 - k/B) r^k ~ tau (1 - (u/2)(1 - e^{-2/u}))} with {@code u = tau/B}
 * (the continuous-time limit, exact to {@code O(1/tau)}), which never exceeds {@code B}. The estimator
 * therefore merges neighbouring closed blocks into levels of {@code k = 1, 2, 3, 4, 6, 8, 12, 16, ...}
 * blocks each, keeping levels with at least {@link #MIN_BLOCKS} blocks, inverts the AR(1) bias at each
 * level ({@code tau = B u(tau_B/B)}; possible only while {@code tau_B/B < f(1) = 1 - (1 - e^{-2})/2}, i.e.
 * {@code tau < B}). The coarsest level's corrected value is the pilot: when its block is shorter than
 * {@link #BLOCKS_PER_TAU} pilots, tau is not resolved, the pilot is a lower bound and the parameter is "window
 * too short to judge"; otherwise the estimate is taken at the finest level whose block is at least
 * {@link #BLOCKS_PER_TAU} pilots long, where batch means have stopped growing with B. (Choosing the level by
 * each level's own estimate would prefer levels that happen to come out low: a 20% downward selection bias
 * for tau = 200 in 6000 samples.)
 *
 * <p>The relative standard error of a batch-means estimate with {@code a} blocks is about
 * {@code sqrt(2/(a-1))} (chi-square with {@code a-1} degrees of freedom; Flegal and Jones 2010), multiplied
 * here by the sensitivity {@code d log tau / d log tau_B} of the bias correction.
 */
public final class MultiLevelBatchMeans {

    /** Fewest blocks a level may have (relative standard error {@code sqrt(2/7) = 0.53} at 8). */
    public static final int MIN_BLOCKS = 8;

    /** A level resolves tau when its block length is at least this many times the corrected tau. */
    public static final double BLOCKS_PER_TAU = 2.0;

    private static final int[] MERGES = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

    /** {@code f(1)}: the largest {@code tau_B / B} an AR(1) chain with {@code tau <= B} produces. */
    static final double MAX_RESOLVABLE_FRACTION = biasFraction(1.0);

    private MultiLevelBatchMeans() {
    }

    /**
     * The integrated autocorrelation time of parameter {@code p} from the window's closed blocks of modal
     * length (shorter blocks, left by a merge of two windows, are skipped).
     *
     * @param variance the window's variance of the parameter
     * @return the estimate, {@link BatchMeansTau#unavailable()} with fewer than {@link #MIN_BLOCKS} blocks or a
     *     non-positive variance
     */
    public static BatchMeansTau tau(BlockMeans blocks, int p, double variance) {
        long b = modalLength(blocks);
        double[] means = modalMeans(blocks, p, b, 0);
        if (means.length < MIN_BLOCKS || !(variance > 0)) {
            return BatchMeansTau.unavailable();
        }
        int levels = 0;
        while (levels < MERGES.length && means.length / MERGES[levels] >= MIN_BLOCKS) {
            levels++;
        }
        BatchMeansTau[] atLevel = new BatchMeansTau[levels];
        for (int l = 0; l < levels; l++) {
            int k = MERGES[l];
            int a = means.length / k;
            long blockLength = b * k;
            double raw = blockLength * sampleVariance(merge(means, k)) / variance;
            double x = raw / blockLength;
            if (x < MAX_RESOLVABLE_FRACTION) {
                double u = inverse(x);
                double tau = blockLength * u;
                atLevel[l] = new BatchMeansTau(tau, tau * Math.sqrt(2.0 / (a - 1)) * sensitivity(x, u), blockLength,
                        a, false);
            } else {
                // tau_B is already close to B: tau is at least about B
                atLevel[l] = new BatchMeansTau(Math.max(raw, blockLength), Double.NaN, blockLength, a, false);
            }
        }
        BatchMeansTau pilot = atLevel[levels - 1];
        if (!(pilot.standardError() >= 0) || pilot.blockLength() < BLOCKS_PER_TAU * pilot.tau()) {
            return pilot;
        }
        for (BatchMeansTau t : atLevel) {
            if (t.standardError() >= 0 && t.blockLength() >= BLOCKS_PER_TAU * pilot.tau()) {
                return new BatchMeansTau(t.tau(), t.standardError(), t.blockLength(), t.blocks(), true);
            }
        }
        return pilot;
    }

    /**
     * Spectral density at zero {@code S = Var tau} of parameter {@code p} from the modal-length blocks
     * {@code from..} to the end (the reference part of the drift test).
     *
     * <p>Levels are tried from fine to coarse on linearly detrended block means (so a drift does not pass for a
     * long correlation; the trend's share {@code slope^2 n^2/12} is also taken out of {@code variance}); the
     * first level whose block is at least {@link #BLOCKS_PER_TAU} times both its AR(1)-corrected tau and
     * {@code predictedTau} gives {@code S = B s^2_detrended} times the AR(1) bias correction, with
     * {@code a - 2} degrees of freedom. When no level qualifies (tau comparable to the reference part), the
     * coarsest level with at least {@link #MIN_BLOCKS} blocks is used without detrending, its correction
     * saturated at {@code tau = B}, and raised to {@code Var predictedTau} when the theory's tau is longer than
     * that (a saturated correction alone would still underestimate S by about {@code tau/B} for
     * {@code tau >> B}), with {@code a - 1} degrees of freedom. The theory's floor
     * matters: without it, chance underestimates of a long tau pick too fine a level (simulated false-positive
     * rate of the drift test 0.5% instead of 0.13% for AR(1) with tau = 600 in 6000 samples).
     *
     * @param variance the window's variance of the parameter (sets only the bias correction)
     * @param predictedTau the theory's relaxation time, NaN when there is none
     * @return {@code {S, degrees of freedom}}; {@code {NaN, 0}} with fewer than {@link #MIN_BLOCKS} blocks
     */
    static double[] spectralDensityAtZero(BlockMeans blocks, int p, double variance, int from,
                                          double predictedTau) {
        long b = modalLength(blocks);
        double[] means = modalMeans(blocks, p, b, from);
        if (means.length < MIN_BLOCKS || !(variance > 0)) {
            return new double[] {Double.NaN, 0};
        }
        long window = 0;
        for (int i = 0; i < blocks.blocks(); i++) {
            window += blocks.count(i);
        }
        double floor = predictedTau > 0 ? predictedTau : 0;
        int coarsest = 1;
        for (int k : MERGES) {
            if (means.length / k < MIN_BLOCKS) {
                break;
            }
            coarsest = k;
            double[] level = merge(means, k);
            long blockLength = b * k;
            double[] fit = detrend(level);
            double slopePerSample = fit[1] / blockLength;
            double v = variance - slopePerSample * slopePerSample * window * (double) window / 12;
            double raw = blockLength * fit[0];
            double x = raw / (v * blockLength);
            if (v > 0 && x > 0 && x < MAX_RESOLVABLE_FRACTION) {
                double u = inverse(x);
                if (blockLength >= BLOCKS_PER_TAU * Math.max(blockLength * u, floor)) {
                    return new double[] {raw * u / x, level.length - 2};
                }
            }
        }
        double[] level = merge(means, coarsest);
        long blockLength = b * coarsest;
        double raw = blockLength * sampleVariance(level);
        double x = raw / (variance * blockLength);
        double xc = Math.min(x, MAX_RESOLVABLE_FRACTION * (1 - 1e-9));
        double correction = x > 0 ? inverse(xc) / xc : 1.0;
        // the saturated correction assumes tau = B; when the theory's tau is longer, S is at least Var tau
        double theory = predictedTau > 0 && Double.isFinite(predictedTau) ? variance * predictedTau : 0;
        return new double[] {Math.max(raw * correction, theory), level.length - 1};
    }

    /** Least-squares line through {@code v} against its index: {@code {residual variance RSS/(a-2), slope}}. */
    private static double[] detrend(double[] v) {
        int a = v.length;
        double tm = (a - 1) / 2.0;
        double m = 0;
        for (double d : v) {
            m += d;
        }
        m /= a;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < a; i++) {
            sxy += (i - tm) * (v[i] - m);
            sxx += (i - tm) * (i - tm);
        }
        double slope = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < a; i++) {
            double r = v[i] - m - slope * (i - tm);
            rss += r * r;
        }
        return new double[] {rss / (a - 2), slope};
    }

    /** Expected {@code tau_B / B} of an AR(1) chain with {@code u = tau / B}: {@code u (1 - (u/2)(1 - e^{-2/u}))}. */
    static double biasFraction(double u) {
        return biasFraction(u, gap(u));
    }

    /** {@code 1 - e^{-2/u}}, which the bias model and its slope share. */
    private static double gap(double u) {
        return -Math.expm1(-2 / u);
    }

    /** {@link #biasFraction(double)} with {@code g = gap(u)} known. */
    private static double biasFraction(double u, double g) {
        return u * (1 - 0.5 * u * g);
    }

    /** {@link #biasSlope(double)} with {@code g = gap(u)} known. */
    private static double biasSlope(double u, double g) {
        return 2 - g - u * g;
    }

    /**
     * The {@code u} in {@code (0, 1]} with {@code biasFraction(u) = x} ({@code biasFraction} is increasing), by
     * Newton's method on the analytic derivative ({@link #biasSlope}) kept inside a shrinking bracket (a step that
     * leaves it bisects instead), to {@code 1e-15} relative. It starts at {@code 1 - sqrt(1 - 2x)} (computed as
     * {@code 2x / (1 + sqrt(1 - 2x))}, without cancellation), the root of {@code u - u^2/2}, which
     * {@code biasFraction} equals up to {@code (u^2/2) e^{-2/u}}: exact for small {@code u}, at or above the root
     * everywhere (but for rounding; the bracket takes either side), and 1 for {@code x > 1/2}. From there it takes one
     * to six evaluations of the model, about four on average over {@code u} in {@code (0, 1]}; the statistics of every
     * tracked parameter call this several times.
     * {@code x <= 0} or NaN gives {@code 2^-61}, {@code x} at or above {@code biasFraction(1)} gives 1.
     */
    static double inverse(double x) {
        if (!(x > 0)) {
            return 0x1p-61;
        }
        if (x >= MAX_RESOLVABLE_FRACTION) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        double u = Math.min(1, 2 * x / (1 + Math.sqrt(Math.max(0, 1 - 2 * x))));
        for (int i = 0; i < 200; i++) {
            double g = gap(u);
            double f = biasFraction(u, g) - x;
            if (f == 0) {
                return u;
            }
            if (f < 0) {
                lo = u;
            } else {
                hi = u;
            }
            double next = u - f / biasSlope(u, g);
            // converged before the bracket is checked: a converged step may land on the bracket's end
            if (Math.abs(next - u) <= 1e-15 * u) {
                return next;
            }
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            u = next;
        }
        return u;
    }

    /** {@code d biasFraction / du = 2 - g - u g}, {@code g = 1 - e^{-2/u}}. */
    static double biasSlope(double u) {
        return biasSlope(u, gap(u));
    }

    /** {@code d log u / d log x} of the inverse at {@code x}: {@code x / (u biasSlope(u))}, {@code u = inverse(x)}. */
    static double sensitivity(double x) {
        return sensitivity(x, inverse(x));
    }

    /** {@link #sensitivity(double)} with {@code u = inverse(x)} known. */
    private static double sensitivity(double x, double u) {
        return x / (u * biasSlope(u));
    }

    private static long modalLength(BlockMeans blocks) {
        long b = 0;
        for (int i = 0; i < blocks.blocks(); i++) {
            b = Math.max(b, blocks.count(i));
        }
        return b;
    }

    /**
     * The means of parameter {@code p} over the blocks {@code from..} of length {@code b}, in order: a plain loop, as
     * this runs for every tracked parameter (a stream's buffers cost a third of the window's statistics).
     */
    private static double[] modalMeans(BlockMeans blocks, int p, long b, int from) {
        int start = Math.max(0, from);
        int n = 0;
        for (int i = start; i < blocks.blocks(); i++) {
            if (blocks.count(i) == b) {
                n++;
            }
        }
        double[] out = new double[n];
        for (int i = start, j = 0; i < blocks.blocks(); i++) {
            if (blocks.count(i) == b) {
                out[j++] = blocks.mean(i, p);
            }
        }
        return out;
    }

    /** Means of {@code k} neighbouring values; a remainder shorter than {@code k} is dropped. */
    private static double[] merge(double[] means, int k) {
        double[] out = new double[means.length / k];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += means[i * k + j];
            }
            out[i] = s / k;
        }
        return out;
    }

    private static double sampleVariance(double[] v) {
        double m = 0;
        for (double d : v) {
            m += d;
        }
        m /= v.length;
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return ss / (v.length - 1);
    }
}
