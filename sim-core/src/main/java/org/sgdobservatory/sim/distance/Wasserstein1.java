package org.sgdobservatory.sim.distance;

import java.util.function.DoubleUnaryOperator;
import org.sgdobservatory.sim.theory.GridDensity;

/**
 * The 1-Wasserstein distance between a sample and a distribution, in parameter units
 * (docs/estimators.md#distances-between-a-trace-and-a-density):
 * <pre>
 *   W1 = ∫ |F_n(x) - F(x)| dx = ∫_0^1 |F_n^{-1}(u) - F^{-1}(u)| du.
 * </pre>
 * {@link #distance} is exact: between consecutive order statistics {@code F_n = k/n} is constant and
 * {@code ∫|k/n - F|} is split at {@code F^{-1}(k/n)} and evaluated with the integrated distribution
 * function {@code G} of the reference; the tails are {@code G(x_(1))} and {@code G(x_(n)) - x_(n) + mean}.
 * {@link #quantileApproximation} is the quick version {@code (1/n) sum_i |x_(i) - F^{-1}((i - 1/2)/n)|}.
 * Null mean for i.i.d. {@code N(mu, sigma^2)} samples: {@code E[W1] ≈ 1.2884 sigma/sqrt(n)}
 * ({@link #gaussianNullMean}). Stateless and thread-safe.
 */
public final class Wasserstein1 {

    /**
     * {@code sqrt(2/pi) ∫ sqrt(Phi(1 - Phi)) dx = 1.2883791903028585} (scipy.integrate.quad; see
     * {@code src/test/resources/reference/distances_reference.py}).
     */
    public static final double GAUSSIAN_NULL_CONSTANT = 1.2883791903028585;

    private Wasserstein1() {
    }

    /**
     * The exact W1 distance.
     *
     * @param sample finite values, at least one (not modified)
     * @param reference the predicted law, with finite mean
     * @return {@code W1 >= 0}, in the units of the sample
     */
    public static double distance(double[] sample, ReferenceDistribution reference) {
        double[] x = Samples.sortedCopy(sample);
        int n = x.length;
        double w = reference.integratedCdf(x[0])
                + (reference.integratedCdf(x[n - 1]) - x[n - 1] + reference.mean());
        for (int k = 1; k < n; k++) {
            double a = x[k - 1];
            double b = x[k];
            if (!(b > a)) {
                continue;
            }
            double c = (double) k / n;
            double fa = reference.cdf(a);
            double fb = reference.cdf(b);
            double ga = reference.integratedCdf(a);
            double gb = reference.integratedCdf(b);
            if (fb <= c) {
                w += c * (b - a) - (gb - ga);
            } else if (fa >= c) {
                w += (gb - ga) - c * (b - a);
            } else {
                double s = Math.min(b, Math.max(a, reference.quantile(c)));
                double gs = reference.integratedCdf(s);
                w += c * (s - a) - (gs - ga) + (gb - gs) - c * (b - s);
            }
        }
        return Math.max(0, w);
    }

    /**
     * The exact W1 distance to a grid density (shorthand for
     * {@code distance(sample, ReferenceDistribution.of(density))}).
     *
     * @param sample finite values, at least one
     * @param density the predicted density
     * @return {@code W1 >= 0}
     */
    public static double distance(double[] sample, GridDensity density) {
        return distance(sample, ReferenceDistribution.of(density));
    }

    /**
     * The quick quantile version {@code (1/n) sum_i |x_(i) - F^{-1}((i - 1/2)/n)|}; differs from the
     * exact distance by {@code O(1/n)} in parameter units times the density scale.
     *
     * @param sample finite values, at least one
     * @param quantile the reference quantile function on {@code (0, 1)}
     * @return the approximate W1
     */
    public static double quantileApproximation(double[] sample, DoubleUnaryOperator quantile) {
        double[] x = Samples.sortedCopy(sample);
        int n = x.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(x[i] - quantile.applyAsDouble((i + 0.5) / n));
        }
        return sum / n;
    }

    /**
     * The asymptotic null mean {@code 1.2884 sigma/sqrt(n)} for i.i.d. Gaussian samples (for a trace,
     * {@code n_eff} gives a conservative upper value, docs/estimators.md#distances-between-a-trace-and-a-density).
     *
     * @param standardDeviation {@code sigma > 0}
     * @param sampleSize {@code n >= 1}
     * @return {@code E[W1]}
     */
    public static double gaussianNullMean(double standardDeviation, double sampleSize) {
        if (!(standardDeviation > 0 && sampleSize >= 1 && sampleSize < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("need standardDeviation > 0 and finite sampleSize >= 1, was "
                    + standardDeviation + " and " + sampleSize);
        }
        return GAUSSIAN_NULL_CONSTANT * standardDeviation / Math.sqrt(sampleSize);
    }
}
