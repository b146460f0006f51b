package org.sgdobservatory.examples.simulate;

import org.sgdobservatory.sim.landscape.ScalarLoss;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.GibbsDensity;
import org.sgdobservatory.sim.theory.GridDensity;
import org.sgdobservatory.sim.theory.UniformGrid;

/**
 * Temperatures of a non-quadratic 1-D loss through its Gibbs density {@code p_T ∝ exp(-l(x)/T)}
 * ({@code docs/theory.md#fokker-planck-and-the-value-of-alpha}): the density at a temperature, its variance and mean loss, and the
 * inverse problem — the temperature whose Gibbs density has a measured mean loss.
 *
 * <p>Why the mean loss and not the variance: {@code d E_T[l]/dT = Var_T(l)/T^2 > 0}, so the mean loss
 * is strictly increasing in {@code T} for every loss, whereas the variance of a double well first
 * <em>falls</em> with {@code T} (the wells are softer towards the barrier) and cannot be inverted. For
 * {@code c x^4}, {@code E_T[l] = T/4} exactly (generalised equipartition), a check the tests use.
 *
 * <p>The grid spans the region where {@code l(x) <= l_min + 40 T} (mass outside below {@code e^-40}),
 * 4001 points. Stateless and thread-safe.
 */
public final class GibbsTemperature {
    private static final int POINTS = 4001;
    private static final double TAIL_LOSS_IN_TEMPERATURES = 40;

    private GibbsTemperature() {
    }

    /** The Gibbs density of {@code loss} at temperature {@code temperature > 0}. */
    public static GridDensity density(ScalarLoss loss, double temperature) {
        double half = 1;
        double floor = Math.min(loss.value(0), loss.value(1));
        while (loss.value(half) - floor < TAIL_LOSS_IN_TEMPERATURES * temperature
                || loss.value(-half) - floor < TAIL_LOSS_IN_TEMPERATURES * temperature) {
            half *= 1.5;
        }
        return GibbsDensity.withTemperature(loss::value, temperature, UniformGrid.centered(0, half, POINTS));
    }

    /** {@code E_T[l]}, the trapezoid integral of {@code l p_T} on the density's grid. */
    public static double meanLoss(ScalarLoss loss, double temperature) {
        GridDensity p = density(loss, temperature);
        double[] x = p.grid();
        double[] d = p.density();
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += 0.5 * (x[i] - x[i - 1]) * (loss.value(x[i - 1]) * d[i - 1] + loss.value(x[i]) * d[i]);
        }
        return sum;
    }

    /** The variance of the Gibbs density at {@code temperature}. */
    public static double variance(ScalarLoss loss, double temperature) {
        return density(loss, temperature).variance();
    }

    /**
     * The temperature whose Gibbs density has mean loss {@code meanLoss}, by bisection on
     * {@code log T}; NaN when {@code meanLoss} is not finite and positive.
     */
    public static double temperatureForMeanLoss(ScalarLoss loss, double meanLoss) {
        if (!(meanLoss > 0 && Double.isFinite(meanLoss))) {
            return Double.NaN;
        }
        double lo = meanLoss / 16;
        double hi = meanLoss * 16;
        while (meanLoss(loss, lo) > meanLoss) {
            lo /= 4;
        }
        while (meanLoss(loss, hi) < meanLoss) {
            hi *= 4;
        }
        for (int i = 0; i < 60 && hi / lo > 1 + 1e-10; i++) {
            double mid = Math.sqrt(lo * hi);
            if (meanLoss(loss, mid) < meanLoss) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    /**
     * The temperature for a measured mean loss, with its standard error mapped through the
     * monotone inverse: {@code SE(T) = (T(m + se) - T(m - se))/2}.
     */
    public static Estimate temperatureForMeanLoss(ScalarLoss loss, Estimate meanLoss) {
        double t = temperatureForMeanLoss(loss, meanLoss.value());
        double se = meanLoss.standardError();
        double tSe = Double.NaN;
        if (Double.isFinite(t) && se >= 0 && meanLoss.value() - se > 0) {
            tSe = se == 0 ? 0 : 0.5 * (temperatureForMeanLoss(loss, meanLoss.value() + se)
                    - temperatureForMeanLoss(loss, meanLoss.value() - se));
        }
        return new Estimate(t, tSe, meanLoss.effectiveSampleSize());
    }

    /**
     * The mean of {@code l(x)} over traced chains, with a standard error from independent cells: each
     * chain when there are at least 8 traced chains, otherwise 16 consecutive blocks of each trace
     * (batch means).
     *
     * @param loss the 1-D loss
     * @param traces {@code chains x steps} recorded values of one dimension
     * @return the mean loss estimate (SE NaN with fewer than 2 cells)
     */
    public static Estimate meanLossOfTraces(ScalarLoss loss, double[][] traces) {
        int blocksPerChain = traces.length >= 8 ? 1 : 16;
        int length = traces[0].length;
        int blockLength = Math.max(1, length / blocksPerChain);
        int blocks = Math.min(blocksPerChain, length);
        double[] cells = new double[traces.length * blocks];
        int c = 0;
        for (double[] trace : traces) {
            for (int b = 0; b < blocks; b++) {
                double sum = 0;
                for (int i = b * blockLength; i < (b + 1) * blockLength; i++) {
                    sum += loss.value(trace[i]);
                }
                cells[c++] = sum / blockLength;
            }
        }
        double mean = 0;
        for (double v : cells) {
            mean += v / cells.length;
        }
        double ss = 0;
        for (double v : cells) {
            ss += (v - mean) * (v - mean);
        }
        double se = cells.length >= 2 ? Math.sqrt(ss / (cells.length - 1) / cells.length) : Double.NaN;
        return new Estimate(mean, se, (double) traces.length * blocks * blockLength);
    }
}
