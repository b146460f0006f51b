package org.sgdobservatory.listener.judge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.report.model.Compared;
import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.sim.stats.Median;

/**
 * A parameter group's statistics and verdict ({@code docs/verdicts.md#group-and-run-verdicts}).
 *
 * <p>Settled: at most {@link #MAX_DRIFTING} of the parameters drift, the median FDR ratio is within
 * {@link #FDR_TOLERANCE} of 1 (only when every iteration is observed: the FDR ratio telescopes only then), and the
 * window resolves most parameters (otherwise "window too short"). Verdict: inconsistent when at least
 * {@link #MIN_JUDGED} parameters are judged and their coverage is significantly below 95%
 * ({@link CoverageTest}) — evidence against the theory counts even in a group that has not settled; consistent only
 * in a settled group with at least {@link #MIN_JUDGED} judged parameters whose coverage is not significantly low;
 * otherwise not judged, with the reason. Stateless.
 */
public final class GroupJudge {

    /** Largest fraction of drifting parameters of a settled group (chance at p = 0.001 plus mild non-normality). */
    public static final double MAX_DRIFTING = 0.10;
    /** How far the median fluctuation-dissipation ratio of a settled group may be from 1. */
    public static final double FDR_TOLERANCE = 0.25;
    /** Fewest judged parameters for a coverage test (at 5, two or fewer covering rejects at 1%). */
    public static final int MIN_JUDGED = 5;

    private GroupJudge() {
    }

    /**
     * The group's report.
     *
     * @param block the DL4J parameter block
     * @param params the group's parameters, judged
     * @param everyIteration whether every iteration was observed (the FDR ratio is usable)
     * @param expectedAlpha the median alpha the predictions imply for this group (NaN when none)
     * @param slopeContext the optimizer and data order, for the slope's basis
     * @param advice how much longer to observe, when the window is too short ("" otherwise)
     */
    public static GroupReport judge(ParameterBlock block, List<ParameterReport> params, boolean everyIteration,
                                    double expectedAlpha, String slopeContext, String advice) {
        Settling settling = Settling.of(params, everyIteration);
        GroupReport.GroupStatistics stats = new GroupReport.GroupStatistics(settling.medianFdr(),
                settling.fractionDrifting(),
                Median.of(params.stream().mapToDouble(p -> p.observed().integratedAutocorrelationTime()).toArray()),
                Median.of(params.stream().mapToDouble(p -> p.comparison().temperature()).toArray()),
                Median.of(params.stream().mapToDouble(p -> p.comparison().measuredAlpha()).toArray()), expectedAlpha,
                TemperatureSlope.of(params, TemperatureSlope.nominal(block.updater().kind()), slopeContext),
                settling.settled());
        int predicted = (int) params.stream().filter(p -> p.prediction().predicted()).count();
        Judgement judgement = judgement(block.key(), params, predicted, settling, advice);
        return new GroupReport(block.key(), block.layerName(), block.kind(), block.updater().kind(),
                block.updater().className(), new Counts(params.size(), block.length(), predicted,
                judgement.coverage().judged()), stats, judgement);
    }

    /**
     * The verdict of any set of compared items (parameters, eigen-directions) under the rules of the class comment.
     *
     * @param name what the set is, for the explanation
     * @param everyIteration whether every iteration was observed (the FDR ratio is usable)
     * @param advice how much longer to observe, when the window is too short ("" otherwise)
     */
    public static Judgement judgement(String name, List<? extends Compared> items, boolean everyIteration,
                                      String advice) {
        Settling settling = Settling.of(items, everyIteration);
        int predicted = (int) items.stream().filter(p -> p.prediction().predicted()).count();
        return judgement(name, items, predicted, settling, advice);
    }

    /**
     * Whether a set has settled: its drift statistics and whether the window resolves most of it.
     *
     * @param fractionDrifting fraction whose drift test fires
     * @param medianFdr median fluctuation-dissipation ratio
     * @param stationary few drift and (when usable) the FDR ratio is near 1
     * @param tooShort the window is too short for most of the set
     * @param members how many items the statistics were taken over
     */
    record Settling(double fractionDrifting, double medianFdr, boolean stationary, boolean tooShort, int members) {

        static Settling of(List<? extends Compared> items, boolean everyIteration) {
            int n = items.size();
            double drifting = n == 0 ? Double.NaN : items.stream().filter(p -> p.drift().drifting()).count()
                    / (double) n;
            double medFdr = Median.of(items.stream().mapToDouble(p -> p.drift().fluctuationDissipationRatio())
                    .toArray());
            long unresolved = items.stream().filter(p -> p.verdict().notJudged().filter(r ->
                    r == NotJudgedReason.WINDOW_TOO_SHORT || r == NotJudgedReason.AUTOCORRELATION_UNRESOLVED)
                    .isPresent()).count();
            boolean stationary = drifting <= MAX_DRIFTING && (!everyIteration || Math.abs(medFdr - 1) < FDR_TOLERANCE);
            return new Settling(drifting, medFdr, stationary, n > 0 && unresolved > n / 2.0, n);
        }

        boolean settled() {
            return stationary && !tooShort;
        }
    }

    /**
     * Why a set has not settled, with the numbers the rule compares: how many drift against the
     * {@link #MAX_DRIFTING} allowed, and the median fluctuation-dissipation ratio against {@code 1 +- FDR_TOLERANCE}
     * (which counts only when every iteration is observed).
     */
    static String unsettled(Settling settling) {
        int members = settling.members();
        return String.format(Locale.ROOT, "the group has not settled: %d of %d drift (|Geweke z| > %.2f; at most"
                + " %.0f%% may), median fluctuation-dissipation ratio %.3g (within 1 +- %.2f when every iteration is"
                + " observed)", Math.round(settling.fractionDrifting() * members), members, TraceEstimates.DRIFT_Z,
                100 * MAX_DRIFTING, settling.medianFdr(), FDR_TOLERANCE);
    }

