package org.sgdobservatory.examples.lecture;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one claim of the lecture.
 *
 * @param id a short stable identifier ({@code sde-vs-sgd})
 * @param title one line saying what is checked
 * @param relation reproduced, corrected or beyond the lecture
 * @param lectureSays the lecture's statement (or what it leaves out)
 * @param expectation where the expected values come from (closed form, {@code docs/theory.md} section)
 * @param toleranceRationale the tolerance and why
 * @param checks the numeric comparisons; the claim passes when all pass
 * @param details further numbers worth printing (settings, effect sizes)
 * @param conclusion one sentence with the measured numbers: what holds, and for a corrected claim the correct
 *     value and why
 * @param seconds wall-clock seconds the claim took
 */
public record ClaimResult(String id, String title, Relation relation, String lectureSays, String expectation,
        String toleranceRationale, List<Check> checks, List<String> details, String conclusion, double seconds) {

    /** Copies the lists. */
    public ClaimResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(conclusion, "conclusion");
        checks = List.copyOf(checks);
        details = List.copyOf(details);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a claim needs at least one check: " + id);
        }
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
