package org.sgdobservatory.report.model;

/**
 * A measured number with its standard error. Absent numbers are NaN ({@code null} in JSON).
 *
 * @param value the estimate
 * @param standardError its standard error (0 when exact, NaN when unknown)
 */
public record Measurement(double value, double standardError) {

    /** Nothing measured. */
    public static final Measurement NONE = new Measurement(Double.NaN, Double.NaN);

    /** The relative standard error {@code standardError / |value|}. */
    public double relativeStandardError() {
        return standardError / Math.abs(value);
    }
}
