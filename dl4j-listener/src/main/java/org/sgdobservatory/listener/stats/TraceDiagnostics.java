package org.sgdobservatory.listener.stats;

/**
 * Estimators on a finished {@link StreamingMoments}: integrated autocorrelation time (Sokal's automatic
 * window, falling back to batch means when the window is not reached within {@code maxLag}), effective
 * sample size, the standard error of the sample variance, and the Geweke split-window drift statistic
 * (THEORY.md 3; THEORY-NOTES.md 6.3, 6.4). Stateless and thread-safe.
 */
public final class TraceDiagnostics {

    /** Sokal's window constant {@code c}: the smallest window M with {@code M >= c tau(M)}. */
    public static final double SOKAL_C = 5.0;

    private TraceDiagnostics() {
    }

    /**
     * Integrated autocorrelation time of one parameter.
     *
     * @param rho autocorrelations at lags 1..L
     * @param batchMeansTau the batch-means estimate, NaN when unavailable
     * @return tau and tau2; Sokal's window when reached within L lags, else batch means (tau2 from the
     *     AR(1) chain with the same tau: {@code r = (tau-1)/(tau+1)}, {@code tau2 = (1+r^2)/(1-r^2)})
     */
    public static AutocorrelationTime autocorrelationTime(double[] rho, double batchMeansTau) {
        double tau = 1.0;
        double tau2 = 1.0;
        for (int m = 1; m <= rho.length; m++) {
            tau += 2 * rho[m - 1];
            tau2 += 2 * rho[m - 1] * rho[m - 1];
            if (m >= SOKAL_C * tau) {
                return new AutocorrelationTime(Math.max(tau, 1e-3), tau2, "sokal-window");
            }
        }
        if (batchMeansTau > 0 && Double.isFinite(batchMeansTau)) {
            double r = (batchMeansTau - 1) / (batchMeansTau + 1);
            double t2 = r <= -1 || r >= 1 ? Double.NaN : (1 + r * r) / (1 - r * r);
            return new AutocorrelationTime(Math.max(batchMeansTau, tau), Math.max(t2, tau2), "batch-means");
        }
        return new AutocorrelationTime(Double.NaN, Double.NaN, "none");
    }

    /**
     * Batch-means integrated autocorrelation time of parameter {@code p}:
     * {@code tau = b * Var(block means) / Var} over closed blocks of the modal length b (Flegal and Jones
     * 2010); NaN with fewer than 4 such blocks.
     */
    public static double batchMeansTau(StreamingMoments.BlockMeans blocks, int p, double variance) {
        long b = 0;
        for (int i = 0; i < blocks.blocks(); i++) {
            b = Math.max(b, blocks.count(i));
        }
        double sum = 0;
        int a = 0;
        for (int i = 0; i < blocks.blocks(); i++) {
            if (blocks.count(i) == b) {
                sum += blocks.mean(i, p);
                a++;
            }
        }
        if (a < 4 || !(variance > 0)) {
            return Double.NaN;
        }
        double mean = sum / a;
        double ss = 0;
        for (int i = 0; i < blocks.blocks(); i++) {
            if (blocks.count(i) == b) {
                double d = blocks.mean(i, p) - mean;
                ss += d * d;
            }
        }
        return b * ss / (a - 1) / variance;
    }

    /**
     * Standard error of a sample variance of {@code n} autocorrelated Gaussian samples (Bartlett):
     * {@code Var * sqrt(2 tau2 / n)}.
     */
    public static double varianceStandardError(double variance, double tauSquared, long n) {
        return variance * Math.sqrt(2 * tauSquared / n);
    }

    /**
     * Geweke's z for parameter {@code p}: mean of the first 10% of the closed blocks minus the mean of the
     * last 50% (coda's defaults), in standard errors {@code sqrt(S/n_A + S/n_B)}. Under the null (stationary)
     * both parts share the spectral density at zero {@code S}; it is estimated by batch means over the later
     * half only, {@code S = b Var_B(block means)}, so a transient at the start inflates the numerator but not
     * the standard error (Geweke 1992 estimates S per part; the shared estimate is more powerful against
     * burn-in). NaN with fewer than 20 closed blocks.
     */
    public static double gewekeZ(StreamingMoments.BlockMeans blocks, int p) {
        int a = blocks.blocks();
        if (a < 20) {
            return Double.NaN;
        }
        int first = Math.max(2, (int) Math.round(0.1 * a));
        int lastFrom = a - a / 2;
        double[] partA = segment(blocks, p, 0, first);
        double[] partB = segment(blocks, p, lastFrom, a);
        // partB[1] is the variance of one block mean, S / b; n_A = first * b, n_B = (a - lastFrom) * b
        double se = Math.sqrt(partB[1] / first + partB[1] / (a - lastFrom));
        return (partA[0] - partB[0]) / se;
    }

    /** Mean and sample variance of block means {@code from..to-1}. */
    private static double[] segment(StreamingMoments.BlockMeans blocks, int p, int from, int to) {
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
