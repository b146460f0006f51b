package org.sgdobservatory.examples.lecture;

import java.util.Objects;

import org.sgdobservatory.sim.stats.Estimate;

/**
 * One comparison inside a claim.
 *
 * @param label what was measured, e.g. {@code "eta*h=0.5  Var_SGD/Var_SDE"}
 * @param kind how {@code measured} is judged against {@code expected}
 * @param measured the measured value (1/0 for an outcome)
 * @param standardError its standard error (NaN if not estimable; 0 for deterministic values)
 * @param expected the expected value, or the bound for {@link Kind#ABOVE} / {@link Kind#BELOW}
 * @param tolerance the allowed absolute deviation for {@link Kind#WITHIN}, else 0
 * @param passed the verdict
 */
public record Check(String label, Kind kind, double measured, double standardError, double expected,
        double tolerance, boolean passed) {

    /** How a check is judged. */
    public enum Kind {
        /** {@code |measured - expected| <= tolerance}. */
        WITHIN,
        /** {@code measured > expected} (a lower bound). */
        ABOVE,
        /** {@code measured < expected} (an upper bound). */
        BELOW,
        /** A yes/no outcome (1/0) that must equal the expected one. */
        OUTCOME
    }

    /** Validates the label and kind. */
    public Check {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * A check with tolerance {@code k * SE + allowance}: {@code k} standard errors of the measurement
     * plus a stated, known systematic allowance (0 when there is none).
     */
    public static Check within(String label, Estimate measured, double expected, double k, double allowance) {
        double tolerance = k * measured.standardError() + allowance;
        boolean ok = Math.abs(measured.value() - expected) <= tolerance;
        return new Check(label, Kind.WITHIN, measured.value(), measured.standardError(), expected, tolerance, ok);
    }

    /** A deterministic value within a relative tolerance of the expected one. */
    public static Check withinRelative(String label, double measured, double expected, double relative) {
        double tolerance = relative * Math.abs(expected);
        return new Check(label, Kind.WITHIN, measured, 0, expected, tolerance,
                Math.abs(measured - expected) <= tolerance);
    }

    /** {@code measured} must exceed {@code bound}. */
    public static Check above(String label, double measured, double bound) {
        return new Check(label, Kind.ABOVE, measured, 0, bound, 0, measured > bound);
    }

    /** {@code measured} must stay below {@code bound}. */
    public static Check below(String label, double measured, double bound) {
        return new Check(label, Kind.BELOW, measured, 0, bound, 0, measured < bound);
    }

    /** A yes/no outcome against the expected one. */
    public static Check outcome(String label, boolean actual, boolean expected) {
        return new Check(label, Kind.OUTCOME, actual ? 1 : 0, 0, expected ? 1 : 0, 0, actual == expected);
    }
}
