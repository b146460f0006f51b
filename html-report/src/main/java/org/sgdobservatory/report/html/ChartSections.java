package org.sgdobservatory.report.html;

import java.util.List;
import java.util.Optional;

import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * The skeleton of the charts section, rendered here so that its text reads without JavaScript: per run, the topic
 * headings with an empty slot ({@code <div data-slot="run-0-spread">}) for each group of charts, and a card per
 * close-up with why it was chosen, its numbers and verdict. The page script draws into the slots it finds. A
 * close-up whose parameter is constant in the window gets no slot (there is no spread to chart) but the words
 * "constant in the window". Stateless and thread-safe.
 */
final class ChartSections {

    private ChartSections() {
    }

    /** The charts section. */
    static void section(StringBuilder out, List<PageRun> runs) {
        out.append("<section id=\"charts\">\n<h2>Charts</h2>\n<noscript><p class=\"empty\">The charts need"
                + " JavaScript.</p></noscript>\n");
        for (PageRun run : runs) {
            run(out, run);
        }
        out.append("</section>\n");
    }

    private static void run(StringBuilder out, PageRun run) {
        String id = run.slot();
        out.append("<section class=\"run\" id=\"charts-").append(id).append("\">\n<h3>")
                .append(Html.escape(run.label())).append("</h3>\n");
        String thinned = PageParameters.note(run.report());
        if (!thinned.isEmpty()) {
            out.append("<p class=\"note\">").append(Html.escape(thinned)).append("</p>\n");
        }
        topic(out, "Spread: observed vs predicted", id + "-spread");
        topic(out, run.example().isPresent() ? "Temperatures and training" : "Temperatures", id + "-temperature");
        out.append("<div class=\"topic\"><h4>Close-ups of chosen parameters</h4>\n");
        List<CloseUpReport> closeUps = run.report().closeUps();
        if (closeUps.isEmpty()) {
            out.append("<p class=\"empty\">The report has no close-ups.</p>\n");
        }
        for (int k = 0; k < closeUps.size(); k++) {
            closeUp(out, run.report(), closeUps.get(k), id + "-closeup-" + k);
        }
        out.append("</div>\n");
        topic(out, "Stationarity and autocorrelation", id + "-stationarity");
        topic(out, "Gradient-noise shape", id + "-noise");
        out.append("</section>\n");
    }

    private static void topic(StringBuilder out, String title, String slot) {
        out.append("<div class=\"topic\"><h4>").append(Html.escape(title))
                .append("</h4>\n<div class=\"grid\" data-slot=\"").append(slot).append("\"></div></div>\n");
    }

    private static void closeUp(StringBuilder out, ObservatoryReport report, CloseUpReport cu, String slot) {
        Optional<ParameterReport> p = report.parameters().stream()
                .filter(q -> q.key().equals(cu.key()) && q.index() == cu.index()).findFirst();
        out.append("<div class=\"closeup\">\n<h5>").append(Html.escape(cu.key())).append('[').append(cu.index())
                .append("]</h5>\n");
        if (Html.present(cu.reason())) {
            out.append("<p class=\"reason\">Why this one: ").append(Html.escape(cu.reason())).append("</p>\n");
        }
        if (constant(cu, p)) {
            double value = p.map(q -> q.observed().mean()).orElse(cu.trace().values().isEmpty() ? Double.NaN
                    : cu.trace().values().get(0));
            out.append("<p class=\"constant\">Constant in the window (θ = ").append(Html.numberHtml(value))
                    .append(" throughout, e.g. a dead unit's bias): there is no spread to chart, and its"
                            + " autocorrelation time and effective sample size are not defined.</p>\n</div>\n");
            return;
        }
        p.ifPresent(q -> facts(out, q));
        out.append("<div class=\"grid\" data-slot=\"").append(slot).append("\"></div>\n</div>\n");
    }

    /**
     * Whether a close-up's parameter did not move in the window: its observed variance is 0, or (without a
     * parameter entry) its trace holds one value and its histogram has no width.
     */
    static boolean constant(CloseUpReport cu, Optional<ParameterReport> p) {
        if (p.isPresent()) {
            return p.get().observed().variance().value() == 0;
        }
        List<Double> values = cu.trace().values();
        boolean oneValue = !values.isEmpty() && values.stream().allMatch(v -> v.equals(values.get(0)));
        return oneValue && !(cu.histogram().high() > cu.histogram().low());
    }

    private static void facts(StringBuilder out, ParameterReport p) {
        ParameterReport.Observed o = p.observed();
        out.append("<p class=\"facts-line\">").append(RunTables.verdictHtml(p.verdict().state(),
                Words.verdict(p.verdict()))).append(". Observed variance ")
                .append(Html.intervalHtml(o.variance())).append("; predicted ");
        if (p.prediction().predicted()) {
            out.append(Html.plusMinusHtml(p.prediction().variance().value(), p.prediction().variance().standardError()))
                    .append("; ratio ").append(Html.intervalHtml(p.comparison().ratio()));
        } else {
            out.append("none, because ").append(Html.escape(p.prediction().notPredicted()
                    .map(Words::notPredicted).orElse("")));
        }
        out.append("; τ ").append(Html.numberHtml(o.integratedAutocorrelationTime())).append(", ESS ")
                .append(Html.numberHtml(o.effectiveSampleSize())).append("; Geweke z ")
                .append(Html.numberHtml(p.drift().gewekeZ())).append("; FDR ratio ")
                .append(Html.numberHtml(p.drift().fluctuationDissipationRatio())).append(".</p>\n");
    }
}
