package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * How many parameter rows a page embeds for its charts: at most {@value #MAX} per run, every k-th in the report's
 * order when there are more (deterministic, so a page renders the same twice). The charts draw at most 2 000
 * points and the histograms summarise a distribution, which a few thousand rows show as well as all of them; a
 * wide network's 30 000 rows made a 40 MB page. Everything else on the page (verdicts, groups, directions,
 * close-ups) reads the full report, and every row stays in the JSON report or its sidecar. Stateless.
 */
final class PageParameters {

    /** Parameter rows embedded per run, at most. */
    static final int MAX = 5000;

    private PageParameters() {
    }

    /** The report with at most {@link #MAX} parameter rows. */
    static ObservatoryReport thinned(ObservatoryReport report) {
        List<ParameterReport> all = report.parameters();
        if (all.size() <= MAX) {
            return report;
        }
        List<ParameterReport> kept = new ArrayList<>(MAX);
        double step = all.size() / (double) MAX;
        for (int i = 0; i < MAX; i++) {
            kept.add(all.get((int) Math.floor(i * step)));
        }
        // the embedded copy names no sidecar: a report that names one must hold all of its rows or none
        return report.withParameters(kept, Optional.empty());
    }

    /** The example report with each run's listener report {@link #thinned(ObservatoryReport)}. */
    static ExampleReport thinned(ExampleReport report) {
        if (report.runs().stream().allMatch(r -> r.observatory().parameters().size() <= MAX)) {
            return report;
        }
        List<ExampleReport.Run> runs = report.runs().stream().map(r -> new ExampleReport.Run(r.label(), r.optimizer(),
                r.settings(), r.training(), thinned(r.observatory()))).toList();
        return new ExampleReport(report.kind(), report.schemaVersion(), report.generatedAt(),
                report.observatoryVersion(), report.example(), runs, report.findings());
    }

    /** The sentence a run's charts carry when its rows were thinned, empty otherwise. */
    static String note(ObservatoryReport report) {
        int all = report.parameters().size();
        if (all <= MAX) {
            return "";
        }
        return String.format(Locale.ROOT, "The charts and histograms below use %,d of the %,d parameter rows"
                + " (every %.1fth, in the order of the report); all rows are in the JSON report%s.", MAX, all,
                all / (double) MAX, report.parameterSidecar().isPresent() ? " and its sidecar" : "");
    }
}
