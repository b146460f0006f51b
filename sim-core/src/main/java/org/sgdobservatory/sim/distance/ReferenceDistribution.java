package org.sgdobservatory.sim.distance;

import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.sgdobservatory.sim.theory.GridDensity;

/**
 * A continuous 1-D distribution to compare a sample with: its distribution function, quantile
 * function, integrated distribution function and mean. The last two make the 1-Wasserstein distance
 * exact ({@link Wasserstein1#distance}).
 *
 * <p>Implementations must be immutable and thread-safe. Use {@link #of(GridDensity)} for any predicted
 * density on a grid (Gibbs, Ito, Student-t) and {@link #gaussian(double, double)} for the Gaussian
 * predictions of quadratic theory.
 */
public interface ReferenceDistribution {

    /**
     * {@code F(x) = P(X <= x)}.
     *
     * @param x any finite value
     * @return {@code F(x)} in {@code [0, 1]}
     */
    double cdf(double x);

    /**
     * {@code F^{-1}(u)}.
     *
     * @param u probability in {@code (0, 1)}
     * @return the quantile
     */
    double quantile(double u);

    /**
     * {@code G(x) = ∫_{-inf}^{x} F(y) dy} (finite when the mean is).
     *
     * @param x any finite value
     * @return {@code G(x)}
     */
    double integratedCdf(double x);

    /** The mean (finite). */
    double mean();

    /**
     * A grid density as a reference distribution (all four functions exact for its piecewise-linear
     * density).
     *
     * @param density the predicted density
     * @return the adapter
     */
    static ReferenceDistribution of(GridDensity density) {
        Objects.requireNonNull(density, "density");
        return new ReferenceDistribution() {
            @Override
            public double cdf(double x) {
                return density.cdf(x);
            }

            @Override
            public double quantile(double u) {
                return density.quantile(u);
            }

            @Override
            public double integratedCdf(double x) {
                return density.integratedCdf(x);
            }

            @Override
            public double mean() {
                return density.mean();
            }

            @Override
            public String toString() {
                return density.toString();
            }
        };
    }

    /**
     * The Gaussian {@code N(mean, sd^2)}, with {@code G(x) = (x - mean) Phi(z) + sd phi(z)},
     * {@code z = (x - mean)/sd}.
     *
     * @param mean finite
     * @param standardDeviation finite and {@code > 0}
     * @return the distribution
     */
    static ReferenceDistribution gaussian(double mean, double standardDeviation) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(standardDeviation > 0 && standardDeviation < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("standardDeviation must be finite and > 0, was "
                    + standardDeviation + "; pass the square root of the predicted variance");
        }
        NormalDistribution standard = new NormalDistribution(null, 0, 1);
        return new ReferenceDistribution() {
            @Override
            public double cdf(double x) {
                return standard.cumulativeProbability((x - mean) / standardDeviation);
            }

            @Override
            public double quantile(double u) {
                return mean + standardDeviation * standard.inverseCumulativeProbability(u);
            }

            @Override
            public double integratedCdf(double x) {
                double z = (x - mean) / standardDeviation;
                return (x - mean) * standard.cumulativeProbability(z) + standardDeviation * standard.density(z);
            }

            @Override
            public double mean() {
                return mean;
            }

            @Override
            public String toString() {
                return "N(" + mean + ", " + standardDeviation + "^2)";
            }
        };
    }
}
