package org.sgdobservatory.report.html;

import java.util.List;

import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.GroupReport;
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
        RunTables.section(out, "groups", "Parameter groups", "One row per DL4J parameter block (layer × kind), and"
                + " below it the group's verdict. Coverage: judged 95% ratio intervals that contain 1 [binomial 95%"
                + " interval]. Ratio: observed / predicted variance [95% interval] (1 = the theory's spread). FDR:"
                + " fluctuation-dissipation ratio (1 when stationary). τ: integrated autocorrelation time in"
                + " observations. T = h·Var. α = T/(η_eff·σ²_B) against the value the theory expects. Slope: of log T"
                + " on log σ²_B across the group, against the expected slope.", runs, GroupTables::run);
    }

    private static void run(StringBuilder out, PageRun run) {
        List<GroupReport> groups = run.report().groups();
        if (groups.isEmpty()) {
            out.append("<p class=\"empty\">No groups reported.</p>\n");
            return;
        }
        RunTables.table(out, "num groups", "<th>group</th><th>updater</th><th>tracked / total</th><th>predicted</th>"
                + "<th>judged</th><th>coverage</th><th>median ratio</th><th>median FDR</th><th>drifting</th>"
                + "<th>median τ</th><th>median T</th><th>median α (expected)</th><th>slope ± SE (expected)</th>",
                groups, GroupTables::row);
        blocks(out, run.report().blockPredictions());
    }

    private static void row(StringBuilder out, GroupReport g) {
        GroupReport.GroupStatistics s = g.statistics();
        Judgement j = g.judgement();
        out.append("<tr><td class=\"key\">").append(Html.escape(g.key())).append("</td><td>")
                .append(Html.escape(Html.present(g.updaterClass()) ? g.updaterClass() : g.updater().name()))
                .append("</td><td>").append(g.counts().tracked()).append(" / ").append(g.counts().total())
                .append("</td><td>").append(g.counts().predicted()).append("</td><td>").append(g.counts().judged())
                .append("</td><td>").append(RunTables.coverageCell(j.coverage())).append("</td><td>")
                .append(RunTables.intervalCell(j.medianRatio())).append("</td><td>")
                .append(Html.numberHtml(s.medianFluctuationDissipationRatio())).append("</td><td>")
                .append(Html.percentHtml(s.fractionDrifting())).append("</td><td>")
                .append(Html.numberHtml(s.medianIntegratedAutocorrelationTime())).append("</td><td>")
                .append(Html.numberHtml(s.medianTemperature())).append("</td><td>")
                .append(Html.numberHtml(s.medianMeasuredAlpha())).append(" (")
                .append(Html.numberHtml(s.expectedAlpha())).append(")</td><td>")
                .append(Html.plusMinusHtml(s.temperatureNoiseSlope().value(),
                        s.temperatureNoiseSlope().standardError()))
                .append(" (").append(Html.numberHtml(s.temperatureNoiseSlope().expected())).append(")</td></tr>\n");
        RunTables.openVerdictRow(out, COLUMNS, j.verdict().state(), Words.verdict(j.verdict()));
        if (Html.present(j.explanation())) {
            out.append(" — ").append(Html.escape(j.explanation()));
        }
        out.append(". ").append(s.settled() ? "Settled" : "Not settled").append("; slope ")
                .append(Html.escape(Words.slope(s.temperatureNoiseSlope()).words())).append(".</td></tr>\n");
    }

    private static void blocks(StringBuilder out, List<BlockPredictionReport> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        out.append("<h4>Full-block predictions</h4>\n<p class=\"how\">Per-parameter predictions assume a diagonal"
                + " Hessian; the full-block prediction of a small group keeps the couplings.</p>\n");
        RunTables.table(out, "num", "<th>group</th><th>parameters</th><th>median observed / full</th>"
                + "<th>median diagonal / full</th><th class=\"text\">basis</th>", blocks, (o, b) -> o
                .append("<tr><td class=\"key\">").append(Html.escape(b.key())).append("</td><td>")
                .append(b.parameters()).append("</td><td>").append(Html.numberHtml(b.medianRatioObservedToFull()))
                .append("</td><td>").append(Html.numberHtml(b.medianRatioDiagonalToFull()))
                .append("</td><td class=\"text\">")
                .append(Html.escape(b.notPredicted().map(r -> "not predicted, because " + Words.notPredicted(r)
                        + (Html.present(b.basis()) ? ": " + b.basis() : "")).orElse(b.basis())))
                .append("</td></tr>\n"));
    }
}