    /** The verdict of a set of parameters, by the rules of the class comment. */
    static Judgement judgement(String name, List<? extends Compared> params, int predicted, Settling settling,
                               String advice) {
        boolean stationary = settling.stationary();
        boolean tooShort = settling.tooShort();
        List<? extends Compared> judged = params.stream().filter(p -> p.verdict().judged()).toList();
        int covering = (int) judged.stream().filter(p -> p.verdict().state() == VerdictState.CONSISTENT).count();
        Coverage coverage = CoverageTest.coverage(judged.size(), covering);
        Interval median = CoverageTest.median(judged.stream().mapToDouble(p -> p.comparison().ratio().value())
                .toArray());
        String numbers = judged.isEmpty() ? "" : String.format(Locale.ROOT, "%d of %d judged ratio intervals contain"
                + " 1 (%.0f%%, 95%% interval %.0f-%.0f%%, 95%% expected); median observed/predicted %.3g",
                covering, judged.size(), 100 * coverage.fraction(), 100 * coverage.low95(), 100 * coverage.high95(),
                median.value());
        if (judged.size() >= MIN_JUDGED && CoverageTest.rejects(judged.size(), covering)) {
            return new Judgement(Verdict.inconsistent(), coverage, median, name + ": inconsistent with the theory: "
                    + numbers + (stationary && !tooShort ? "" : "; the group has not settled, so a transient may"
                    + " add to the spread"));
        }
        Optional<NotJudgedReason> reason = Optional.empty();
        String why = "";
        Optional<NotJudgedReason> theory = noTheory(params);
        if (params.isEmpty()) {
            reason = Optional.of(NotJudgedReason.NO_SAMPLES);
            why = "no parameter is tracked";
        } else if (theory.isPresent()) {
            reason = theory;
            why = "there is no stationary density to compare (" + params.get(0).prediction().basis() + ")"
                    + orbit(params);
        } else if (tooShort) {
            reason = Optional.of(NotJudgedReason.WINDOW_TOO_SHORT);
            why = String.format(Locale.ROOT, "window too short: median tau ~%.0f observations, ESS ~%.1f (most"
                    + " of them cannot be judged)", Median.of(params.stream().mapToDouble(p ->
                    p.observed().integratedAutocorrelationTime()).toArray()), Median.of(params.stream().mapToDouble(p ->
                    p.observed().effectiveSampleSize()).toArray())) + (advice.isEmpty() ? "" : "; " + advice);
        } else if (predicted == 0) {
            reason = Optional.of(NotJudgedReason.NOT_PREDICTED);
            why = "no parameter has a prediction (" + params.get(0).prediction().basis() + ")";
        } else if (!stationary) {
            reason = Optional.of(NotJudgedReason.NOT_SETTLED);
            why = unsettled(settling);
        } else if (judged.size() < MIN_JUDGED) {
            reason = Optional.of(NotJudgedReason.TOO_FEW_JUDGED);
            why = "only " + judged.size() + " could be judged, fewer than the " + MIN_JUDGED
                    + " a coverage test needs" + (advice.isEmpty() ? "" : "; " + advice);
        }
        if (reason.isPresent()) {
            return new Judgement(Verdict.notJudged(reason.get()), coverage, median, name + ": not judged, because "
                    + why + (numbers.isEmpty() ? "" : " (" + numbers + ")"));
        }
        return new Judgement(Verdict.consistent(), coverage, median, name + ": consistent with the theory: " + numbers
                + commonScale(median));
    }

    /**
     * What coverage does not judge: when the median ratio's 95% interval (a sign-test interval, distribution-free)
     * excludes 1, the intervals cover but the spread sits on one side of the prediction, a common scale offset;
     * "" otherwise.
     */
    static String commonScale(Interval median) {
        if (!median.finite() || median.contains(1)) {
            return "";
        }
        return String.format(Locale.ROOT, "; but the median ratio's 95%% interval %.3g-%.3g excludes 1: the spread"
                + " sits %s the prediction by about %.2g%% in common, a scale offset the coverage test does not judge",
                median.low95(), median.high95(), median.value() > 1 ? "above" : "below",
                100 * Math.abs(median.value() - 1));
    }

    /**
     * For a fixed cyclic order, the comparison that does exist: the median observed over predicted orbit spread;
     * "" when no orbit was predicted.
     */
    private static String orbit(List<? extends Compared> params) {
        double[] r = params.stream().mapToDouble(p -> p.observed().limitCycleSpread() / p.prediction()
                .limitCycleSpread()).filter(Double::isFinite).toArray();
        return r.length == 0 ? "" : String.format(Locale.ROOT, "; limit cycle of the fixed data order: median"
                + " observed/predicted orbit spread %.3f over %d parameters", Median.of(r), r.length);
    }

    /** Unsupported updater or fixed cyclic order: there is no density to compare at all. */
    private static Optional<NotJudgedReason> noTheory(List<? extends Compared> params) {
        for (Compared p : params) {
            Optional<NotPredictedReason> r = p.prediction().notPredicted();
            if (r.isPresent() && r.get() == NotPredictedReason.UNSUPPORTED_OPTIMIZER) {
                return Optional.of(NotJudgedReason.UNSUPPORTED_UPDATER);
            }
            if (r.isPresent() && r.get() == NotPredictedReason.LIMIT_CYCLE) {
                return Optional.of(NotJudgedReason.LIMIT_CYCLE);
            }
        }
        return Optional.empty();
    }
}
