package org.sgdobservatory.report.html;

import java.util.List;

import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Slope;

/**
 * The verdict cards, one per run: first the eigen-directions ({@link DirectionCard}), then from the run's
 * {@link RunSummary} and {@link DataOrderReport} the parameters' judgement (state and reason, coverage, median ratio,
 * counts), the settled groups, the temperature-noise slope across parameters against the expected slope, and the
 * data order. Under each card, the run's facts ({@link RunFacts}). Stateless and
 * thread-safe.
 */
final class VerdictCards {

    private VerdictCards() {
    }

    /** The verdicts section. */
    static void section(StringBuilder out, List<PageRun> runs) {
        out.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n");
        if (runs.isEmpty()) {
            out.append("<p class=\"empty\">The report holds no runs.</p>\n</section>\n");
            return;
        }
        out.append("<div class=\"cards\">\n");
        for (PageRun run : runs) {
            card(out, run);
        }
        out.append("</div>\n</section>\n");
    }

    private static void card(StringBuilder out, PageRun run) {
        RunSummary s = run.report().summary();
        out.append("<article class=\"card\" id=\"verdict-").append(run.slot()).append("\">\n<h3>")
                .append(Html.escape(run.label()));
        run.example().ifPresent(e -> out.append(" <span class=\"opt\">").append(Html.escape(e.optimizer()))
                .append("</span>"));
        out.append("</h3>\n");
        DirectionCard.block(out, run.report());
        judgement(out, "Parameters, theory vs measurement", s.judgement(), s.counts(), "in the network");
        settled(out, s);
        slope(out, "Temperature vs noise across parameters", s.temperatureNoiseSlope());
        dataOrder(out, run.report().dataOrder(), s.dataOrderFactor());
        RunFacts.list(out, run);
        out.append("</article>\n");
    }

    /** A judgement block: the verdict's words, the explanation and the numbers behind it. */
    static void judgement(StringBuilder out, String question, Judgement j, Counts counts, String totalWhere) {
        out.append("<div class=\"verdict ").append(Words.stateClass(j.verdict().state())).append("\">\n")
                .append("<p><span class=\"q\">").append(Html.escape(question)).append(":</span> <span class=\"a\">")
                .append(Html.escape(Words.verdict(j.verdict()))).append("</span></p>\n");
        if (Html.present(j.explanation())) {
            out.append("<p class=\"d\">").append(Html.escape(j.explanation())).append("</p>\n");
        }
        out.append("<dl class=\"numbers\">\n");
        Header.fact(out, "coverage", coverageHtml(j.coverage()));
        Header.fact(out, "median ratio", Html.intervalHtml(j.medianRatio())
                + (Double.isFinite(j.medianRatio().value()) ? "" : " (no judged parameter)"));
        Header.fact(out, "parameters", countsHtml(counts, totalWhere));
        out.append("</dl>\n</div>\n");
    }

    /** "3 of 4 judged 95% ratio intervals contain 1: 75% (binomial 95% interval 30%–95%) against 95%". */
    static String coverageHtml(Coverage c) {
        return coverageHtml(c, "parameter");
    }

    /** {@link #coverageHtml(Coverage)} of judged {@code part}s (singular, e.g. "direction") when none is judged. */
    static String coverageHtml(Coverage c, String part) {
        if (c.judged() == 0) {
            return "none: no " + part + " was judged (the theory implies " + Html.percentHtml(c.expected()) + ")";
        }
        return c.covering() + " of " + c.judged() + " judged 95% ratio intervals contain 1: "
                + Html.percentHtml(c.fraction()) + " (binomial 95% interval " + Html.percentHtml(c.low95()) + "–"
                + Html.percentHtml(c.high95()) + ") against the " + Html.percentHtml(c.expected())
                + " the theory implies";
    }

    /** "4 judged of 5 predicted of 6 tracked (50 in the network)". */
    static String countsHtml(Counts c, String totalWhere) {
        return c.judged() + " judged of " + c.predicted() + " predicted of " + c.tracked() + " tracked ("
                + Html.count(c.total()) + " " + Html.escape(totalWhere) + ")";
    }

    private static void settled(StringBuilder out, RunSummary s) {
        out.append("<div class=\"verdict neutral\">\n<p><span class=\"q\">Settled groups:</span> <span class=\"a\">")
                .append(s.settledGroups()).append(" of ").append(s.groups()).append("</span></p>\n<p class=\"d\">")
                .append("A group is settled when few of its parameters drift, its FDR ratio is near 1 and it has"
                        + " enough effective samples. Drifting (Geweke test): ")
                .append(Html.percentHtml(s.fractionDrifting())).append(" of tracked parameters; median FDR ratio ")
                .append(Html.numberHtml(s.medianFluctuationDissipationRatio())).append(" (1 when stationary).</p>\n")
                .append("</div>\n");
    }

    /** A slope block: the slope ± SE over its points, against the expected slope. */
    static void slope(StringBuilder out, String question, Slope slope) {
        Words.SlopeReading reading = Words.slope(slope);
        out.append("<div class=\"verdict ").append(Words.stateClass(reading.state())).append("\">\n")
                .append("<p><span class=\"q\">").append(Html.escape(question)).append(":</span> <span class=\"a\">")
                .append(Html.escape(reading.words())).append("</span></p>\n<p class=\"d\">")
                .append(slopeHtml(slope)).append("</p>\n</div>\n");
    }

    /** "slope of log T on log σ²_B 0.93 ± 0.11 over 6 parameters; expected 1 (basis)". */
    static String slopeHtml(Slope slope) {
        return "Slope of log T on log σ²_B: " + Html.plusMinusHtml(slope.value(), slope.standardError()) + " over "
                + Html.count(slope.points(), "judged point") + "; expected " + Html.numberHtml(slope.expected())
                + (Html.present(slope.expectedBasis()) ? " (" + Html.escape(slope.expectedBasis()) + ")" : "")
                + ". Slope 1: each parameter's temperature follows its gradient noise (SGD); 0: one shared"
                + " temperature (a Gibbs density).";
    }

    private static void dataOrder(StringBuilder out, DataOrderReport order, double factor) {
        out.append("<div class=\"verdict neutral\">\n<p><span class=\"q\">Data order:</span> <span class=\"a\">")
                .append(Html.escape(Words.dataOrder(order.used()))).append("</span></p>\n<p class=\"d\">")
                .append("Predictions assume ").append(Html.escape(Words.dataOrder(order.used())))
                .append("; the example fingerprints detected ").append(Html.escape(Words.dataOrder(order.detected())));
        if (order.detected() != order.used()) {
            out.append(" (the stated order wins over detection)");
        }
        if (Html.present(order.evidence())) {
            out.append(": ").append(Html.escape(order.evidence()));
        }
        out.append(". ");
        if (order.used() == DataOrder.FIXED_CYCLIC) {
            out.append("A fixed order settles on a limit cycle, not a density: its spread is observed, not"
                    + " compared with a stationary variance. ");
        } else if (order.used() == DataOrder.UNKNOWN) {
            out.append("With the order not determined, predictions assume i.i.d. minibatches. ");
        }
        out.append("Data-order factor ").append(Html.numberHtml(factor));
        out.append(Double.isFinite(factor)
                ? ": the prediction for this order is that many times the i.i.d.-minibatch prediction (median over"
                + " parameters with both)."
                : " (not estimable: no parameter has both the prediction for this order and the i.i.d. one).");
        out.append("</p>\n</div>\n");
    }
}
