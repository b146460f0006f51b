package org.sgdobservatory.report.html;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.Provenance;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The page header: for an example report the example, its data set with source, licence and citation, the generation
 * time and versions; for a single listener report the network (from the provenance), seed, versions and the
 * listener's configuration. Stateless and thread-safe.
 */
final class Header {

    private Header() {
    }

    /** The header of an example report. */
    static void example(StringBuilder out, ExampleReport report, Assets assets) {
        ExampleReport.Example ex = report.example();
        out.append("<header>\n<p class=\"kicker\">SGD Observatory · example report</p>\n<h1>")
                .append(Html.escape(title(report))).append("</h1>\n");
        if (Html.present(ex.description())) {
            out.append("<p class=\"lead\">").append(Html.escape(ex.description())).append("</p>\n");
        }
        out.append("<dl class=\"facts\">\n");
        fact(out, "example", Html.escape(ex.name())
                + (Html.present(ex.task()) ? " (" + Html.escape(ex.task()) + ")" : ""));
        ExampleReport.Data data = ex.data();
        if (data != null) {
            fact(out, "data", Html.escape(data.name()) + " — " + data.rows() + " rows × " + data.features()
                    + " features");
            factText(out, "source", data.source());
            factText(out, "licence", data.license());
            factText(out, "cite", data.citation());
        }
        factText(out, "generated at", report.generatedAt());
        List<ExampleReport.Run> runs = report.runs();
        Provenance.Versions v = runs.isEmpty() ? null : runs.get(0).observatory().provenance().versions();
        fact(out, "versions", versions(report.observatoryVersion(), v, assets));
        out.append("</dl>\n</header>\n");
    }

    /** The header of a single listener report (no example): the network from its provenance. */
    static void listener(StringBuilder out, ObservatoryReport report, Assets assets) {
        Provenance p = report.provenance();
        out.append("<header>\n<p class=\"kicker\">SGD Observatory · listener report</p>\n<h1>")
                .append(Html.escape(PageRun.title(report))).append("</h1>\n<dl class=\"facts\">\n");
        factText(out, "network", p.networkType());
        fact(out, "parameters", Html.count(p.numParams()));
        fact(out, "seed", Html.count(p.seed()));
        fact(out, "versions", versions(p.versions().observatory(), p.versions(), assets));
        out.append("</dl>\n<details class=\"config\"><summary>Listener configuration</summary>\n<pre>")
                .append(Html.escape(pretty(p))).append("</pre>\n</details>\n</header>\n");
    }

    /**
     * The header of a comparison page: one fact per report, named by its source, with what was trained, its runs,
     * when it was written and by which version.
     */
    static void comparison(StringBuilder out, List<ComparedReport> reports, int runs, Assets assets) {
        out.append("<header>\n<p class=\"kicker\">SGD Observatory · comparison</p>\n<h1>")
                .append(Html.escape(comparisonTitle(reports, runs))).append("</h1>\n<p class=\"lead\">The runs of")
                .append(" these reports side by side: their verdicts, how many parameters were judged, the per-group")
                .append(" ratios and the temperatures against the gradient noise. Each report's own page has the")
                .append(" full detail.</p>\n<dl class=\"facts\">\n");
        for (ComparedReport r : reports) {
            fact(out, r.source(), reportFact(r));
        }
        fact(out, "charts", "uPlot " + Html.escape(assets.uplotVersion()));
        out.append("</dl>\n</header>\n");
    }

    /** "3 runs from 2 reports". */
    static String comparisonTitle(List<ComparedReport> reports, int runs) {
        return Html.count(runs, "run") + " from " + Html.count(reports.size(), "report");
    }

    private static String reportFact(ComparedReport r) {
        if (r instanceof ComparedReport.Example e) {
            ExampleReport report = e.report();
            return "example report: " + Html.escape(title(report)) + " (" + Html.escape(report.example().name())
                    + "), " + Html.count(report.runs().size(), "run") + "; written " + Html.escape(orDash(
                    report.generatedAt())) + " by SGD Observatory " + Html.escape(orDash(report.observatoryVersion()));
        }
        ObservatoryReport report = ((ComparedReport.Listener) r).report();
        Provenance p = report.provenance();
        return "listener report: " + Html.escape(PageRun.title(report)) + ", seed " + p.seed()
                + "; by SGD Observatory " + Html.escape(orDash(p.versions().observatory()));
    }

    /** The example's title, else its name. */
    static String title(ExampleReport report) {
        ExampleReport.Example ex = report.example();
        return Html.present(ex.title()) ? ex.title() : Html.present(ex.name()) ? ex.name() : "Example report";
    }

    private static String versions(String observatory, Provenance.Versions v, Assets assets) {
        StringBuilder s = new StringBuilder("SGD Observatory ").append(Html.escape(orDash(observatory)));
        if (v != null) {
            s.append(" · Deeplearning4j ").append(Html.escape(orDash(v.deeplearning4j())))
                    .append(" · ND4J ").append(Html.escape(orDash(v.nd4jBackend())))
                    .append(" · Java ").append(Html.escape(orDash(v.java())));
        }
        return s.append(" · uPlot ").append(Html.escape(assets.uplotVersion())).toString();
    }

    private static String pretty(Provenance p) {
        try {
            return ReportJson.mapper().writeValueAsString(p.listenerConfiguration());
        } catch (JsonProcessingException e) {
            return p.listenerConfiguration().toString();
        }
    }

    /** A fact whose value is markup. */
    static void fact(StringBuilder out, String name, String valueHtml) {
        out.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    /** A fact whose value is plain text, left out when absent or blank. */
    static void factText(StringBuilder out, String name, String value) {
        if (Html.present(value)) {
            fact(out, name, Html.escape(value));
        }
    }

    private static String orDash(String s) {
        return Html.present(s) ? s : Html.DASH;
    }
}
