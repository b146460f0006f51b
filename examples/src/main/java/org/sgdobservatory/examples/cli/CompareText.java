package org.sgdobservatory.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sgdobservatory.report.html.ComparedReport;
import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.report.model.VerdictWords;

/**
 * What {@code observatory compare} prints: one line per run of every report (labelled as on the page), read from the
 * reports and never recomputed: the parameters' verdict, how many were tracked, predicted and judged, the coverage,
 * the median observed/predicted variance, the temperature-noise slope against the expected one and the
 * eigen-directions' verdict; a "not judged" verdict points to a numbered reason below the table. Then the median
 * ratio of every parameter group per run. Stateless.
 */
final class CompareText {

    private static final String GAP = "  ";

    private CompareText() {
    }

    /** The text, ending with a newline. */
    static String of(List<ComparedReport> reports) {
        List<ComparedReport.Run> runs = reports.stream().flatMap(r -> r.runs().stream()).toList();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("run", "verdict", "tracked", "predicted", "judged", "coverage [95%]",
                "median ratio [95%]", "T-noise slope (expected)", "directions"));
        for (ComparedReport.Run run : runs) {
            RunSummary s = run.report().summary();
            Counts c = s.counts();
            rows.add(List.of(run.label(), verdict(s.judgement().verdict(), "parameters", reasons),
                    c.tracked() + " of " + c.total(), String.valueOf(c.predicted()), String.valueOf(c.judged()),
                    coverage(s.judgement().coverage()), interval(s.judgement().medianRatio()),
                    slope(s.temperatureNoiseSlope()), run.report().directions().map(d -> directions(d, reasons))
                            .orElse("not observed")));
        }
        StringBuilder out = new StringBuilder();
        out.append(runs.size()).append(" runs from ").append(reports.size()).append(" reports\n");
        table(out, rows);
        reasons.forEach((words, n) -> out.append('[').append(n).append("] ").append(words).append('\n'));
        out.append("median ratio: median observed/predicted variance of the judged parameters; T-noise slope: of log T"
                + " on log sigma^2_B across parameters\n");
        out.append("median observed/predicted variance per parameter group [95% interval]:\n");
        table(out, groupRows(runs));
        return out.toString();
    }

    /** One row per run, one column per group key (in order of first appearance); "-" where not estimable. */
    private static List<List<String>> groupRows(List<ComparedReport.Run> runs) {
        List<String> keys = new ArrayList<>();
        runs.forEach(r -> r.report().groups().forEach(g -> {
            if (!keys.contains(g.key())) {
                keys.add(g.key());
            }
        }));
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(keys);
        rows.add(header);
        for (ComparedReport.Run run : runs) {
            List<String> row = new ArrayList<>(List.of(run.label()));
            for (String key : keys) {
                row.add(run.report().groups().stream().filter(g -> g.key().equals(key)).findFirst()
                        .map(GroupReport::judgement).map(j -> interval(j.medianRatio())).orElse("(none)"));
            }
            rows.add(row);
        }
        return rows;
    }

    /** "consistent", "inconsistent" or "not judged [n]" with the reason numbered in {@code reasons}. */
    private static String verdict(Verdict verdict, String parts, Map<String, Integer> reasons) {
        if (verdict.state() != VerdictState.NOT_JUDGED) {
            return VerdictWords.of(verdict, parts);
        }
        int n = reasons.computeIfAbsent(VerdictWords.of(verdict, parts), k -> reasons.size() + 1);
        return "not judged [" + n + "]";
    }

    private static String directions(SpectralReport d, Map<String, Integer> reasons) {
        return verdict(d.judgement().verdict(), "directions", reasons) + " (" + d.judgement().coverage().judged()
                + "/" + d.directions().size() + " judged)";
    }

    /** "18/24 = 75% [55-88%]", or "-" when none was judged. */
    private static String coverage(Coverage c) {
        if (c.judged() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d/%d = %.0f%% [%.0f-%.0f%%]", c.covering(), c.judged(),
                100 * c.fraction(), 100 * c.low95(), 100 * c.high95());
    }

    /** "0.939 [0.753-1.05]", the value alone without an interval, or "-" when not estimable. */
    private static String interval(Interval i) {
        if (!Double.isFinite(i.value())) {
            return "-";
        }
        if (!Double.isFinite(i.low95()) || !Double.isFinite(i.high95())) {
            return RunText.number(i.value());
        }
        return RunText.number(i.value()) + " [" + RunText.number(i.low95()) + "-" + RunText.number(i.high95()) + "]";
    }

    /** "0.346 ± 0.0177 (1.36)", without the parentheses when nothing is expected, or "-" when not estimable. */
    private static String slope(Slope s) {
        if (!Double.isFinite(s.value())) {
            return "-";
        }
        return RunText.number(s.value()) + " ± " + RunText.number(s.standardError())
                + (Double.isFinite(s.expected()) ? " (" + RunText.number(s.expected()) + ")" : "");
    }

    /** The rows as left-aligned columns two spaces apart, the first row the header. */
    private static void table(StringBuilder out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : GAP).append(row.get(i)).append(" ".repeat(width[i] - row.get(i).length()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
