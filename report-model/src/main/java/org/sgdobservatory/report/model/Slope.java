package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * The least-squares slope of {@code log T} on {@code log sigma^2_B} across parameters or directions
 * ({@code docs/theory.md#temperature-versus-noise}).
 *
 * @param value the slope; NaN with fewer than 3 usable points or no spread in the noise
 * @param standardError its ordinary-least-squares standard error
 * @param points points used
 * @param expected the slope the theory expects for this optimizer and data order; NaN when it has none
 * @param expectedBasis why that value (optimizer, data order)
 */
public record Slope(double value, double standardError, int points, double expected, String expectedBasis) {

    /** Validates. */
    public Slope {
        Objects.requireNonNull(expectedBasis, "expectedBasis");
    }
}
