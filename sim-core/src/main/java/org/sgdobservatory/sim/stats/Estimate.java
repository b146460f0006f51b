package org.sgdobservatory.sim.stats;

/**
 * A measured number with its uncertainty: {@code value ± standardError}, estimated from
 * {@code effectiveSampleSize} effectively independent samples.
 *
 * <p>Every statistic sim-core and the listener report travels as an {@code Estimate}, so a
 * comparison with a prediction can always be expressed in standard errors. A standard error of
 * {@code NaN} means "not estimable" (for example fewer than two independent groups); it is never
 * silently replaced by zero.
 *
 * @param value the point estimate
 * @param standardError its standard error, {@code >= 0} or {@code NaN} when not estimable
 * @param effectiveSampleSize the number of effectively independent samples behind it, {@code >= 0}
 */
public record Estimate(double value, double standardError, double effectiveSampleSize) {

    /** Validates the standard error and the sample size. */
    public Estimate {
        if (!(standardError >= 0) && !Double.isNaN(standardError)) {
            throw new IllegalArgumentException("standardError must be >= 0 or NaN, was " + standardError);
        }
        if (!(effectiveSampleSize >= 0)) {
            throw new IllegalArgumentException(
                    "effectiveSampleSize must be >= 0, was " + effectiveSampleSize);
        }
    }

    /** An exactly known value (standard error 0, infinite sample size). */
    public static Estimate exact(double value) {
        return new Estimate(value, 0.0, Double.POSITIVE_INFINITY);
    }

    /**
     * The standard error of the mean of {@code G} independent group values {@code c_g}:
     * {@code sqrt(sum_g (c_g - m)^2 / ((G - 1) G))}, {@code m = sum_g c_g/G} (accumulated in that order).
     *
     * @param groupValues one value per independent group
     * @return the standard error; NaN for fewer than two groups (not estimable)
     */
    public static double groupStandardError(double... groupValues) {
        int groups = groupValues.length;
        if (groups < 2) {
            return Double.NaN;
        }
        double m = 0;
        for (double c : groupValues) {
            m += c / groups;
        }
        double ss = 0;
        for (double c : groupValues) {
            ss += (c - m) * (c - m);
        }
        return Math.sqrt(ss / (groups - 1) / groups);
    }

    /** Relative standard error {@code standardError / |value|}. */
    public double relativeStandardError() {
        return standardError / Math.abs(value);
    }

    /**
     * How many standard errors this estimate lies from {@code reference}:
     * {@code (value - reference) / standardError}.
     */
    public double zScore(double reference) {
        return (value - reference) / standardError;
    }

    /** The ratio {@code this / denominator} with first-order (delta-method) error propagation. */
    public Estimate dividedBy(Estimate denominator) {
        double ratio = value / denominator.value;
        double rel = Math.hypot(relativeStandardError(), denominator.relativeStandardError());
        return new Estimate(ratio, Math.abs(ratio) * rel,
                Math.min(effectiveSampleSize, denominator.effectiveSampleSize));
    }

    @Override
    public String toString() {
        return value + " ± " + standardError;
    }
}
