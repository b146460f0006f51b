package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.sgdobservatory.report.model.AutocorrelationMethod;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The eigen-directions section, which leads the per-run material: per run a table of its {@link SpectralReport}'s
 * directions (a row per {@link DirectionReport} with its numbers and, below it, its verdict in words) and a slot for
 * the directions' charts ({@code <div data-slot="run-0-directions">}), which carries, when no direction is judged,
 * the reason in words ({@code data-none-judged}) for the headline chart's empty box. A run without directions reads
 * "not observed" with its {@code DIRECTIONS_SKIPPED} findings. Stateless and thread-safe.
 */
final class DirectionSection {

    private static final int COLUMNS = 11;

    private DirectionSection() {
    }

    /** The directions section. */
    static void section(StringBuilder out, List<PageRun> runs) {
        RunTables.section(out, "directions", "Eigen-directions", "Along the top"
                + " eigen-directions of the loss Hessian (of the preconditioned Hessian P^1/2 H P^1/2 for RMSProp and"
                + " the η'/σ² rule) the quadratic theory is exact whatever the gradient-noise covariance, and the"
                + " stiff directions relax within a few iterations: this is the comparison a short window on a real"
                + " network can judge. One row per direction, largest eigenvalue first. λ: eigenvalue ± its standard"
                + " error over the probe examples; residual: Lanczos's ‖Av − λv‖; η·λ: learning rate times"
                + " eigenvalue (plain SGD diverges along the direction from 2, the edge of stability); variances are"
                + " of the projection onto the direction [95% interval]; ratio: observed / predicted [95% interval]; the observed variance is"
                + " taken about the projection's slowly moving centre where the window allows (the row below says"
                + " which);"
                + " T_k = λ_k·Var_k; c_k: gradient noise along the direction; τ and ESS as for a parameter.", runs,
                DirectionSection::run);
    }

    private static void run(StringBuilder out, PageRun run) {
        if (run.report().directions().isEmpty()) {
            out.append("<p class=\"empty\">Not observed");
            List<Finding> skipped = run.report().findings(FindingCode.DIRECTIONS_SKIPPED);
            for (int i = 0; i < skipped.size(); i++) {
                out.append(i == 0 ? ": " : "; ").append(Html.escape(skipped.get(i).message()));
            }
            out.append(".</p>\n");
            return;
        }
        SpectralReport s = run.report().directions().get();
        out.append("<p class=\"how\">Eigenvectors of the ").append(DirectionCard.basisHtml(s)).append("; ")
                .append(DirectionCard.countsHtml(s)).append(".</p>\n");
        if (s.directions().isEmpty()) {
            out.append("<p class=\"empty\">Lanczos found no eigenpair.</p>\n");
        } else {
            RunTables.table(out, "num directions", "<th>k</th><th>λ ± SE</th><th>residual</th><th>η·λ</th>"
                    + "<th>observed variance</th><th>predicted ± SE</th><th>ratio</th><th>T_k</th><th>c_k ± SE</th>"
                    + "<th>τ</th><th>ESS</th>", s.directions(), DirectionSection::row);
        }
        out.append("<div class=\"grid\" data-slot=\"").append(run.slot()).append("-directions\"");
        if (s.directions().stream().noneMatch(d -> d.verdict().judged())) {
            out.append(" data-none-judged=\"").append(Html.escape(noneJudged(s.directions()))).append('"');
        }
        out.append("></div>\n");
    }

    private static void row(StringBuilder out, DirectionReport d) {
        DirectionReport.Spectrum sp = d.spectrum();
        ParameterReport.Observed o = d.observed();
        out.append("<tr><td>").append(d.index()).append("</td><td>")
                .append(Html.plusMinusHtml(sp.eigenvalue().value(), sp.eigenvalue().standardError()))
                .append("</td><td>").append(Html.numberHtml(sp.residual()))
                .append(sp.converged() ? " (converged)" : " (not converged)").append("</td><td>")
                .append(etaLambdaHtml(sp.learningRateTimesEigenvalue())).append("</td><td>")
                .append(RunTables.intervalCell(o.variance())).append("</td><td>")
                .append(Html.plusMinusHtml(d.prediction().variance().value(),
                        d.prediction().variance().standardError())).append("</td><td>")
                .append(RunTables.intervalCell(d.comparison().ratio())).append("</td><td>")
                .append(Html.numberHtml(d.comparison().temperature())).append("</td><td>")
                .append(Html.plusMinusHtml(d.noiseVariance().value(), d.noiseVariance().standardError()))
                .append("</td><td>").append(tauHtml(o)).append("</td><td>")
                .append(Html.numberHtml(o.effectiveSampleSize())).append("</td></tr>\n");
        RunTables.openVerdictRow(out, COLUMNS, d.verdict().state(), Words.verdict(d.verdict(),
                DirectionCard.DIRECTIONS)).append(". ").append(Html.escape(spread(d.spread(),
                sp.learningRateTimesEigenvalue()))).append(". ")
                .append(Html.escape(prediction(d.prediction()))).append(".</td></tr>\n");
    }

