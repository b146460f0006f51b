package org.sgdobservatory.listener.judge;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sgdobservatory.report.model.Counts;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.sim.stats.Median;

/**
 * The run's verdict and summary ({@code docs/verdicts.md#group-and-run-verdicts}): inconsistent when any group is;
 * consistent when no group is inconsistent and at least one is consistent (the explanation names the groups not
 * judged); otherwise not judged, with the groups' most common reason. Coverage and the median ratio are pooled over
 * every judged parameter. Stateless.
 */
public final class RunJudge {

    private RunJudge() {
    }

    /**
     * The run's summary.
     *
     * @param params every tracked parameter, judged
     * @param groups the groups, judged
     * @param slope the temperature-noise slope over all tracked parameters
     */
    public static RunSummary summarise(List<ParameterReport> params, List<GroupReport> groups, Slope slope) {
        int tracked = params.size();
        long total = groups.stream().mapToLong(g -> g.counts().total()).sum();
        int predicted = (int) params.stream().filter(p -> p.prediction().predicted()).count();
        List<ParameterReport> judged = params.stream().filter(p -> p.verdict().judged()).toList();
        int covering = (int) judged.stream().filter(p -> p.verdict().state() == VerdictState.CONSISTENT).count();
        Coverage coverage = CoverageTest.coverage(judged.size(), covering);
        Interval median = CoverageTest.median(judged.stream().mapToDouble(p -> p.comparison().ratio().value())
                .toArray());
        double drifting = tracked == 0 ? Double.NaN
                : params.stream().filter(p -> p.drift().drifting()).count() / (double) tracked;
        double order = Median.of(params.stream().mapToDouble(p -> p.prediction().variance().value()
                / p.prediction().varianceIid()).toArray());
        int settled = (int) groups.stream().filter(g -> g.statistics().settled()).count();
        return new RunSummary(new Counts(tracked, total, predicted, judged.size()), groups.size(), settled, drifting,
                Median.of(params.stream().mapToDouble(p -> p.drift().fluctuationDissipationRatio()).toArray()),
                slope, order, judgement(groups, coverage, median));
    }

    private static Judgement judgement(List<GroupReport> groups, Coverage coverage, Interval median) {
        long inconsistent = count(groups, VerdictState.INCONSISTENT);
        long consistent = count(groups, VerdictState.CONSISTENT);
        Map<NotJudgedReason, Integer> reasons = new EnumMap<>(NotJudgedReason.class);
        groups.forEach(g -> g.judgement().verdict().notJudged().ifPresent(r -> reasons.merge(r, 1, Integer::sum)));
        String numbers = coverage.judged() == 0 ? "no parameter could be judged"
                : String.format(Locale.ROOT, "%d of %d judged ratio intervals contain 1 (%.0f%%, 95%% expected),"
                + " median observed/predicted %.3g", coverage.covering(), coverage.judged(), 100 * coverage.fraction(),
                median.value());
        String groupsText = String.format(Locale.ROOT, "%d of %d groups consistent, %d inconsistent, %d not judged%s",
                consistent, groups.size(), inconsistent, groups.size() - consistent - inconsistent,
                reasons.isEmpty() ? "" : " (" + words(reasons) + ")");
        if (inconsistent > 0) {
            return new Judgement(Verdict.inconsistent(), coverage, median, "inconsistent with the theory: "
                    + groupsText + "; " + numbers);
        }
        if (consistent > 0) {
            return new Judgement(Verdict.consistent(), coverage, median, "consistent with the theory: " + groupsText
                    + "; " + numbers);
        }
        NotJudgedReason common = reasons.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(NotJudgedReason.NO_SAMPLES);
        return new Judgement(Verdict.notJudged(common), coverage, median, "not judged, because no group could be"
                + " judged: " + groupsText + "; " + numbers);
    }

    private static long count(List<GroupReport> groups, VerdictState state) {
        return groups.stream().filter(g -> g.judgement().verdict().state() == state).count();
    }

    private static String words(Map<NotJudgedReason, Integer> reasons) {
        StringBuilder sb = new StringBuilder();
        reasons.forEach((r, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(r.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return sb.toString();
    }
}
