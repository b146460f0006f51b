package org.sgdobservatory.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sgdobservatory.examples.simulate.DataOrderNames;
import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.report.model.VerdictWords;

/**
 * What {@code observatory run} prints for one run, read from the example report's records and never recomputed: the
 * run's settings and metrics; first the Hessian eigen-directions' verdict ({@link DirectionText}), then the
 * parameters' verdict from the listener's {@link RunSummary} (counts, coverage, median ratio, temperature-noise
 * slope) with one line per parameter group; then the data order. Stateless.
 */
final class RunText {

    private RunText() {
    }

    /** The block of one run, ending with a newline. */
    static String block(String exampleName, ExampleReport.Run run) {
        ExampleReport.Settings s = run.settings();
        ExampleReport.Training t = run.training();
        ObservatoryReport report = run.observatory();
        RunSummary summary = report.summary();
        Judgement judgement = summary.judgement();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %s (lr %s, batch %d, %d epochs, window %d, %s): %s; %.1f s"
                + " training + %.1f s probes%n", exampleName, run.label(), number(s.learningRate()), s.batchSize(),
                s.epochs(), s.windowIterations(), DataOrderNames.cliName(s.dataOrder()), metrics(t.metrics()),
                t.seconds(), t.observatorySeconds()));
        s.warmStart().ifPresent(w -> out.append(String.format(Locale.ROOT, "  warm start: %d epochs of SGD (lr %s)"
                + " before the eta'/sigma^2 rule%n", w.epochs(), number(w.learningRate()))));
        report.directions().ifPresent(d -> out.append(DirectionText.block(d)));
        Counts c = summary.counts();
        out.append("  parameters: ").append(VerdictWords.of(judgement.verdict())).append(String.format(Locale.ROOT,
                " (%d tracked of %d, %d predicted, %d judged)%n", c.tracked(), c.total(), c.predicted(), c.judged()));
        out.append("    coverage: ").append(coverage(judgement.coverage())).append('\n');
        out.append(medianLine(judgement));
        out.append("    temperature-noise slope: ").append(slope(summary.temperatureNoiseSlope(), "judged parameters"))
                .append('\n');
        int width = report.groups().stream().mapToInt(g -> g.key().length()).max().orElse(3);
        for (GroupReport g : report.groups()) {
            out.append(String.format(Locale.ROOT, "    %-" + width + "s  %s%n", g.key(), group(g)));
        }
        out.append("  data order: used ").append(DataOrderNames.cliName(report.dataOrder().used())).append(", detected ")
                .append(DataOrderNames.cliName(report.dataOrder().detected()));
        if (Double.isFinite(summary.dataOrderFactor()) && report.dataOrder().used() != DataOrder.IID) {
            out.append(String.format(Locale.ROOT, "; predictions for it are %sx the i.i.d. ones",
                    number(summary.dataOrderFactor())));
        }
        out.append('\n');
        return out.toString();
    }

    /** A group's counts and verdict, with its coverage and median ratio when it was judged. */
    private static String group(GroupReport g) {
        Counts c = g.counts();
        Judgement j = g.judgement();
        String counts = String.format(Locale.ROOT, "%d tracked, %d predicted, %d judged: ", c.tracked(), c.predicted(),
                c.judged());
        String verdict = VerdictWords.of(j.verdict());
        if (j.verdict().state() == VerdictState.NOT_JUDGED || j.coverage().judged() == 0) {
            return counts + verdict;
        }
        Interval m = j.medianRatio();
        return counts + verdict + String.format(Locale.ROOT, "; coverage %.0f%%, median ratio %s", 100
                * j.coverage().fraction(), m.finite() ? number(m.value()) + " [" + number(m.low95()) + ", "
                + number(m.high95()) + "]" : number(m.value()));
    }

    /** "812 of 900 judged 95% intervals contain 1 = 90% (95% interval 88-92%; 95% expected)". */
    static String coverage(Coverage c) {
        if (c.judged() == 0) {
            return "no parameter judged";
        }
        return String.format(Locale.ROOT, "%d of %d judged 95%% ratio intervals contain 1 = %.0f%% (95%% interval"
                + " %.0f-%.0f%%; %.0f%% if the theory holds)", c.covering(), c.judged(), 100 * c.fraction(),
                100 * c.low95(), 100 * c.high95(), 100 * c.expected());
    }

    /**
     * The median ratio's line; when the set is consistent by coverage but the median's interval excludes 1, it says
     * so: a common scale offset, which coverage does not judge.
     */
    static String medianLine(Judgement j) {
        Interval m = j.medianRatio();
        boolean offScale = j.verdict().state() == VerdictState.CONSISTENT && m.finite() && !m.contains(1);
        return "    median observed/predicted variance: " + interval(m) + (offScale ? "; excludes 1: a common scale"
                + " offset, which coverage does not judge" : "") + "\n";
    }

    /** "1.12 (95% interval 1.08-1.16)", or "-" when nothing was estimated. */
    static String interval(Interval i) {
        if (!Double.isFinite(i.value())) {
            return "-";
        }
        if (!Double.isFinite(i.low95()) || !Double.isFinite(i.high95())) {
            return number(i.value());
        }
        return number(i.value()) + " (95% interval " + number(i.low95()) + "-" + number(i.high95()) + ")";
    }

    /** "0.93 ± 0.05 over 812 parameters, expected 1: consistent", or why it is not judged. */
    static String slope(Slope s, String points) {
        if (!Double.isFinite(s.value())) {
            return "not estimable (" + s.points() + " usable " + points + ")";
        }
        String value = number(s.value()) + " ± " + number(s.standardError()) + " over " + s.points() + " " + points;
        if (!Double.isFinite(s.expected())) {
            return value + "; the theory expects no particular slope here";
        }
        String state = switch (s.verdict().state()) {
            case CONSISTENT -> "consistent";
            case INCONSISTENT -> "inconsistent";
            case NOT_JUDGED -> "not judged";
        };
        return value + ", expected " + number(s.expected()) + ": " + state;
    }

    /**
     * "train accuracy 0.995, test accuracy 0.972" or "train MSE 0.2512, test MSE 0.2581"; a split without its metric
     * (attach trains on the user's data alone: no test split) is left out.
     */
    private static String metrics(Map<String, Double> metrics) {
        List<String> parts = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            Double accuracy = metrics.get(split + "Accuracy");
            Double mse = metrics.get(split + "Mse");
            if (accuracy != null && Double.isFinite(accuracy)) {
                parts.add(String.format(Locale.ROOT, "%s accuracy %.3f", split, accuracy));
            } else if (mse != null && Double.isFinite(mse)) {
                parts.add(String.format(Locale.ROOT, "%s MSE %.4g", split, mse));
            }
        }
        return parts.isEmpty() ? "no metrics" : String.join(", ", parts);
    }

    /** Three significant digits, plain below 1e4 and above 1e-3, scientific otherwise. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e4)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
