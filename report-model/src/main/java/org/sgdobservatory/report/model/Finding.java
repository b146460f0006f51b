package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * Something the user should know: a data problem (NaN gradients), a limit of the theory (unsupported updater,
 * limit cycle), a statistical caveat (too few effective samples) or a cost decision (a subset tracked).
 *
 * @param severity how much it matters
 * @param code the stable code
 * @param message one plain-language line naming the value and, where there is one, the remedy
 * @param reference the documentation section that explains it ({@link FindingCode#reference()})
 */
public record Finding(Severity severity, FindingCode code, String message, String reference) {

    /** Validates. */
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reference, "reference");
    }

    /** A finding with the code's usual severity and its documentation section. */
    public static Finding of(FindingCode code, String message) {
        return new Finding(code.defaultSeverity(), code, message, code.reference());
    }

    /** A finding with a chosen severity and the code's documentation section. */
    public static Finding of(Severity severity, FindingCode code, String message) {
        return new Finding(severity, code, message, code.reference());
    }
}
