package org.sgdobservatory.sim.theory;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A 1-D probability density given by its values on a strictly increasing grid and interpolated
 * linearly in between; zero outside the grid.
 *
 * <p>All quantities are exact for that piecewise-linear density: the normalisation is the trapezoid
 * sum, {@link #cdf} is piecewise quadratic, {@link #quantile} inverts it exactly, and
 * {@link #mean()} / {@link #variance()} integrate the piecewise-linear density exactly (Simpson's rule
 * per cell). Compared with the smooth density that was sampled, the variance is larger by about
 * {@code w^2/6} for a grid step {@code w} (see {@link UniformGrid}), and any mass beyond the grid ends
 * is lost (see {@link #boundaryDensityRatio()}).
 *
 * <p>Arrays are copied on the way in and out. Immutable and thread-safe.
 */
public final class GridDensity {

    private final double[] x;
    private final double[] p;
    private final double[] c;
    private final double[] ic;
    private final double mean;
    private final double variance;

    private GridDensity(double[] x, double[] p) {
        this.x = x;
        this.p = p;
        int n = x.length;
        this.c = new double[n];
        for (int i = 1; i < n; i++) {
            c[i] = c[i - 1] + 0.5 * (x[i] - x[i - 1]) * (p[i - 1] + p[i]);
        }
        double total = c[n - 1];
        for (int i = 0; i < n; i++) {
            p[i] /= total;
            c[i] /= total;
        }
        c[n - 1] = 1.0;
        this.ic = new double[n];
        for (int i = 1; i < n; i++) {
            double w = x[i] - x[i - 1];
            double slope = (p[i] - p[i - 1]) / w;
            ic[i] = ic[i - 1] + w * (c[i - 1] + w * (p[i - 1] / 2 + slope * w / 6));
        }
        double m = 0;
        for (int i = 1; i < n; i++) {
            double w = x[i] - x[i - 1];
            double xm = 0.5 * (x[i] + x[i - 1]);
            double pm = 0.5 * (p[i] + p[i - 1]);
            m += w / 6 * (x[i - 1] * p[i - 1] + 4 * xm * pm + x[i] * p[i]);
        }
        double v = 0;
        for (int i = 1; i < n; i++) {
            double w = x[i] - x[i - 1];
            double ya = x[i - 1] - m;
            double yb = x[i] - m;
            double ym = 0.5 * (ya + yb);
            double pm = 0.5 * (p[i] + p[i - 1]);
            v += w / 6 * (ya * ya * p[i - 1] + 4 * ym * ym * pm + yb * yb * p[i]);
        }
        this.mean = m;
        this.variance = v;
    }

    /**
     * A density from (possibly unnormalised) non-negative values on a grid.
     *
     * @param grid strictly increasing, finite, at least 2 points
     * @param density finite, {@code >= 0}, same length, not all zero
     * @return the normalised density
     * @throws IllegalArgumentException on bad grids or values, naming the index
     */
    public static GridDensity of(double[] grid, double[] density) {
        double[] xs = GridDensityInputs.grid(grid);
        return new GridDensity(xs, GridDensityInputs.density(density, xs.length));
    }

    /**
     * A density from log values (up to an additive constant) on a grid; the maximum is subtracted
     * before exponentiating, so very negative log values are safe. {@code -infinity} means zero density.
     *
     * @param grid strictly increasing, finite
     * @param logDensity values in {@code [-inf, +inf)}, not NaN, not all {@code -inf}
     * @return the normalised density
     */
    public static GridDensity fromLogDensity(double[] grid, double[] logDensity) {
        return of(grid, GridDensityInputs.densityFromLog(grid, logDensity));
    }

    /** Index {@code i} of the cell {@code [x_i, x_{i+1}]} containing {@code t} (grid interior). */
    private int cell(double t) {
        int k = Arrays.binarySearch(x, t);
        int i = k >= 0 ? k : -k - 2;
        return Math.max(0, Math.min(x.length - 2, i));
    }

    /**
     * The density at {@code t}, linearly interpolated; 0 outside the grid.
     *
     * @param t any value (NaN gives NaN)
     * @return {@code p(t)}
     */
    public double pdf(double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (t < x[0] || t > x[x.length - 1]) {
            return 0;
        }
        int i = cell(t);
        double f = (t - x[i]) / (x[i + 1] - x[i]);
        return p[i] + f * (p[i + 1] - p[i]);
    }

    /**
     * The distribution function {@code F(t) = P(X <= t)}, exact for the piecewise-linear density.
     *
     * @param t any value (NaN gives NaN)
     * @return {@code F(t)} in {@code [0, 1]}
     */
    public double cdf(double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (t <= x[0]) {
            return 0;
        }
        if (t >= x[x.length - 1]) {
            return 1;
        }
        int i = cell(t);
        double d = t - x[i];
        double slope = (p[i + 1] - p[i]) / (x[i + 1] - x[i]);
        return Math.min(1, c[i] + d * (p[i] + 0.5 * slope * d));
    }

    /**
     * The integrated distribution function {@code G(t) = ∫_{-inf}^{t} F(y) dy}, exact for the
     * piecewise-linear density; beyond the upper end {@code G(t) = G(upper) + (t - upper)}. Used for the
     * exact 1-Wasserstein distance ({@code ∫_a^b F = G(b) - G(a)}).
     *
     * @param t any value (NaN gives NaN)
     * @return {@code G(t) >= 0}
     */
    public double integratedCdf(double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (t <= x[0]) {
            return 0;
        }
        int n = x.length;
        if (t >= x[n - 1]) {
            return ic[n - 1] + (t - x[n - 1]);
        }
        int i = cell(t);
        double d = t - x[i];
        double slope = (p[i + 1] - p[i]) / (x[i + 1] - x[i]);
        return ic[i] + d * (c[i] + d * (p[i] / 2 + slope * d / 6));
    }

    /**
     * The quantile function {@code F^{-1}(u) = inf { t : F(t) >= u }}, exact for the piecewise-linear
     * density ({@code u = 0} gives the lower grid end).
     *
     * @param u probability in {@code [0, 1]}
     * @return the quantile
     * @throws IllegalArgumentException if {@code u} is outside {@code [0, 1]} or NaN
     */
    public double quantile(double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("u must be in [0, 1], was " + u + "; pass a probability");
        }
        int lo = 0;
        int hi = x.length - 2;
        while (lo < hi) { // smallest cell i with c[i+1] >= u
            int mid = (lo + hi) >>> 1;
            if (c[mid + 1] >= u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int i = lo;
        double du = u - c[i];
        if (du <= 0) {
            return x[i];
        }
        double w = x[i + 1] - x[i];
        double slope = (p[i + 1] - p[i]) / w;
        // Solve p_i d + slope d^2/2 = du in the cancellation-free form.
        double disc = Math.max(0, p[i] * p[i] + 2 * slope * du);
        double denom = p[i] + Math.sqrt(disc);
        double d = denom > 0 ? 2 * du / denom : w;
        return x[i] + Math.min(w, Math.max(0, d));
    }

    /**
     * {@code P(a < X <= b) = F(b) - F(a)}.
     *
     * @param a lower end
     * @param b upper end, {@code >= a}
     * @return the probability of the interval
     */
    public double probability(double a, double b) {
        if (!(b >= a)) {
            throw new IllegalArgumentException("interval must have b >= a, was a = " + a + ", b = " + b
                    + "; swap the ends");
        }
        return cdf(b) - cdf(a);
    }

    /** The mean of the piecewise-linear density. */
    public double mean() {
        return mean;
    }

    /** The variance of the piecewise-linear density (see the class comment for the {@code w^2/6}). */
    public double variance() {
        return variance;
    }

    /**
     * How much the grid truncates: the larger end value of the density divided by its maximum. Values
     * above about {@code 1e-12} mean the grid should be widened.
     */
    public double boundaryDensityRatio() {
        double max = 0;
        for (double v : p) {
            max = Math.max(max, v);
        }
        return Math.max(p[0], p[p.length - 1]) / max;
    }

    /** This density's {@link #cdf} as an operator (for the distances). */
    public DoubleUnaryOperator asCdf() {
        return this::cdf;
    }

    /** This density's {@link #quantile} as an operator. */
    public DoubleUnaryOperator asQuantile() {
        return this::quantile;
    }

    /** A copy of the grid. */
    public double[] grid() {
        return x.clone();
    }

    /** A copy of the normalised density values on the grid. */
    public double[] density() {
        return p.clone();
    }

    /** The lower grid end (no mass below). */
    public double lower() {
        return x[0];
    }

    /** The upper grid end (no mass above). */
    public double upper() {
        return x[x.length - 1];
    }

    /** The number of grid points. */
    public int size() {
        return x.length;
    }

    @Override
    public String toString() {
        return "GridDensity[" + x.length + " points on [" + x[0] + ", " + x[x.length - 1] + "], mean="
                + mean + ", variance=" + variance + "]";
    }
}
