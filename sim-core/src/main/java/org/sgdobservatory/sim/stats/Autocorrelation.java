package org.sgdobservatory.sim.stats;

/**
 * Autocorrelation function and integrated autocorrelation time of stationary traces.
 *
 * <p>The normalised autocorrelation {@code rho(t)} of each trace is computed by FFT (zero-padded,
 * so it is the ordinary biased estimator {@code (1/n) sum (x_i - m)(x_{i+t} - m) / var}), then
 * averaged over traces (independent chains of the same process). The integrated time uses Sokal's
 * automatic window (Sokal 1997, "Monte Carlo methods in statistical mechanics"; as in emcee's
 * {@code autocorr.py}): {@code tau(M) = 1 + 2 sum_{t=1}^{M} rho(t)} with {@code M} the smallest
 * window such that {@code M >= c tau(M)}, {@code c = 5}. This is the ESS convention
 * ({@code ESS = n / tau}); Sokal's own convention is {@code (tau - 1)/2 + 1/2 = tau/2}. The
 * estimate is trusted when {@code n >= 50 tau}.
 */
public final class Autocorrelation {
    /** Sokal's window constant. */
    public static final double DEFAULT_WINDOW_CONSTANT = 5.0;

    private Autocorrelation() {
    }

    /**
     * The mean normalised autocorrelation over {@code traces} at lags {@code 0..maxLag}.
     *
     * @param traces independent traces of equal length {@code >= 2}
     */
    public static double[] function(double[][] traces, int maxLag) {
        int n = traces[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("traces need at least 2 samples, had " + n);
        }
        int lags = Math.min(maxLag, n - 1) + 1;
        double[] mean = new double[lags];
        int size = Integer.highestOneBit(2 * n - 1) << 1;
        for (double[] x : traces) {
            if (x.length != n) {
                throw new IllegalArgumentException("all traces must have the same length " + n);
            }
            double m = 0;
            for (double v : x) {
                m += v / n;
            }
            double[] re = new double[size];
            double[] im = new double[size];
            for (int i = 0; i < n; i++) {
                re[i] = x[i] - m;
            }
            Fft.transform(re, im, false);
            for (int i = 0; i < size; i++) {
                re[i] = re[i] * re[i] + im[i] * im[i];
                im[i] = 0;
            }
            Fft.transform(re, im, true);
            double c0 = re[0];
            if (!(c0 > 0)) {
                continue; // a constant trace carries no autocorrelation information
            }
            for (int t = 0; t < lags; t++) {
                mean[t] += re[t] / c0 / traces.length;
            }
        }
        return mean;
    }

    /** Sokal's automatic-window integrated autocorrelation time of the traces. */
    public static IntegratedTime integratedTime(double[][] traces) {
        return integratedTime(traces, DEFAULT_WINDOW_CONSTANT);
    }

    /** As {@link #integratedTime(double[][])} with window constant {@code c}. */
    public static IntegratedTime integratedTime(double[][] traces, double c) {
        int n = traces[0].length;
        double[] rho = function(traces, n - 1);
        double samples = (double) n * traces.length;
        if (rho.length > 1 && rho[1] < 0) {
            return geyer(rho, n, samples);
        }
        double tau = 1;
        int window = 0;
        for (int m = 1; m < rho.length; m++) {
            tau += 2 * rho[m];
            window = m;
            if (m >= c * tau) {
                break;
            }
        }
        return new IntegratedTime(tau, window, samples / tau, n >= 50 * tau,
                Math.sqrt(2.0 * (2 * window + 1) / n) * tau, rho.length > 1 ? rho[1] : Double.NaN,
                Method.SOKAL_WINDOW);
    }

    /**
     * Geyer's initial monotone sequence estimator (Geyer 1992, Stat. Sci. 7:473): sums of adjacent
     * pairs {@code G_k = rho(2k) + rho(2k+1)} are positive and decreasing for a reversible chain;
     * truncate at the first non-positive pair. Used when the autocorrelation oscillates
     * ({@code rho(1) < 0}, e.g. SGD with {@code eta h > 1}), where Sokal's window fails.
     */
    private static IntegratedTime geyer(double[] rho, int n, double samples) {
        double sum = 0;
        double previous = Double.POSITIVE_INFINITY;
        int k = 0;
        for (; 2 * k + 1 < rho.length; k++) {
            double pair = rho[2 * k] + rho[2 * k + 1];
            if (!(pair > 0)) {
                break;
            }
            previous = Math.min(previous, pair);
            sum += previous;
        }
        double tau = -1 + 2 * sum;
        int window = 2 * k + 1;
        return new IntegratedTime(tau, window, samples / tau, n >= 50 * Math.max(tau, 1),
                Math.sqrt(2.0 * (2 * window + 1) / n) * tau, rho[1], Method.GEYER_INITIAL_MONOTONE);
    }

    /** Which estimator produced an {@link IntegratedTime}. */
    public enum Method {
        /** Sokal's automatic window, for positive autocorrelations. */
        SOKAL_WINDOW,
        /** Geyer's initial monotone sequence, for oscillating autocorrelations. */
        GEYER_INITIAL_MONOTONE
    }

    /**
     * An integrated autocorrelation time.
     *
     * @param tau {@code 1 + 2 sum rho}, in recorded steps (ESS convention)
     * @param window Sokal's window {@code M}
     * @param effectiveSampleSize all traces' samples divided by {@code tau}
     * @param reliable whether each trace is at least {@code 50 tau} long
     * @param standardError Sokal's {@code sqrt(2(2M+1)/n) tau} for one trace
     * @param lag1 the lag-1 autocorrelation
     * @param method the estimator used
     */
    public record IntegratedTime(double tau, int window, double effectiveSampleSize, boolean reliable,
            double standardError, double lag1, Method method) {
    }
}
