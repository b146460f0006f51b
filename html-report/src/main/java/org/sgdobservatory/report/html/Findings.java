package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sgdobservatory.report.model.Finding;

/**
 * The findings list: the example reports' own findings and each run's listener findings, errors first, each with
 * its message and the documentation section that explains it (a path inside the repository, shown as text: the
 * page may be opened from anywhere). Stateless and thread-safe.
 */
final class Findings {

    private Findings() {
    }

    /** A finding and where it came from (a report or a run's label). */
    private record Row(String source, Finding finding) {
    }

    /**
     * The findings section.
     *
     * @param reportFindings the example reports' own findings by where they came from (e.g. {@code report}; empty for
     *     a single listener report)
     * @param runs the runs, whose listener findings follow
     */
    static void section(StringBuilder out, Map<String, List<Finding>> reportFindings, List<PageRun> runs) {
        out.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        List<Row> rows = new ArrayList<>();
        reportFindings.forEach((source, findings) -> findings.forEach(f -> rows.add(new Row(source, f))));
        for (PageRun run : runs) {
            run.report().findings().forEach(f -> rows.add(new Row(run.label(), f)));
        }
        if (rows.isEmpty()) {
            out.append("<p class=\"empty\">No findings.</p>\n</section>\n");
            return;
        }
        rows.sort(Comparator.comparing((Row r) -> r.finding().severity()).reversed());
        boolean manyRuns = runs.size() > 1 || reportFindings.values().stream().anyMatch(f -> !f.isEmpty());
        out.append("<table class=\"findings\">\n<thead><tr>").append(manyRuns ? "<th>run</th>" : "")
                .append("<th>severity</th><th>code</th><th>message</th><th>explained in</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            Finding f = r.finding();
            out.append("<tr class=\"sev-").append(f.severity().name().toLowerCase(Locale.ROOT)).append("\">");
            if (manyRuns) {
                out.append("<td>").append(Html.escape(r.source())).append("</td>");
            }
            out.append("<td class=\"sev\">").append(f.severity()).append("</td><td class=\"code\">").append(f.code())
                    .append("</td><td>")
                    .append(Html.escape(f.message())).append("</td><td><code class=\"ref\">")
                    .append(Html.escape(f.reference())).append("</code></td></tr>\n");
        }
        out.append("</tbody>\n</table>\n<p class=\"how\">The sections named under \"explained in\" are files of the"
                + " SGD Observatory repository.</p>\n</section>\n");
    }
}
