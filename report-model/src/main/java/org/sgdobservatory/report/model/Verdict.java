package org.sgdobservatory.report.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A verdict: consistent, inconsistent, or not judged with the reason.
 *
 * @param state the verdict
 * @param notJudged the reason when {@code state} is {@link VerdictState#NOT_JUDGED}, empty otherwise
 */
public record Verdict(VerdictState state, Optional<NotJudgedReason> notJudged) {

    /** Validates that a reason is given exactly when not judged. */
    public Verdict {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(notJudged, "notJudged");
        if ((state == VerdictState.NOT_JUDGED) != notJudged.isPresent()) {
            throw new IllegalArgumentException("a verdict has a not-judged reason exactly when its state is NOT_JUDGED;"
                    + " was " + state + " with " + notJudged);
        }
    }

    /** Consistent. */
    public static Verdict consistent() {
        return new Verdict(VerdictState.CONSISTENT, Optional.empty());
    }

    /** Inconsistent. */
    public static Verdict inconsistent() {
        return new Verdict(VerdictState.INCONSISTENT, Optional.empty());
    }

    /** Not judged, for a reason. */
    public static Verdict notJudged(NotJudgedReason reason) {
        return new Verdict(VerdictState.NOT_JUDGED, Optional.of(reason));
    }

    /** Whether judged (consistent or inconsistent). */
    public boolean judged() {
        return state != VerdictState.NOT_JUDGED;
    }
}
