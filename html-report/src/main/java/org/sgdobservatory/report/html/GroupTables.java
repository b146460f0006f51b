package org.sgdobservatory.report.html;

import java.util.List;

import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;

/**
 * One table of parameter groups per run, a row per DL4J parameter block with its numbers and, below it, the group's
 * judgement in the same words as the verdict cards; then the full-block predictions when the run has any.
 * Stateless and thread-safe.
 */
final class GroupTables {

    private static final int COLUMNS = 13;

    private GroupTables() {
    }

    /** The groups section. */
    static void section(StringBuilder out, List<PageRun> runs) {
        out.append("<section id=\"groups\">\n<h2>Parameter groups</h2>\n<p class=\"how\">One row per DL4J parameter"
                + " block (layer × kind), and below it the group's verdict. Coverage: judged 95% ratio intervals"
                + " that contain 1 [binomial 95% interval]. Ratio: observed / predicted variance [95% interval]"
                + " (1 = the theory's spread). FDR: fluctuation-dissipation ratio (1 when stationary). τ: integrated"
                + " autocorrelation time in observations. T = h·Var. α = T/(η_eff·σ²_B) against the value the theory"
                + " expects. Slope: of log T on log σ²_B across the group, against the expected slope.</p>\n");
        for (PageRun run : runs) {
            table(out, run);
        }
        out.append("</section>\n");
    }

    private static void table(StringBuilder out, PageRun run) {
        if (run.example().isPresent() || run.source().isPresent()) {
            out.append("<h3>").append(Html.escape(run.label())).append("</h3>\n");
        }
        List<GroupReport> groups = run.report().groups();
        if (groups.isEmpty()) {
            out.append("<p class=\"empty\">No groups reported.</p>\n");
            return;
        }
        out.append("<div class=\"scroll\"><table class=\"num groups\">\n<thead><tr><th>group</th><th>updater</th>"
                + "<th>tracked / total</th><th>predicted</th><th>judged</th><th>coverage</th><th>median ratio</th>"
                + "<th>median FDR</th><th>drifting</th><th>median τ</th><th>median T</th><th>median α (expected)</th>"
                + "<th>slope ± SE (expected)</th></tr></thead>\n<tbody>\n");
        for (GroupReport g : groups) {
            row(out, g);
        }
        out.append("</tbody>\n</table></div>\n");
        blocks(out, run.report().blockPredictions());
    }

    private static void row(StringBuilder out, GroupReport g) {
        GroupReport.GroupStatistics s = g.statistics();
        Judgement j = g.judgement();
        out.append("<tr><td class=\"key\">").append(Html.escape(g.key())).append("</td><td>")
                .append(Html.escape(Html.present(g.updaterClass()) ? g.updaterClass() : g.updater().name()))
                .append("</td><td>").append(g.counts().tracked()).append(" / ").append(g.counts().total())
                .append("</td><td>").append(g.counts().predicted()).append("</td><td>").append(g.counts().judged())
                .append("</td><td>").append(coverageCell(j.coverage())).append("</td><td>")
                .append(intervalCell(j.medianRatio())).append("</td><td>")
                .append(Html.numberHtml(s.medianFluctuationDissipationRatio())).append("</td><td>")
                .append(Html.percentHtml(s.fractionDrifting())).append("</td><td>")
                .append(Html.numberHtml(s.medianIntegratedAutocorrelationTime())).append("</td><td>")
                .append(Html.numberHtml(s.medianTemperature())).append("</td><td>")
                .append(Html.numberHtml(s.medianMeasuredAlpha())).append(" (")
                .append(Html.numberHtml(s.expectedAlpha())).append(")</td><td>")
                .append(Html.plusMinusHtml(s.temperatureNoiseSlope().value(),
                        s.temperatureNoiseSlope().standardError()))
                .append(" (").append(Html.numberHtml(s.temperatureNoiseSlope().expected())).append(")</td></tr>\n")
                .append("<tr class=\"verdict-row\"><td colspan=\"").append(COLUMNS).append("\"><span class=\"a ")
                .append(Words.stateClass(j.verdict().state())).append("\">")
                .append(Html.escape(Words.verdict(j.verdict()))).append("</span>");
        if (Html.present(j.explanation())) {
            out.append(" — ").append(Html.escape(j.explanation()));
        }
        out.append(". ").append(s.settled() ? "Settled" : "Not settled").append("; slope ")
                .append(Html.escape(Words.slope(s.temperatureNoiseSlope()).words())).append(".</td></tr>\n");
    }

    /** "3/4 = 75% [30%–95%]", or a dash when none is judged. */
    static String coverageCell(Coverage c) {
        if (c.judged() == 0) {
            return Html.ABSENT_HTML;
        }
        return c.covering() + "/" + c.judged() + " = " + Html.percentHtml(c.fraction()) + " ["
                + Html.percentHtml(c.low95()) + "–" + Html.percentHtml(c.high95()) + "]";
    }

    /** "1.05 [0.97–1.13]", or a dash when not estimable. */
    static String intervalCell(Interval i) {
        if (!Double.isFinite(i.value())) {
            return Html.ABSENT_HTML;
        }
        return Html.number(i.value()) + (Double.isFinite(i.low95()) && Double.isFinite(i.high95())
                ? " [" + Html.number(i.low95()) + "–" + Html.number(i.high95()) + "]" : "");
    }

    private static void blocks(StringBuilder out, List<BlockPredictionReport> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        out.append("<h4>Full-block predictions</h4>\n<p class=\"how\">Per-parameter predictions assume a diagonal"
                + " Hessian; the full-block prediction of a small group keeps the couplings.</p>\n"
                + "<div class=\"scroll\"><table class=\"num\">\n<thead><tr><th>group</th><th>parameters</th>"
                + "<th>median observed / full</th><th>median diagonal / full</th><th class=\"text\">basis</th>"
                + "</tr></thead>\n<tbody>\n");
        for (BlockPredictionReport b : blocks) {
            out.append("<tr><td class=\"key\">").append(Html.escape(b.key())).append("</td><td>")
                    .append(b.parameters()).append("</td><td>").append(Html.numberHtml(b.medianRatioObservedToFull()))
                    .append("</td><td>").append(Html.numberHtml(b.medianRatioDiagonalToFull()))
                    .append("</td><td class=\"text\">")
                    .append(Html.escape(b.notPredicted().map(r -> "not predicted, because " + Words.notPredicted(r)
                            + (Html.present(b.basis()) ? ": " + b.basis() : "")).orElse(b.basis())))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }
}
