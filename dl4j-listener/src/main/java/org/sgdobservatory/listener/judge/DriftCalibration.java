package org.sgdobservatory.listener.judge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.math3.special.Gamma;
import org.sgdobservatory.report.model.Compared;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;

/**
 * Whether the drift statistics of a set of independent traces are as wide as stationary traces with the measured
 * autocorrelation give ({@code docs/verdicts.md#drift-calibration}). Each member's Geweke score is a standard normal
 * score under stationarity when its autocorrelation time is right ({@link TraceEstimates#gewekeZ}), so over
 * {@code n} independent members {@code sum z^2} is chi-square with {@code n} degrees of freedom. When the sum lies
 * beyond that law's {@code 1 - P} quantile, the set's autocorrelation is longer than the window resolves (a slow
 * component the batch means cannot see, or a trend): its effective sample sizes are overstated and its intervals too
 * narrow, so neither "consistent" nor "inconsistent" can be concluded from them. Applied to the eigen-directions,
 * which a quadratic decouples; the parameters of a group share their minibatches and are not independent, so their
 * scores are not summed. Stateless.
 */
final class DriftCalibration {

    /** The test's size: the chance a set of stationary traces fails it. */
    static final double P = 0.001;
    /** Fewest members with a finite score the test needs. */
    static final int MIN_MEMBERS = 8;

    private DriftCalibration() {
    }

    /**
     * The test on the members' Geweke scores.
     *
     * @param members members with a finite score
     * @param sumOfSquares {@code sum z^2}
     * @param pValue {@code P(chi^2_n >= sumOfSquares)}
     */
    record Result(int members, double sumOfSquares, double pValue) {

        /** Whether the scores are wider than stationary traces give, at size {@link #P}. */
        boolean fails() {
            return pValue < P;
        }

        /** How much wider than a standard normal the scores are: {@code sqrt(sum z^2 / n)}. */
        double width() {
            return Math.sqrt(sumOfSquares / members);
        }
    }

    /** The test on {@code z} (non-finite scores left out); empty with fewer than {@link #MIN_MEMBERS}. */
    static Optional<Result> test(double[] z) {
        int n = 0;
        double sum = 0;
        for (double v : z) {
            if (Double.isFinite(v)) {
                n++;
                sum += v * v;
            }
        }
        if (n < MIN_MEMBERS) {
            return Optional.empty();
        }
        // the upper tail directly (1 - CDF would round to 0 below 1e-16)
        double p = Gamma.regularizedGammaQ(n / 2.0, sum / 2);
        return Optional.of(new Result(n, sum, p));
    }

    /**
     * {@code judgement} unless the members' drift scores fail the test; then not judged
     * ({@link NotJudgedReason#AUTOCORRELATION_UNRESOLVED}), with the numbers. A set not judged for a reason that
     * does not rest on its intervals (no samples, no prediction, no theory, too short a window) keeps its verdict.
     *
     * @param name the set's name for the explanation, e.g. "directions"
     */
    static Judgement check(String name, Judgement judgement, List<? extends Compared> members) {
        Verdict v = judgement.verdict();
        boolean restsOnIntervals = v.state() != VerdictState.NOT_JUDGED || v.notJudged().filter(r ->
                r == NotJudgedReason.NOT_SETTLED || r == NotJudgedReason.TOO_FEW_JUDGED).isPresent();
        if (!restsOnIntervals) {
            return judgement;
        }
        Optional<Result> r = test(members.stream().mapToDouble(m -> m.drift().gewekeZ()).toArray());
        if (r.isEmpty() || !r.get().fails()) {
            return judgement;
        }
        Result t = r.get();
        return new Judgement(Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED), judgement.coverage(),
                judgement.medianRatio(), String.format(Locale.ROOT, "%s: not judged, because their drift scores are"
                + " %.2g times as wide as stationary traces with the measured autocorrelation give (sum of Geweke z^2"
                + " = %.3g over %d, chi-square p = %.2g < %.3g): their autocorrelation is longer than the window"
                + " resolves (a slow component or a trend), so their effective sample sizes are overstated and"
                + " their intervals too narrow for a verdict (docs/verdicts.md#drift-calibration); without this"
                + " check: %s", name, t.width(), t.sumOfSquares(), t.members(), t.pValue(), P,
                judgement.explanation()));
    }
}
