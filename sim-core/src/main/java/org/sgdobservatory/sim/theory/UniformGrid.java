package org.sgdobservatory.sim.theory;

/**
 * A uniform grid {@code x_i = lower + i (upper - lower)/(points - 1)}, {@code i = 0..points-1}, on which
 * {@link GibbsDensity} evaluates a density.
 *
 * <p>The grid must cover the bulk of the density: {@link GridDensity} puts no mass outside it (check
 * {@link GridDensity#boundaryDensityRatio()}). Resolution: the piecewise-linear density on a step
 * {@code w} has a variance larger by about {@code w^2/6} than the sampled density (the triangular
 * interpolation kernel), so {@code w = sd/100} costs a relative {@code 2e-5}.
 *
 * @param lower the first grid point, finite
 * @param upper the last grid point, finite and {@code > lower}
 * @param points the number of points, {@code >= 3}
 */
public record UniformGrid(double lower, double upper, int points) {

    /** Validates the range and the number of points. */
    public UniformGrid {
        Checks.finite("lower", lower, "pass a finite grid start");
        Checks.finite("upper", upper, "pass a finite grid end");
        if (!(upper > lower)) {
            throw new IllegalArgumentException("upper must be > lower, was upper = " + upper + ", lower = "
                    + lower + "; pass an increasing range");
        }
        if (!(points >= 3)) {
            throw new IllegalArgumentException("points must be >= 3, was " + points
                    + "; use a few thousand points for a smooth density");
        }
    }

    /**
     * A grid symmetric about {@code center}.
     *
     * @param center the midpoint
     * @param halfWidth half the range, {@code > 0}
     * @param points the number of points, {@code >= 3}
     * @return the grid {@code [center - halfWidth, center + halfWidth]}
     */
    public static UniformGrid centered(double center, double halfWidth, int points) {
        Checks.positive("halfWidth", halfWidth, "pass a positive half-width, e.g. 10 standard deviations");
        return new UniformGrid(center - halfWidth, center + halfWidth, points);
    }

    /** The spacing {@code (upper - lower)/(points - 1)}. */
    public double step() {
        return (upper - lower) / (points - 1);
    }

    /**
     * The grid point {@code i}; the last one is exactly {@code upper}.
     *
     * @param i index in {@code [0, points)}
     * @return {@code x_i}
     */
    public double x(int i) {
        return i == points - 1 ? upper : lower + i * step();
    }

    /** A fresh array of all grid points. */
    public double[] toArray() {
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = x(i);
        }
        return xs;
    }
}
