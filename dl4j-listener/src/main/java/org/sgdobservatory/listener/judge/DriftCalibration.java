package org.sgdobservatory.listener.judge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.sgdobservatory.report.model.Compared;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;

/**
 * Whether the drift statistics of a set of independent traces are as wide as stationary traces with the measured
 * autocorrelation give ({@code docs/verdicts.md#drift-calibration}). Each member's Geweke score is a standard normal
 * score under stationarity when its autocorrelation time is right ({@link TraceEstimates#gewekeZ}), so each lies
 * beyond {@code +-1.96} with probability 0.05, and over {@code n} independent members the count beyond is
 * Binomial({@code n}, 0.05). When the count is improbable at size {@link #P}, the set's autocorrelation is longer
 * than the window resolves (a slow component the batch means cannot see, or a trend): its effective sample sizes
 * are overstated and its intervals too narrow, so neither "consistent" nor "inconsistent" can be concluded from
 * them. A count, not the sum of {@code z^2}: one member that drifts far (judged DRIFTING on its own) counts once,
 * so the test answers whether the set as a whole is wider. Applied to the eigen-directions, which a quadratic
 * decouples; the parameters of a group share their minibatches and are not independent. Stateless.
 */
final class DriftCalibration {

    /** The test's largest size: the chance a set of stationary traces fails it is at most this. */
    static final double P = 0.001;
    /** Fewest members with a finite score the test needs. */
    static final int MIN_MEMBERS = 8;
    /** The two-sided 5% point of the standard normal. */
    static final double Z95 = 1.959963984540054;

    private DriftCalibration() {
    }

    /**
     * The test on the members' Geweke scores.
     *
     * @param members members with a finite score
     * @param beyond how many of them lie beyond {@code +-1.96}
     * @param pValue {@code P(X >= beyond)}, {@code X ~ Binomial(members, 0.05)}
     * @param width {@code sqrt(mean z^2)}: how much wider than a standard normal the scores are (for the words)
     */
    record Result(int members, int beyond, double pValue, double width) {

        /** Whether too many scores lie beyond {@code +-1.96}, at size {@link #P}. */
        boolean fails() {
            return pValue < P;
        }
    }

    /** The test on {@code z} (non-finite scores left out); empty with fewer than {@link #MIN_MEMBERS}. */
    static Optional<Result> test(double[] z) {
        return test(z, MIN_MEMBERS);
    }

    /**
     * The test on {@code z} with fewer members allowed: its size stays at most {@link #P} at any count (all of
     * {@code n} beyond 1.96 has probability {@code 0.05^n}), only its power falls; empty with fewer than
     * {@code minMembers} finite scores.
     */
    static Optional<Result> test(double[] z, int minMembers) {
        int n = 0;
        int beyond = 0;
        double squares = 0;
        for (double v : z) {
            if (Double.isFinite(v)) {
                n++;
                beyond += Math.abs(v) > Z95 ? 1 : 0;
                squares += v * v;
            }
        }
        if (n < minMembers) {
            return Optional.empty();
        }
        double p = beyond == 0 ? 1 : 1 - new BinomialDistribution(null, n, 0.05).cumulativeProbability(beyond - 1);
        return Optional.of(new Result(n, beyond, p, Math.sqrt(squares / n)));
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
                judgement.medianRatio(), String.format(Locale.ROOT, "%s: not judged, because %d of %d Geweke drift"
                + " scores lie beyond +-1.96, where stationary traces with the measured autocorrelation put 5%% (binomial"
                + " p = %.2g < %.3g; the scores are %.2g times as wide as a standard normal): their autocorrelation is"
                + " longer than the window resolves (a slow component or a trend), so their effective sample sizes are"
                + " overstated and their intervals too narrow for a verdict (docs/verdicts.md#drift-calibration);"
                + " without this check: %s", name, t.beyond(), t.members(), t.pValue(), P, t.width(),
                judgement.explanation()));
    }
}
