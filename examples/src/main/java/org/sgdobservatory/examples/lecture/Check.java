package org.sgdobservatory.examples.lecture;

import java.util.Objects;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * One numeric comparison inside a claim: {@code |measured - expected| <= tolerance}.
 *
 * @param label what was measured, e.g. {@code "eta*h=0.5  Var_SGD/Var_SDE"}
 * @param measured the measured value
 * @param standardError its standard error (NaN if not estimable; 0 for deterministic runs)
 * @param expected the expected value
 * @param tolerance the allowed absolute deviation
 * @param passed whether the deviation is within the tolerance
 */
public record Check(String label, double measured, double standardError, double expected, double tolerance,
        boolean passed) {

    /** Validates the label. */
    public Check {
        Objects.requireNonNull(label, "label");
    }

    /**
     * A check with tolerance {@code k * SE + allowance}: {@code k} standard errors of the measurement
     * plus a stated, known systematic allowance (0 when there is none).
     */
    public static Check within(String label, Estimate measured, double expected, double k, double allowance) {
        double tolerance = k * measured.standardError() + allowance;
        boolean ok = Math.abs(measured.value() - expected) <= tolerance;
        return new Check(label, measured.value(), measured.standardError(), expected, tolerance, ok);
    }

    /** A check of a boolean outcome, shown as 1 (true) or 0 (false) against the expected outcome. */
    public static Check outcome(String label, boolean actual, boolean expected) {
        return new Check(label, actual ? 1 : 0, 0, expected ? 1 : 0, 0, actual == expected);
    }

    /** How many standard errors the measurement lies from the expected value. */
    public double zScore() {
        return (measured - expected) / standardError;
    }
}
