package org.sgdobservatory.report.model;

/**
 * How often the judged parameters' 95% ratio intervals contain 1, against the 95% the theory implies
 * ({@code docs/verdicts.md#coverage}).
 *
 * @param judged parameters judged
 * @param covering of those, how many ratio intervals contain 1
 * @param fraction {@code covering / judged}; NaN when none is judged
 * @param low95 lower end of the binomial (Wilson score) 95% interval of the fraction
 * @param high95 upper end of that interval
 * @param expected the coverage the theory implies when it holds (0.95)
 */
public record Coverage(int judged, int covering, double fraction, double low95, double high95, double expected) {

    /** No parameter judged. */
    public static final Coverage NONE = new Coverage(0, 0, Double.NaN, Double.NaN, Double.NaN, 0.95);
}
