package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * The least-squares slope of {@code log T} on {@code log sigma^2_B} across parameters or directions
 * ({@code docs/theory.md#temperature-against-noise},
 * {@code docs/verdicts.md#temperature-slope}).
 *
 * @param value the slope; NaN with fewer than 3 usable points or no spread in the noise
 * @param standardError its ordinary-least-squares standard error
 * @param points points used
 * @param expected the slope the theory expects for this optimizer and data order; NaN when it has none
 * @param expectedBasis why that value (optimizer, data order)
 * @param differenceStandardError the standard error of {@code value - expected}: the OLS standard error of the slope
 *     of {@code log(T / T_pred)} on {@code log sigma^2_B} over the parameters that have both
 * @param verdict consistent when {@code |value - expected| <= 1.96 differenceStandardError}, inconsistent otherwise;
 *     not judged without an expected slope
 */
public record Slope(double value, double standardError, int points, double expected, String expectedBasis,
                    double differenceStandardError, Verdict verdict) {

    /** Validates. */
    public Slope {
        Objects.requireNonNull(expectedBasis, "expectedBasis");
        Objects.requireNonNull(verdict, "verdict");
    }
}
