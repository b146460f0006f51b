package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictWords;

/** Checks that {@code observatory run} printed a run's numbers as its {@link RunSummary} states them. */
final class SummaryLines {

    private SummaryLines() {
    }

    /**
     * The run's block: the directions' verdict first, then the parameters' verdict, counts, coverage, median ratio,
     * one line per group and the data order.
     */
    static void assertPrinted(String out, ExampleReport.Run run) {
        RunSummary s = run.observatory().summary();
        List<String> block = block(out, run.label());
        Counts c = s.counts();
        Coverage coverage = s.judgement().coverage();
        assertAll(
                () -> assertTrue(block.contains("  parameters: " + words(s.judgement().verdict()) + " (" + c.tracked()
                        + " tracked of " + c.total() + ", " + c.predicted() + " predicted, " + c.judged() + " judged)"),
                        run.label() + ": the parameters' verdict in words and their counts: " + block),
                () -> assertTrue(block.stream().anyMatch(l -> l.startsWith("    coverage: ") && (coverage.judged() == 0
                        ? l.endsWith("no parameter judged")
                        : l.contains(coverage.covering() + " of " + coverage.judged() + " judged")
                                && l.contains("95% interval"))), run.label() + ": coverage: " + block),
                () -> assertTrue(block.stream().anyMatch(l -> l.startsWith("    median observed/predicted variance: ")),
                        run.label() + ": median ratio: " + block),
                () -> assertTrue(block.stream().anyMatch(l -> l.startsWith("  data order: used ")),
                        run.label() + ": data order: " + block));
        String lead = block.stream().skip(1).filter(l -> !l.startsWith("  warm start: ")).findFirst().orElse("");
        run.observatory().directions().ifPresent(d -> assertTrue(lead.startsWith("  directions: "
                + VerdictWords.of(d.judgement().verdict(), "directions") + " (" + d.directions().size()
                + " top eigen-directions"),
                run.label() + ": the block leads with the directions' verdict: " + block));
        for (GroupReport g : run.observatory().groups()) {
            String words = words(g.judgement().verdict());
            assertTrue(block.stream().anyMatch(l -> l.trim().startsWith(g.key() + " ") && l.contains(
                    g.counts().tracked() + " tracked, " + g.counts().predicted() + " predicted, "
                            + g.counts().judged() + " judged: " + words)),
                    run.label() + ": a line for group " + g.key() + " saying '" + words + "': " + block);
        }
    }

    /** The lines from the run's header line to the next run's header or the findings. */
    private static List<String> block(String out, String label) {
        List<String> lines = out.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).contains(", " + label + " (")) {
                start = i;
            }
        }
        assertTrue(start >= 0, "a block for " + label + ": " + out);
        int end = start + 1;
        while (end < lines.size() && lines.get(end).startsWith("  ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The verdict as the terminal must say it: "consistent", "inconsistent" or "not judged, because ...". */
    private static String words(Verdict v) {
        return switch (v.state()) {
            case CONSISTENT -> "consistent";
            case INCONSISTENT -> "inconsistent";
            case NOT_JUDGED -> "not judged, because " + VerdictWords.because(v.notJudged().orElseThrow());
        };
    }
}
