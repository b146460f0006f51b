package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sgdobservatory.report.model.CurvatureMethod;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ListenerCost;
import org.sgdobservatory.report.model.ProbeReport;
import org.sgdobservatory.report.model.WindowReport;

/**
 * The facts under a verdict card: the example run's settings and training (when the report is an example report),
 * then the listener's window, probes and cost. Stateless and thread-safe.
 */
final class RunFacts {

    private RunFacts() {
    }

    /** The facts list of {@code run}. */
    static void list(StringBuilder out, PageRun run) {
        out.append("<dl class=\"facts small\">\n");
        run.example().ifPresent(e -> {
            Header.fact(out, "settings", settings(e.settings()));
            Header.fact(out, "training", training(e.training()));
        });
        Header.fact(out, "window", window(run.report().window()));
        Header.fact(out, "probes", probes(run.report().probes()));
        Header.fact(out, "cost", cost(run.report().cost()));
        out.append("</dl>\n");
    }

    private static String settings(ExampleReport.Settings s) {
        List<String> parts = new ArrayList<>(List.of("learning rate " + Html.numberHtml(s.learningRate()),
                "batch " + s.batchSize(), Html.count(s.epochs(), "epoch"),
                "window " + Html.count(s.windowIterations(), "iteration"),
                "data " + Html.escape(Words.dataOrder(s.dataOrder())), "L2 " + Html.numberHtml(s.l2()),
                "seed " + s.seed()));
        new TreeMap<>(s.optimizerParameters()).forEach((k, v) -> parts.add(Html.escape(k) + " " + Html.numberHtml(v)));
        s.warmStart().ifPresent(w -> parts.add("warm start: " + Html.count(w.epochs(), "epoch")
                + " of SGD at learning rate " + Html.numberHtml(w.learningRate())));
        return String.join(", ", parts);
    }

    private static String training(ExampleReport.Training t) {
        StringBuilder s = new StringBuilder().append(Html.count(t.iterations(), "iteration")).append(", ")
                .append(Html.count(t.epochs(), "epoch")).append(", ").append(Html.numberHtml(t.seconds()))
                .append(" s (report: ")
                .append(Html.numberHtml(t.observatorySeconds())).append(" s)");
        for (Map.Entry<String, Double> m : new TreeMap<>(t.metrics()).entrySet()) {
            s.append("; ").append(Html.escape(m.getKey())).append(' ').append(Html.numberHtml(m.getValue()));
        }
        return s.toString();
    }

    private static String window(WindowReport w) {
        if (w.startIteration() < 0) {
            return "the window never started" + reason("; start condition: ", w.startReason())
                    + reason("; ended: ", w.endReason());
        }
        WindowReport.Range lr = w.learningRates();
        String rates = Double.isFinite(lr.min()) && lr.min() == lr.max() ? Html.number(lr.min())
                : Html.numberHtml(lr.min()) + "–" + Html.numberHtml(lr.max());
        return "iterations " + w.startIteration() + "–" + w.lastIteration() + ", " + Html.count(w.samples(), "sample")
                + ", every " + Html.count(w.every(), "iteration") + "; minibatch " + w.miniBatchSize()
                + "; learning rate " + rates + reason("; started: ", w.startReason())
                + reason("; ended: ", w.endReason());
    }

    private static String reason(String prefix, String text) {
        return Html.present(text) ? prefix + Html.escape(text) : "";
    }

    private static String probes(ProbeReport p) {
        if (p.curvatureMethod() == CurvatureMethod.NONE && p.minibatches() == 0) {
            return "the probes did not run";
        }
        String s = "curvature: " + Html.escape(curvature(p.curvatureMethod())) + " on "
                + Html.count(p.examples(), "example") + " (" + p.distinctExamples() + " distinct); gradient noise σ²_B"
                + " from "
                + p.minibatches() + (p.minibatches() == 1 ? " minibatch" : " minibatches");
        if (p.perExampleGradients() > 0) {
            s += "; " + Html.count(p.perExampleGradients(), "per-example gradient");
        }
        return s + p.noiseScaling().map(n -> "; 1/B check at B = " + n.miniBatchSize()
                + ": Var(minibatch mean) / (Var(per example)/B) median " + Html.plusMinusHtml(n.medianRatio(),
                n.ratioStandardError()) + " (1 when the noise scales as 1/B)").orElse("");
    }

    /** A curvature method in words. */
    static String curvature(CurvatureMethod m) {
        return switch (m) {
            case EXACT_GAUSS_NEWTON -> "exact Gauss-Newton diagonal";
            case SAMPLED_GAUSS_NEWTON -> "Gauss-Newton diagonal from sampled labels";
            case HUTCHINSON -> "Hutchinson estimator (Rademacher probes)";
            case NONE -> "not measured";
        };
    }

    private static String cost(ListenerCost c) {
        return Html.numberHtml(c.callbackMillis()) + " ms in " + Html.count(c.callbacks(), "callback") + ", "
                + Html.numberHtml(c.probeMillis()) + " ms in probes and report; "
                + Html.count(c.trackedParameters(), "parameter") + " tracked, " + c.bytesHeld() + " bytes held ("
                + c.bytesPerTrackedParameter() + " per tracked parameter)";
    }
}
