package org.sgdobservatory.examples.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The lecture's verdicts as plain text (a block per claim, then the summary by {@link Relation}) and as the
 * {@code lecture.json} document ({@link Document}, written with {@code ReportJson}). Stateless.
 */
public final class LectureReport {

    /** Version tag of the document layout. */
    public static final String SCHEMA = "sgd-observatory/lecture/2";

    private LectureReport() {
    }

    /** The text block of one claim: the PASS/FAIL line with the claim's relation first, then the numbers. */
    public static String text(int number, ClaimResult r) {
        StringBuilder s = new StringBuilder();
        s.append(r.passed() ? "PASS" : "FAIL").append("  ").append(number).append(". ").append(r.id())
                .append(" [").append(r.relation().words()).append("]: ").append(r.title()).append('\n');
        s.append("      lecture: ").append(r.lectureSays()).append('\n');
        s.append("      expected: ").append(r.expectation()).append('\n');
        s.append("      tolerance: ").append(r.toleranceRationale()).append('\n');
        for (Check c : r.checks()) {
            s.append("      [").append(c.passed() ? "ok" : "XX").append("] ").append(c.label()).append(": ");
            switch (c.kind()) {
                case OUTCOME -> s.append(c.measured() == 1 ? "yes" : "no").append("  expected ")
                        .append(c.expected() == 1 ? "yes" : "no");
                case ABOVE -> s.append(Runs.num(c.measured())).append("  must exceed ").append(Runs.num(c.expected()));
                case BELOW -> s.append(Runs.num(c.measured())).append("  must be below ").append(Runs.num(c.expected()));
                case WITHIN -> {
                    s.append(Runs.num(c.measured()));
                    if (c.standardError() > 0) {
                        s.append(" ± ").append(Runs.num(c.standardError()));
                    }
                    s.append("  expected ").append(Runs.num(c.expected())).append("  tol ")
                            .append(Runs.num(c.tolerance()));
                }
                default -> throw new IllegalStateException("unknown check kind " + c.kind());
            }
            s.append('\n');
        }
        for (String d : r.details()) {
            s.append("      ").append(d).append('\n');
        }
        return s.toString();
    }

    /**
     * The summary: the claims grouped as reproduced, corrected and beyond the lecture, each with its conclusion,
     * claims whose checks failed listed apart, and one closing line with the counts.
     */
    public static String summary(List<ClaimResult> results, double seconds) {
        StringBuilder s = new StringBuilder();
        for (Relation relation : Relation.values()) {
            List<ClaimResult> group = results.stream().filter(r -> r.passed() && r.relation() == relation).toList();
            if (!group.isEmpty()) {
                s.append(capitalised(relation.words())).append(" (").append(group.size()).append("):\n");
                group.forEach(r -> s.append("  ").append(r.id()).append(": ").append(r.conclusion()).append('\n'));
            }
        }
        List<ClaimResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            s.append("Not established, a check failed (").append(failed.size()).append("):\n");
            failed.forEach(r -> s.append("  ").append(r.id()).append(" [").append(r.relation().words())
                    .append("]: see its [XX] lines above\n"));
        }
        List<String> counts = new ArrayList<>();
        for (Relation relation : Relation.values()) {
            long n = results.stream().filter(r -> r.passed() && r.relation() == relation).count();
            if (n > 0) {
                counts.add(n + " " + relation.words());
            }
        }
        if (!failed.isEmpty()) {
            counts.add(failed.size() + " failed");
        }
        s.append(results.size()).append(" claims checked in ").append(String.format(Locale.ROOT, "%.1f", seconds))
                .append(" s: ").append(String.join(", ", counts))
                .append(failed.isEmpty() ? "; every check passed" : "; FAILED").append('\n');
        return s.toString();
    }

    private static String capitalised(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The JSON document of a lecture run. */
    public static Document document(List<ClaimResult> results, boolean quick, double seconds) {
        return new Document(SCHEMA, quick, results.stream().allMatch(ClaimResult::passed), seconds,
                results.stream().map(Claim::of).toList());
    }

    /**
     * {@code lecture.json}.
     *
     * @param schema always {@link #SCHEMA}
     * @param quick whether the quick (test) effort was used
     * @param passed whether every claim passed
     * @param seconds wall time of the run
     * @param claims the claims, in order
     */
    public record Document(String schema, boolean quick, boolean passed, double seconds, List<Claim> claims) {
        /** Copies the list. */
        public Document {
            Objects.requireNonNull(schema, "schema");
            claims = List.copyOf(claims);
        }
    }

    /**
     * One claim of {@code lecture.json}.
     *
     * @param id the stable identifier
     * @param title what is checked
     * @param relation {@code REPRODUCED}, {@code CORRECTED} or {@code BEYOND_THE_LECTURE}
     * @param passed whether every check passed
     * @param lecture what the lecture says (or leaves out)
     * @param expected where the expected values come from
     * @param tolerance the tolerance and why
     * @param conclusion one sentence with the measured numbers
     * @param checks the numeric comparisons
     * @param details further numbers
     * @param seconds wall time of the claim
     */
    public record Claim(String id, String title, Relation relation, boolean passed, String lecture, String expected,
                       String tolerance, String conclusion, List<Check> checks, List<String> details,
                       double seconds) {
        /** Copies the lists. */
        public Claim {
            checks = List.copyOf(checks);
            details = List.copyOf(details);
        }

        static Claim of(ClaimResult r) {
            return new Claim(r.id(), r.title(), r.relation(), r.passed(), r.lectureSays(), r.expectation(),
                    r.toleranceRationale(), r.conclusion(), r.checks(), r.details(), r.seconds());
        }
    }
}
