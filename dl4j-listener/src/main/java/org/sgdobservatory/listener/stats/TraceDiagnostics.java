package org.sgdobservatory.listener.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Estimators on a finished {@link TraceMoments}: integrated autocorrelation time (multi-level batch means with the
 * theory's floor), effective sample size, the standard error of the sample variance, and the Geweke split-window
 * drift test (docs/estimators.md#batch-means, docs/estimators.md#standard-error-of-a-variance,
 * docs/estimators.md#geweke-drift-test). Stateless and thread-safe.
 */
public final class TraceDiagnostics {

    private TraceDiagnostics() {
    }

    /**
     * Standard error of a sample variance of {@code n} autocorrelated Gaussian samples (Bartlett):
     * {@code Var * sqrt(2 tau2 / n)}.
     */
    public static double varianceStandardError(double variance, double tauSquared, long n) {
        return variance * Math.sqrt(2 * tauSquared / n);
    }

    /**
     * Integrated autocorrelation time of one parameter from multi-level batch means, with an optional theoretical
     * floor. (Sokal's window over the lag autocovariances, used before, resolves only tau below {@code maxLag / 5}
     * observations, where the finest batch-means level resolves it too; dropping the lags cut the per-parameter
     * memory from 2444 to about 350 bytes, BENCHMARKS.md#memory.)
     *
     * @param batchMeans the {@link MultiLevelBatchMeans} estimate
     * @param predictedTau the relaxation time the theory predicts for this parameter (for SGD on a quadratic
     *     {@code (2 - eta h)/(eta h)}), NaN when there is none; used only when the data give a lower bound
     * @return the batch-means estimate ({@code batch-means}) when its block length resolves tau; else a lower
     *     bound ({@code batch-means-lower-bound}), raised to {@code predictedTau} when that is larger
     *     ({@code theory-floor}); tau2 from the AR(1) chain with the same tau. {@code none} without any estimate.
     */
    public static AutocorrelationTime autocorrelationTime(BatchMeansTau batchMeans, double predictedTau) {
        if (!batchMeans.available()) {
            return new AutocorrelationTime(Double.NaN, Double.NaN, "none");
        }
        // anti-correlated traces (momentum, limit cycles) have tau < 1; the floor only keeps ESS finite
        double tau = Math.max(batchMeans.tau(), 1e-3);
        String method = "batch-means";
        if (!batchMeans.resolved()) {
            method = AutocorrelationTime.LOWER_BOUND;
            if (predictedTau > tau && Double.isFinite(predictedTau)) {
                tau = predictedTau;
                method = AutocorrelationTime.THEORY_FLOOR;
            }
        }
        return AutocorrelationTime.ar1(tau, method);
    }

    /**
     * The relaxation time of SGD on a quadratic with step {@code eta h}, {@code tau = (2 - eta h)/(eta h)}
     * (ESS convention, AR(1) with {@code r = 1 - eta h};
     * docs/theory.md#sgd-on-a-1-d-quadratic); NaN unless {@code 0 < eta h < 2}.
     * For RmsProp pass its effective per-parameter rate.
     */
    public static double predictedTau(double learningRate, double curvature) {
        double eh = learningRate * curvature;
        return eh > 0 && eh < 2 ? (2 - eh) / eh : Double.NaN;
    }

    /**
     * Geweke's z for parameter {@code p}, as a standard-normal score: the mean of the first 10% of the closed
     * blocks minus the mean of the last 50% (coda's defaults), in standard errors {@code sqrt(S/n_A + S/n_B)}.
     * Under the null (stationary) both parts share the spectral density at zero {@code S = Var tau}; it is
     * estimated from the blocks after the first part only (so a transient at the start inflates the numerator,
     * not the standard error; Geweke 1992 estimates S per part, the shared estimate is more powerful against
     * burn-in), by {@link MultiLevelBatchMeans#spectralDensityAtZero} at a block length long relative to tau
     * (and to {@code predictedTau}) and corrected for that block length's AR(1) bias, so it stays honest when
     * tau is comparable to the block length. The ratio is Student-t with the degrees of freedom of that
     * batch-means estimate and is returned as the normal score of the same two-sided p-value, so
     * {@code |z| > 3.29} keeps meaning p < 0.001 however few blocks there are. NaN with fewer than 20 closed
     * blocks or a non-positive variance.
     *
     * @param variance the window's variance of the parameter (sets only the bias correction)
     * @param predictedTau the theory's relaxation time (see {@link #predictedTau}), NaN when there is none: a
     *     floor on the block length used for S
     */
    public static double gewekeZ(BlockMeans blocks, int p, double variance, double predictedTau) {
        int a = blocks.blocks();
        if (a < 20 || !(variance > 0)) {
            return Double.NaN;
        }
        int first = Math.max(2, (int) Math.round(0.1 * a));
        int lastFrom = a - a / 2;
        double[] partA = segment(blocks, p, 0, first);
        double[] partB = segment(blocks, p, lastFrom, a);
        double[] spectral = MultiLevelBatchMeans.spectralDensityAtZero(blocks, p, variance, first,
                predictedTau);
        if (!(spectral[0] > 0)) {
            return Double.NaN;
        }
        long nA = 0;
        long nB = 0;
        for (int i = 0; i < first; i++) {
            nA += blocks.count(i);
        }
        for (int i = lastFrom; i < a; i++) {
            nB += blocks.count(i);
        }
        double se = Math.sqrt(spectral[0] / nA + spectral[0] / nB);
        return studentToNormalScore((partA[0] - partB[0]) / se, spectral[1]);
    }

    /**
     * The standard-normal score with the same two-sided p-value as {@code t} under Student-t({@code nu}). Where
     * that p-value underflows a double (beyond ~1e-300), both tails are taken from their asymptotic forms:
     * {@code ln P(T > t) ~ ln(Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2)) nu^{(nu+1)/2} / nu) - nu ln t} and
     * {@code ln P(Z > z) ~ -z^2/2 - ln z - ln sqrt(2 pi) + ln(1 - 1/z^2)}, solved for z by fixed-point
     * iteration (within 1e-5 relative of the exact score already at t = 1000 for nu = 6..62).
     */
    static double studentToNormalScore(double t, double nu) {
        if (!Double.isFinite(t) || !(nu >= 1)) {
            return t;
        }
        double tail = new TDistribution(null, nu).cumulativeProbability(-Math.abs(t));
        double z = tail > 1e-300 ? -new NormalDistribution(null, 0, 1).inverseCumulativeProbability(tail)
                : Double.NaN;
        if (!Double.isFinite(z)) {
            double logTail = Gamma.logGamma((nu + 1) / 2) - Gamma.logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI)
                    + (nu + 1) / 2 * Math.log(nu) - Math.log(nu) - nu * Math.log(Math.abs(t));
            z = Math.sqrt(-2 * logTail);
            for (int i = 0; i < 30; i++) {
                z = Math.sqrt(Math.max(1, -2 * logTail - Math.log(2 * Math.PI) - 2 * Math.log(z)
                        + 2 * Math.log(1 - 1 / (z * z))));
            }
        }
        return Math.copySign(z, t);
    }

    /** Mean and sample variance of block means {@code from..to-1}. */
    private static double[] segment(BlockMeans blocks, int p, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m += blocks.mean(i, p);
        }
        m /= to - from;
        double ss = 0;
        for (int i = from; i < to; i++) {
            double d = blocks.mean(i, p) - m;
            ss += d * d;
        }
        return new double[] {m, ss / (to - from - 1)};
    }

    /**
     * A 95% interval for a variance with relative standard error {@code rse}: the equivalent chi-square
     * degrees of freedom are {@code nu = 2 / rse^2} (matching Bartlett's standard error), and the interval is
     * {@code [Var nu / chi2_{nu, 0.975}, Var nu / chi2_{nu, 0.025}]} with the Wilson-Hilferty approximation
     * {@code chi2_p ~ nu (1 - 2/(9 nu) + z_p sqrt(2/(9 nu)))^3}.
     *
     * @return {@code {low, high}}; NaN when the variance or its standard error is not finite and positive
     */
    public static double[] varianceInterval95(double variance, double standardError) {
        if (!(variance > 0) || !(standardError > 0) || !Double.isFinite(standardError)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double rse = standardError / variance;
        double nu = 2 / (rse * rse);
        return new double[] {variance * nu / chiSquareQuantile(nu, 1.959964),
            variance * nu / chiSquareQuantile(nu, -1.959964)};
    }

    private static double chiSquareQuantile(double nu, double z) {
        double a = 2 / (9 * nu);
        double c = 1 - a + z * Math.sqrt(a);
        return nu * Math.max(c, 1e-3) * Math.max(c, 1e-3) * Math.max(c, 1e-3);
    }
}