    /** η·λ, with the edge-of-stability flag from 1.5 ({@link Words#edgeOfStability(double)}). */
    static String etaLambdaHtml(double learningRateTimesEigenvalue) {
        return Html.numberHtml(learningRateTimesEigenvalue) + Words.edgeOfStability(learningRateTimesEigenvalue)
                .map(flag -> " <span class=\"flag\">" + Html.escape(flag) + "</span>").orElse("");
    }

    /** τ, marked "≥" when only a lower bound is known and "(theory floor)" when raised to the theory's. */
    private static String tauHtml(ParameterReport.Observed o) {
        String tau = Html.numberHtml(o.integratedAutocorrelationTime());
        if (!Double.isFinite(o.integratedAutocorrelationTime())) {
            return tau;
        }
        return o.autocorrelationMethod() == AutocorrelationMethod.LOWER_BOUND ? "≥ " + tau
                : o.autocorrelationMethod() == AutocorrelationMethod.THEORY_FLOOR ? tau + " (theory floor)"
                : o.autocorrelationMethod() == AutocorrelationMethod.FAST_COMPONENT ? tau + " (fast component)" : tau;
    }

    /** Which variance the row shows, and what the centre's slow wandering adds to the window's. */
    static String spread(DirectionReport.Spread s, double etaLambda) {
        return switch (s.estimator()) {
            case WITHIN_BLOCKS -> String.format(java.util.Locale.ROOT, "Variance about the projection's slowly"
                    + " moving centre, within %d blocks of %d samples (x%.3f for their finite length; for reshuffled"
                    + " minibatches the midpoint between none and the correction for independent ones); over the whole"
                    + " window it is %s (%+.1f%%); one step takes back %s of the deviation (η·λ = %s for minibatches"
                    + " drawn independently on a quadratic; reshuffling raises it somewhat)",
                    s.groups(), s.groupLength(), s.biasCorrection(), Html.number(s.wholeWindowVariance()),
                    100 * s.slowShare() / (1 - s.slowShare()), Html.number(s.measuredStepRate()),
                    Html.number(etaLambda));
            case WHOLE_WINDOW -> "Variance over the whole window (the direction relaxes too slowly for blocks of 10"
                    + " relaxation times to fit 16 times in the window, or its relaxation time is not known)";
            case WHOLE_WINDOW_WITH_MOMENTUM -> "Variance over the whole window (with momentum the blocks' length"
                    + " correction does not apply)";
        };
    }

    private static String prediction(PredictionReport p) {
        if (p.predicted()) {
            return Html.present(p.basis()) ? "Prediction: " + p.basis() : "Predicted";
        }
        return "Not predicted, because " + p.notPredicted().map(Words::notPredicted).orElse("the report gives no"
                + " reason") + (Html.present(p.basis()) ? " (" + p.basis() + ")" : "");
    }

    /**
     * Why no direction is judged, in words: "no direction was found", the one reason of them all, or each reason
     * with how many directions it keeps from a verdict ("2 directions: ...; 1 direction: ...").
     */
    static String noneJudged(List<DirectionReport> directions) {
        if (directions.isEmpty()) {
            return "no direction was found";
        }
        Map<NotJudgedReason, Integer> reasons = new EnumMap<>(NotJudgedReason.class);
        for (DirectionReport d : directions) {
            d.verdict().notJudged().ifPresent(r -> reasons.merge(r, 1, Integer::sum));
        }
        if (reasons.size() == 1) {
            return Words.because(reasons.keySet().iterator().next(), DirectionCard.DIRECTIONS);
        }
        List<String> parts = new ArrayList<>();
        reasons.forEach((r, n) -> parts.add(Html.count(n, "direction") + ": "
                + Words.because(r, DirectionCard.DIRECTIONS)));
        return String.join("; ", parts);
    }
}
