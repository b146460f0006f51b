package org.sgdobservatory.sim.distance;

import java.util.function.DoubleUnaryOperator;

/**
 * The Kolmogorov-Smirnov distance between a sample and a continuous distribution function
 * (docs/estimators.md#distances-between-a-trace-and-a-density):
 * <pre>
 *   D = max_i max( i/n - F(x_(i)), F(x_(i)) - (i-1)/n ),   x_(1) &lt;= ... &lt;= x_(n).
 * </pre>
 * For i.i.d. samples the level-{@code a} critical value is {@code sqrt(ln(2/a)/(2n))} (the
 * Dvoretzky-Kiefer-Wolfowitz inequality with Massart's constant, Ann. Probab. 18 (1990) 1269-1283),
 * {@code 1.358/sqrt(n)} at {@code a = 0.05}, matching Kolmogorov's asymptotic quantile to three digits.
 * Autocorrelated traces need a larger critical value (same section). Stateless and thread-safe.
 */
public final class KolmogorovSmirnov {

    private KolmogorovSmirnov() {
    }

    /**
     * The KS distance.
     *
     * @param sample finite values, at least one (not modified)
     * @param cdf the reference distribution function, e.g. {@code GridDensity::cdf}
     * @return {@code D} in {@code [0, 1]}
     */
    public static double distance(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = Samples.sortedCopy(sample);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("cdf(" + x[i] + ") must be in [0, 1], was " + f
                        + "; pass a distribution function");
            }
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    /**
     * The KS distance to a {@link ReferenceDistribution}.
     *
     * @param sample finite values, at least one
     * @param reference the predicted law
     * @return {@code D}
     */
    public static double distance(double[] sample, ReferenceDistribution reference) {
        return distance(sample, reference::cdf);
    }

    /**
     * The DKW-Massart critical value {@code sqrt(ln(2/a)/(2n))} for i.i.d. samples.
     *
     * @param sampleSize {@code n >= 1} (use {@code n_eff} for a trace, conservatively)
     * @param significanceLevel {@code a} in {@code (0, 1)}
     * @return the critical value of {@code D}
     */
    public static double criticalValue(double sampleSize, double significanceLevel) {
        if (!(sampleSize >= 1 && sampleSize < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sampleSize must be finite and >= 1, was " + sampleSize);
        }
        if (!(significanceLevel > 0 && significanceLevel < 1)) {
            throw new IllegalArgumentException("significanceLevel must be in (0, 1), was " + significanceLevel
                    + "; 0.05 gives 1.358/sqrt(n)");
        }
        return Math.sqrt(Math.log(2 / significanceLevel) / (2 * sampleSize));
    }

    /**
     * Kolmogorov's asymptotic p-value {@code P(K > sqrt(n) D) = 2 sum_{k>=1} (-1)^{k-1} exp(-2 k^2 n D^2)}
     * for i.i.d. samples (slightly conservative for finite n).
     *
     * @param distance {@code D >= 0}
     * @param sampleSize {@code n >= 1}
     * @return the p-value in {@code [0, 1]}
     */
    public static double asymptoticPValue(double distance, double sampleSize) {
        if (!(distance >= 0 && sampleSize >= 1)) {
            throw new IllegalArgumentException("need distance >= 0 and sampleSize >= 1, was " + distance
                    + " and " + sampleSize);
        }
        double t = Math.sqrt(sampleSize) * distance;
        if (t < 0.2) {
            return 1.0; // the series converges slowly here; P(K > 0.2) = 1 - 6e-22
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * t * t);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-17) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }
}
