package org.sgdobservatory.report.html;

import java.util.List;
import java.util.function.Function;

import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The runs side by side (an example report with two runs or more, or the runs of several reports): a table of each
 * run's eigen-directions (its {@link SpectralReport}: verdict, coverage, median ratio, slope) and summary (its
 * {@link RunSummary}), and a slot for the comparison charts. Stateless and thread-safe.
 */
final class Comparison {

    /** What the runs side by side are: one example's optimizers, or runs of several reports. */
    enum Subject {
        /** The runs of one example report: the same network and data under each optimizer. */
        OPTIMIZERS("Optimizers side by side", "The same network and data under each optimizer.", "optimizer"),
        /** The runs of several reports, each column one run of one report. */
        RUNS("Runs side by side", "Each column is one run of one report, named by its file and its label.", "run");

        private final String heading;
        private final String intro;
        private final String by;

        Subject(String heading, String intro, String by) {
            this.heading = heading;
            this.intro = intro;
            this.by = by;
        }
    }

    private Comparison() {
    }

    /** The comparison section; nothing with fewer than two runs. */
    static void section(StringBuilder out, List<PageRun> runs, Subject subject) {
        if (runs.size() < 2) {
            return;
        }
        out.append("<section id=\"comparison\">\n<h2>").append(subject.heading).append("</h2>\n<p class=\"how\">")
                .append(subject.intro).append(" The temperature T = h·Var follows the gradient noise with slope 1"
                + " under SGD, about 1/2 under RMSProp, and 0 (one temperature, Gibbs) under the η'/σ² rule.</p>\n"
                + "<div class=\"scroll\"><table class=\"num compare\">\n<thead><tr><th></th>");
        for (PageRun r : runs) {
            out.append("<th>").append(Html.escape(r.label())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        if (subject == Subject.RUNS) {
            textRow(out, runs, "report", r -> Html.escape(r.source().map(ComparedReport::source).orElse(Html.DASH)));
            textRow(out, runs, "network", r -> Html.escape(r.network()));
            row(out, runs, "seed", r -> String.valueOf(r.example().isPresent() ? r.example().get().settings().seed()
                    : r.report().provenance().seed()));
        }
        row(out, runs, "optimizer", r -> Html.escape(r.example().map(e -> e.optimizer()).orElse(Html.DASH)));
        row(out, runs, "learning rate", r -> r.example().map(e -> Html.numberHtml(e.settings().learningRate()))
                .orElse(Html.ABSENT_HTML));
        directionRows(out, runs);
        textRow(out, runs, "parameters: verdict", r -> RunTables.verdictHtml(
                summary(r).judgement().verdict().state(), Words.verdict(summary(r).judgement().verdict())));
        row(out, runs, "parameters: coverage", r -> RunTables.coverageCell(summary(r).judgement().coverage()));
        row(out, runs, "parameters: median observed / predicted",
                r -> RunTables.intervalCell(summary(r).judgement().medianRatio()));
        row(out, runs, "judged / predicted / tracked", r -> summary(r).counts().judged() + " / "
                + summary(r).counts().predicted() + " / " + summary(r).counts().tracked());
        row(out, runs, "slope of log T on log σ²_B", r -> Html.plusMinusHtml(summary(r).temperatureNoiseSlope().value(),
                summary(r).temperatureNoiseSlope().standardError()));
        row(out, runs, "expected slope", r -> Html.numberHtml(summary(r).temperatureNoiseSlope().expected()));
        textRow(out, runs, "slope against expected", r -> Html.escape(Words.slope(summary(r).temperatureNoiseSlope())
                .words()));
        row(out, runs, "settled groups", r -> summary(r).settledGroups() + " of " + summary(r).groups());
        row(out, runs, "drifting", r -> Html.percentHtml(summary(r).fractionDrifting()));
        row(out, runs, "median FDR ratio", r -> Html.numberHtml(summary(r).medianFluctuationDissipationRatio()));
        textRow(out, runs, "data order (used)", r -> Html.escape(Words.dataOrder(r.report().dataOrder().used())));
        row(out, runs, "data-order factor", r -> Html.numberHtml(summary(r).dataOrderFactor()));
        out.append("</tbody>\n</table></div>\n<div class=\"grid\" data-slot=\"comparison\" data-by=\"").append(subject.by)
                .append("\"></div>\n</section>\n");
    }

    /** The directions' verdict, coverage and slope of each run; "not observed" for a run without directions. */
    private static void directionRows(StringBuilder out, List<PageRun> runs) {
        textRow(out, runs, "eigen-directions", r -> directions(r, s -> RunTables.verdictHtml(
                s.judgement().verdict().state(), Words.verdict(s.judgement().verdict(), DirectionCard.DIRECTIONS))));
        row(out, runs, "directions: coverage", r -> directions(r, s -> RunTables.coverageCell(
                s.judgement().coverage())));
        row(out, runs, "directions: median observed / predicted", r -> directions(r,
                s -> RunTables.intervalCell(s.judgement().medianRatio())));
        row(out, runs, "directions: slope of log T_k on log c_k (expected)", r -> directions(r,
                s -> Html.plusMinusHtml(s.temperatureNoiseSlope().value(), s.temperatureNoiseSlope().standardError())
                        + " (" + Html.numberHtml(s.temperatureNoiseSlope().expected()) + ")"));
        textRow(out, runs, "directions: slope against expected", r -> directions(r, s -> Html.escape(
                Words.slope(s.temperatureNoiseSlope(), DirectionCard.DIRECTIONS).words())));
    }

    private static String directions(PageRun run, Function<SpectralReport, String> cellHtml) {
        return run.report().directions().map(cellHtml).orElse("<span class=\"na\">not observed</span>");
    }

    private static RunSummary summary(PageRun run) {
        return run.report().summary();
    }

    private static void row(StringBuilder out, List<PageRun> runs, String name, Function<PageRun, String> cellHtml) {
        row(out, runs, name, cellHtml, "<td>");
    }

    /** A row of words (verdicts, readings): its cells wrap. */
    private static void textRow(StringBuilder out, List<PageRun> runs, String name,
                                Function<PageRun, String> cellHtml) {
        row(out, runs, name, cellHtml, "<td class=\"text\">");
    }

    private static void row(StringBuilder out, List<PageRun> runs, String name, Function<PageRun, String> cellHtml,
                            String td) {
        out.append("<tr><th>").append(Html.escape(name)).append("</th>");
        for (PageRun r : runs) {
            out.append(td).append(cellHtml.apply(r)).append("</td>");
        }
        out.append("</tr>\n");
    }
}
