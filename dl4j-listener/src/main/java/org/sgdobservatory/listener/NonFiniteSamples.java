package org.sgdobservatory.listener;

import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.FindingCode;

/**
 * The policy for NaN or infinite samples: each is counted and excluded from the statistics, the first raises a
 * NON_FINITE_GRADIENT finding, and with {@code stopOnNonFinite(true)} each throws {@link NonFiniteValuesException}
 * (the one exception that reaches training). Not thread-safe.
 */
final class NonFiniteSamples {

    private final Findings findings;
    private final boolean stop;
    private long count;

    /**
     * @param stop whether a non-finite sample stops training ({@code stopOnNonFinite})
     */
    NonFiniteSamples(Findings findings, boolean stop) {
        this.findings = findings;
        this.stop = stop;
    }

    /** Number of samples that were NaN/Infinite and excluded. */
    long count() {
        return count;
    }

    /**
     * Records a non-finite sample.
     *
     * @param what what was not finite, for the message
     * @param iteration the window's iteration
     * @throws NonFiniteValuesException when {@code stopOnNonFinite(true)} was requested
     */
    void record(String what, long iteration) {
        count++;
        if (count == 1) {
            findings.add(FindingCode.NON_FINITE_GRADIENT, "NaN or infinite " + what + " first seen at iteration "
                    + iteration + "; such samples are excluded from the statistics (lower the learning rate"
                    + " or check the data for NaN)");
        }
        if (stop) {
            throw new NonFiniteValuesException("SGD Observatory: NaN or infinite " + what + " at iteration "
                    + iteration + " and stopOnNonFinite(true) was requested");
        }
    }
}
