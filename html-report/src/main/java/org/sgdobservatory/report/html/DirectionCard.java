package org.sgdobservatory.report.html;

import java.util.List;

import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The first block of a run's verdict card: the eigen-directions, read from the run's {@link SpectralReport} only. Its
 * {@code judgement} in words (consistent, inconsistent or not judged and why), the coverage and median ratio with
 * their intervals, how many directions were judged, the basis, the Lanczos solve, and the temperature-noise slope
 * across directions against its expected value with the listener's verdict. A run without directions reads
 * "not observed", with the message of its {@code DIRECTIONS_SKIPPED} findings. Stateless and thread-safe.
 */
final class DirectionCard {

    /** The parts a directions' reason names. */
    static final String DIRECTIONS = "directions";

    /** The block's question, as the card shows it. */
    static final String QUESTION = "Eigen-directions";

    private DirectionCard() {
    }

    /** The eigen-directions block of {@code report}'s card. */
    static void block(StringBuilder out, ObservatoryReport report) {
        if (report.directions().isEmpty()) {
            notObserved(out, report.findings(FindingCode.DIRECTIONS_SKIPPED));
            return;
        }
        SpectralReport s = report.directions().get();
        Judgement j = s.judgement();
        out.append("<div class=\"verdict ").append(Words.stateClass(j.verdict().state())).append(" directions\">\n")
                .append("<p><span class=\"q\">").append(QUESTION).append(":</span> <span class=\"a\">")
                .append(Html.escape(Words.verdict(j.verdict(), DIRECTIONS))).append("</span></p>\n");
        if (Html.present(j.explanation())) {
            out.append("<p class=\"d\">").append(Html.escape(j.explanation())).append("</p>\n");
        }
        out.append("<dl class=\"numbers\">\n");
        Header.fact(out, "coverage", VerdictCards.coverageHtml(j.coverage(), "direction"));
        Header.fact(out, "median ratio", Html.intervalHtml(j.medianRatio())
                + (Double.isFinite(j.medianRatio().value()) ? "" : " (no judged direction)"));
        Header.fact(out, "directions", countsHtml(s));
        Header.fact(out, "basis", basisHtml(s));
        Header.fact(out, "solve", solveHtml(s));
        Header.fact(out, "sampling", Html.escape(Words.sampling(s.sampling())));
        Header.fact(out, "temperature vs noise", slopeHtml(s.temperatureNoiseSlope()));
        out.append("</dl>\n</div>\n");
    }

    private static void notObserved(StringBuilder out, List<Finding> skipped) {
        out.append("<div class=\"verdict state-not-judged directions\">\n<p><span class=\"q\">").append(QUESTION)
                .append(":</span> <span class=\"a\">not observed</span></p>\n");
        for (Finding f : skipped) {
            out.append("<p class=\"d\">").append(Html.escape(f.message())).append("</p>\n");
        }
        out.append("</div>\n");
    }

    /** "2 judged of 3 found (16 requested); 480 samples of each projection". */
    static String countsHtml(SpectralReport s) {
        return s.judgement().coverage().judged() + " judged of " + s.directions().size() + " found ("
                + s.solve().requested() + " requested); " + Html.count(s.samples(), "sample")
                + " of each projection";
    }

    /** "Hessian: the probe-set loss Hessian, L2 included". */
    static String basisHtml(SpectralReport s) {
        return Html.escape(Words.basis(s.basis()))
                + (Html.present(s.basisDescription()) ? ": " + Html.escape(s.basisDescription()) : "");
    }

    /**
     * "Lanczos at iteration 100 on 512 probe examples: 3 of 16 requested eigenpairs found with 92 exact
     * Hessian-vector products in 0.4 s, residuals as Lanczos estimates them; stopped because every requested eigenpair
     * converged" (the time left out when not measured).
     */
    static String solveHtml(SpectralReport s) {
        SpectralReport.Solve v = s.solve();
        return "Lanczos at iteration " + v.iteration() + " on " + Html.count(v.examples(), "probe example") + ": "
                + s.directions().size() + " of " + v.requested() + " requested eigenpairs found with "
                + (v.products() == SpectralReport.HessianProducts.EXACT
                        ? Html.count(v.matrixVectorProducts(), "exact Hessian-vector product")
                        : Html.count(v.matrixVectorProducts(), "Hessian-vector product")
                                + " by forward differences of gradients")
                + (Double.isFinite(v.seconds()) ? " in " + Html.number(v.seconds()) + " s" : "")
                + (v.residuals() == SpectralReport.Residuals.RECOMPUTED ? ", residuals recomputed"
                        : ", residuals as Lanczos estimates them")
                + "; stopped because " + Html.escape(Words.stopReason(v.stopReason()));
    }

    /** The slope's verdict in words (coloured by its state), then the slope ± SE against the expected slope. */
    static String slopeHtml(Slope slope) {
        Words.SlopeReading reading = Words.slope(slope, DIRECTIONS);
        return RunTables.verdictHtml(reading.state(), reading.words()) + ". Slope of log T_k on log c_k: " + Html.plusMinusHtml(slope.value(), slope.standardError())
                + " over " + Html.count(slope.points(), "judged direction") + "; expected "
                + Html.numberHtml(slope.expected())
                + (Html.present(slope.expectedBasis()) ? " (" + Html.escape(slope.expectedBasis()) + ")" : "") + ".";
    }
}
