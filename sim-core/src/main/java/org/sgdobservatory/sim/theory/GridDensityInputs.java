package org.sgdobservatory.sim.theory;

/**
 * The argument checks of {@link GridDensity}'s factories: a strictly increasing finite grid, and density values
 * (or log-density values) that can be normalised on it. Every message names the index, the value and the remedy.
 * Stateless and thread-safe.
 */
final class GridDensityInputs {

    private GridDensityInputs() {
    }

    /**
     * A checked copy of a grid.
     *
     * @throws IllegalArgumentException unless strictly increasing, finite, with at least 2 points
     */
    static double[] grid(double[] grid) {
        if (grid == null || grid.length < 2) {
            throw new IllegalArgumentException("grid must have at least 2 points, had "
                    + (grid == null ? "null" : grid.length) + "; pass a strictly increasing grid");
        }
        double[] xs = grid.clone();
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i])) {
                throw new IllegalArgumentException("grid[" + i + "] must be finite, was " + xs[i]);
            }
            if (i > 0 && !(xs[i] > xs[i - 1])) {
                throw new IllegalArgumentException("grid must be strictly increasing, but grid[" + i + "] = "
                        + xs[i] + " <= grid[" + (i - 1) + "] = " + xs[i - 1] + "; sort and deduplicate it");
            }
        }
        return xs;
    }

    /**
     * A checked copy of density values for a grid of {@code length} points.
     *
     * @throws IllegalArgumentException unless one finite value {@code >= 0} per point, not all zero
     */
    static double[] density(double[] density, int length) {
        if (density == null || density.length != length) {
            throw new IllegalArgumentException("density must have the grid's length " + length + ", was "
                    + (density == null ? "null" : density.length) + "; pass one value per grid point");
        }
        double[] ps = density.clone();
        double max = 0;
        for (int i = 0; i < ps.length; i++) {
            if (!(ps[i] >= 0 && ps[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("density[" + i + "] must be finite and >= 0, was " + ps[i]
                        + "; pass non-negative density values (use fromLogDensity for log values)");
            }
            max = Math.max(max, ps[i]);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("density must be positive somewhere on the grid, but is all"
                    + " zero; widen the grid to cover the mass");
        }
        return ps;
    }

    /**
     * Density values {@code exp(logDensity - max)} (unnormalised, maximum 1) from log values on a grid.
     *
     * @throws IllegalArgumentException unless one value per grid point, none NaN or {@code +inf}, not all
     *     {@code -inf}
     */
    static double[] densityFromLog(double[] grid, double[] logDensity) {
        if (logDensity == null || grid == null || logDensity.length != grid.length) {
            throw new IllegalArgumentException("logDensity must have one value per grid point; pass arrays of"
                    + " equal length");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logDensity.length; i++) {
            double v = logDensity[i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logDensity[" + i + "] must be < +infinity and not NaN, was "
                        + v + "; check the loss / noise functions at x = " + grid[i]);
            }
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("logDensity is -infinity everywhere; widen the grid");
        }
        double[] ps = new double[logDensity.length];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = Math.exp(logDensity[i] - max);
        }
        return ps;
    }
}
