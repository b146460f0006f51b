package org.sgdobservatory.examples.cli;

import java.util.Locale;

import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictWords;

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
        out.append("    median observed/predicted variance: ").append(RunText.interval(j.medianRatio())).append('\n');
        out.append("    temperature-noise slope: ").append(RunText.slope(d.temperatureNoiseSlope(), "judged directions"))
                .append('\n');
        out.append(String.format(Locale.ROOT, "    %3s  %10s  %7s  %-22s  %s%n", "k", "eta*lambda", "ESS",
                "observed/predicted", "verdict"));
        double maxEtaLambda = 0;
        for (DirectionReport r : d.directions()) {
            double etaLambda = r.spectrum().learningRateTimesEigenvalue();
            maxEtaLambda = Math.max(maxEtaLambda, Double.isFinite(etaLambda) ? etaLambda : 0);
            out.append(String.format(Locale.ROOT, "    %3d  %10s  %7s  %-22s  %s%n", r.index(),
                    RunText.number(etaLambda), ess(r.observed().effectiveSampleSize()),
                    ratio(r.comparison().ratio()), brief(r.verdict())));
        }
        if (maxEtaLambda >= NEAR_EDGE) {
            out.append(String.format(Locale.ROOT, "    eta*lambda reaches %s: near SGD's edge of stability (2) the"
                    + " quadratic theory's discrete factor 2/(2 - eta*lambda) is large and higher-order terms of the"
                    + " loss matter, so a miss there may be the theory's, not the measurement's%n",
                    RunText.number(maxEtaLambda)));
        }
        return out.toString();
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
