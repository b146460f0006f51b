package org.sgdobservatory.examples.lecture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sgdobservatory.examples.json.Json;

/** Plain-text lines and the {@code lecture.json} document of the lecture's verdicts. Stateless. */
public final class LectureReport {

    /** Version tag of the document layout. */
    public static final String SCHEMA = "sgd-observatory/lecture/1";

    private LectureReport() {
    }

    /** The text block of one claim: the PASS/FAIL line first, then the numbers. */
    public static String text(int number, ClaimResult r) {
        StringBuilder s = new StringBuilder();
        s.append(r.passed() ? "PASS" : "FAIL").append("  ").append(number).append(". ").append(r.id())
                .append(": ").append(r.title()).append('\n');
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

    /** The summary line. */
    public static String summary(List<ClaimResult> results, double seconds) {
        long passed = results.stream().filter(ClaimResult::passed).count();
        return (passed == results.size() ? "ALL PASS" : "FAILED") + ": " + passed + "/" + results.size()
                + " claims reproduced in " + String.format("%.1f", seconds) + " s";
    }

    /** The JSON document. */
    public static ObjectNode json(List<ClaimResult> results, boolean quick, double seconds) {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("quick", quick);
        root.put("passed", results.stream().allMatch(ClaimResult::passed));
        Json.put(root, "seconds", seconds);
        ArrayNode claims = root.putArray("claims");
        for (ClaimResult r : results) {
            ObjectNode c = claims.addObject();
            c.put("id", r.id());
            c.put("title", r.title());
            c.put("passed", r.passed());
            c.put("lecture", r.lectureSays());
            c.put("expected", r.expectation());
            c.put("tolerance", r.toleranceRationale());
            ArrayNode checks = c.putArray("checks");
            for (Check k : r.checks()) {
                ObjectNode o = checks.addObject();
                o.put("label", k.label());
                o.put("kind", k.kind().name().toLowerCase(java.util.Locale.ROOT));
                Json.put(o, "measured", k.measured());
                Json.put(o, "standardError", k.standardError());
                Json.put(o, "expected", k.expected());
                Json.put(o, "tolerance", k.tolerance());
                o.put("passed", k.passed());
            }
            Json.putStrings(c, "details", r.details());
            Json.put(c, "seconds", r.seconds());
        }
        return root;
    }
}
