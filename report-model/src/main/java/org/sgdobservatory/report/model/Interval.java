package org.sgdobservatory.report.model;

/**
 * An estimate with its standard error and 95% interval. Absent numbers are NaN ({@code null} in JSON).
 *
 * @param value the estimate
 * @param standardError its standard error, every known source of error included (the producer says which)
 * @param low95 lower end of the 95% interval
 * @param high95 upper end of the 95% interval
 */
public record Interval(double value, double standardError, double low95, double high95) {

    /** Nothing estimated. */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Whether the interval is finite and contains {@code x}. */
    public boolean contains(double x) {
        return low95 <= x && x <= high95;
    }

    /** Whether value and interval are finite. */
    public boolean finite() {
        return Double.isFinite(value) && Double.isFinite(low95) && Double.isFinite(high95);
    }
}
