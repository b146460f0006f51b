package org.sgdobservatory.listener.report;

import java.util.Objects;

/**
 * Something the user should know: a data problem (NaN gradients), a limit of the theory (unsupported
 * updater, limit cycle), or a statistical caveat (too few effective samples, drift).
 *
 * @param severity how much it matters
 * @param code a stable machine-readable code, e.g. {@code NON_FINITE_GRADIENT}
 * @param message a plain-language explanation naming the value and, where possible, the remedy
 */
public record Finding(Severity severity, String code, String message) {

    /** How much a finding matters. */
    public enum Severity {
        /** Context; nothing is wrong. */
        INFO,
        /** A result is weaker or missing for a stated reason. */
        WARNING,
        /** The data or run is broken in a way that invalidates results. */
        ERROR
    }

    /** Validates. */
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
