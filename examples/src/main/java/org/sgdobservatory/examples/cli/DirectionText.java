package org.sgdobservatory.examples.cli;

import java.util.List;
import java.util.Locale;

import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictWords;
import org.sgdobservatory.sim.stats.Median;

/**
 * The lines {@code observatory run} leads a run's block with: the verdict on the spread along the top Hessian
 * eigen-directions, its coverage, median ratio and temperature-noise slope across directions, then one row per
 * direction with {@code eta lambda_k}, the effective sample size, observed/predicted variance with its 95% interval
 * and the verdict. Read from the report's {@link SpectralReport}, never recomputed. Stateless.
 */
final class DirectionText {

    /** {@code eta lambda} from which the note on SGD's edge of stability (at 2) is printed. */
    private static final double NEAR_EDGE = 1.5;

    private DirectionText() {
    }

    /** The directions' lines, ending with a newline. */
    static String block(SpectralReport d) {
        Judgement j = d.judgement();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  directions: %s (%d top eigen-directions of the %s, %d judged)%n",
                VerdictWords.of(j.verdict(), "directions"), d.directions().size(), basis(d.basis()),
                j.coverage().judged()));
        out.append("    coverage: ").append(RunText.coverage(j.coverage())).append('\n');
        out.append(RunText.medianLine(j));
        out.append("    temperature-noise slope: ").append(RunText.slope(d.temperatureNoiseSlope(), "judged directions"))
                .append('\n');
        out.append(String.format(Locale.ROOT, "    %3s  %10s  %7s  %-9s  %-22s  %s%n", "k", "eta*lambda", "ESS",
                "spread", "observed/predicted", "verdict"));
        double maxEtaLambda = 0;
        for (DirectionReport r : d.directions()) {
            double etaLambda = r.spectrum().learningRateTimesEigenvalue();
            maxEtaLambda = Math.max(maxEtaLambda, Double.isFinite(etaLambda) ? etaLambda : 0);
            out.append(String.format(Locale.ROOT, "    %3d  %10s  %7s  %-9s  %-22s  %s%n", r.index(),
                    RunText.number(etaLambda), ess(r.observed().effectiveSampleSize()), spread(r.spread()),
                    ratio(r.comparison().ratio()), brief(r.verdict())));
        }
        out.append(spreadNote(d.directions()));
        if (maxEtaLambda >= NEAR_EDGE) {
            out.append(String.format(Locale.ROOT, "    eta*lambda reaches %s: near SGD's edge of stability (2) the"
                    + " quadratic theory's discrete factor 2/(2 - eta*lambda) is large and higher-order terms of the"
                    + " loss matter, so a miss there may be the theory's, not the measurement's%n",
                    RunText.number(maxEtaLambda)));
        }
        return out.toString();
    }

    /** "blocks" (within blocks) or "window" (the whole window's variance). */
    private static String spread(DirectionReport.Spread s) {
        return switch (s.estimator()) {
            case WITHIN_BLOCKS -> "blocks";
            case WHOLE_WINDOW, WHOLE_WINDOW_WITH_MOMENTUM -> "window";
        };
    }

    /** What the spread column means, with the blocks' length and the median share the centre's wandering adds. */
    private static String spreadNote(List<DirectionReport> directions) {
        List<DirectionReport> measured = directions.stream().filter(d -> d.spread().withinBlocks()).toList();
        List<DirectionReport.Spread> inBlocks = measured.stream().map(DirectionReport::spread).toList();
        if (inBlocks.isEmpty()) {
            return directions.isEmpty() ? "" : "    spread: over the whole window"
                    + (directions.get(0).spread().estimator() == DirectionReport.Estimator.WHOLE_WINDOW_WITH_MOMENTUM
                    ? " (with momentum the blocks' length correction does not apply)\n"
                    : " (no direction has a known relaxation time short enough for blocks of 10 relaxation times to"
                    + " fit 16 times in it)\n");
        }
        double[] added = inBlocks.stream().mapToDouble(s -> s.slowShare() / (1 - s.slowShare())).toArray();
        double median = Median.of(added);
        double step = Median.of(measured.stream().mapToDouble(d -> d.spread().measuredStepRate()
                / d.spectrum().learningRateTimesEigenvalue()).toArray());
        return String.format(Locale.ROOT, "    spread: \"blocks\" = variance about the projection's slowly moving"
                + " centre, within blocks of %d to %d samples (%d of %d directions); \"window\" = over the whole"
                + " window%n      in blocks: the window's variance is a median %.1f%% %s; one step takes back a"
                + " median %s times eta*lambda (1 on a quadratic with minibatches drawn independently, somewhat more"
                + " when they are reshuffled)%n",
                inBlocks.stream().mapToLong(DirectionReport.Spread::groupLength).min().getAsLong(),
                inBlocks.stream().mapToLong(DirectionReport.Spread::groupLength).max().getAsLong(),
                inBlocks.size(), directions.size(), 100 * Math.abs(median), median >= 0
                        ? "larger than the blocks' (the centre's wandering)" : "smaller than the blocks'",
                RunText.number(step));
    }

    private static String basis(SpectralReport.Basis basis) {
        return switch (basis) {
            case HESSIAN -> "loss Hessian";
            case PRECONDITIONED_HESSIAN -> "preconditioned Hessian P^1/2 H P^1/2";
        };
    }

    private static String ess(double ess) {
        return Double.isFinite(ess) ? String.format(Locale.ROOT, "%.0f", ess) : "-";
    }

    /** "1.67 [1.18, 2.36]", or the value alone. */
    private static String ratio(Interval i) {
        if (!Double.isFinite(i.value())) {
            return "-";
        }
        if (!Double.isFinite(i.low95()) || !Double.isFinite(i.high95())) {
            return RunText.number(i.value());
        }
        return RunText.number(i.value()) + " [" + RunText.number(i.low95()) + ", " + RunText.number(i.high95()) + "]";
    }

    /** The verdict in a table cell: "consistent", "inconsistent" or "not judged: drifting". */
    private static String brief(Verdict v) {
        return switch (v.state()) {
            case CONSISTENT -> "consistent";
            case INCONSISTENT -> "inconsistent";
            case NOT_JUDGED -> "not judged: " + v.notJudged().map(r -> r.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')).orElse("no reason given");
        };
    }
}
