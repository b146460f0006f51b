package org.sgdobservatory.listener.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.Severity;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.VerdictState;

/**
 * Names the diagonal-Hessian approximation in the verdict of a group judged inconsistent when the predictions that do
 * not make it agree with what was observed ({@code docs/theory.md#the-diagonal-hessian-approximation}). The
 * per-parameter predictions take each parameter alone, with its own curvature and noise; coupled parameters (correlated
 * inputs, a regulariser that adds curvature but no noise) can spread more or less than that. Two predictions do not make
 * the approximation:
 * <ul>
 *   <li>the group's full-block prediction (when {@code fullBlockPredictions} covers the group): each judged parameter's
 *       observed variance against it, with the interval of {@link ParameterJudge#ratio} and the per-parameter
 *       prediction's relative standard error (the same probes measured both blocks, and to first order both
 *       predictions scale as noise over curvature). When their coverage is not significantly below 95%
 *       ({@link CoverageTest#rejects}), the diagonal approximation <em>is what fails</em>; when it is, something else
 *       does and the verdict is left as it is;</li>
 *   <li>otherwise, the eigen-directions of the Hessian: when they are judged consistent, the diagonal approximation is
 *       <em>the likely cause</em> (the directions span the whole network, not only this group).</li>
 * </ul>
 * The verdict stays inconsistent (the per-parameter predictions do not hold); its explanation, the run's and a WARNING
 * {@code DIAGONAL_HESSIAN_APPROXIMATION} finding (in place of the INFO one) say why. Stateless.
 */
public final class DiagonalApproximationJudge {

    /** The words every attributed verdict contains. */
    public static final String CAUSE = "the diagonal-Hessian approximation";

    private DiagonalApproximationJudge() {
    }

    /**
     * The judged report parts with the diagonal approximation named where it fails.
     *
     * @param judged the judge stage's output
     * @param blocks the full-block predictions (possibly none)
     * @param directions the eigen-directions' report, when they were observed
     * @param findings where the WARNING goes
     */
    public static JudgeStage.Output attribute(JudgeStage.Output judged, List<BlockPredictionReport> blocks,
                                              Optional<SpectralReport> directions, Findings findings) {
        List<GroupReport> groups = new ArrayList<>(judged.groups().size());
        List<String> named = new ArrayList<>();
        for (GroupReport g : judged.groups()) {
            Optional<String> cause = g.judgement().verdict().state() == VerdictState.INCONSISTENT
                    ? cause(g.key(), judged.parameters(), blocks, directions) : Optional.empty();
            if (cause.isEmpty()) {
                groups.add(g);
                continue;
            }
            named.add(g.key() + ": " + cause.get());
            Judgement j = g.judgement();
            groups.add(new GroupReport(g.key(), g.layer(), g.kind(), g.updater(), g.updaterClass(), g.counts(),
                    g.statistics(), new Judgement(j.verdict(), j.coverage(), j.medianRatio(), j.explanation() + "; "
                    + cause.get())));
        }
        if (named.isEmpty()) {
            return judged;
        }
        findings.remove(FindingCode.DIAGONAL_HESSIAN_APPROXIMATION);
        named.forEach(n -> findings.add(Severity.WARNING, FindingCode.DIAGONAL_HESSIAN_APPROXIMATION, "per-parameter"
                + " predictions assume a diagonal Hessian, and for coupled parameters that can fail: " + n));
        RunSummary s = judged.summary();
        Judgement rj = s.judgement();
        RunSummary summary = new RunSummary(s.counts(), s.groups(), s.settledGroups(), s.fractionDrifting(),
                s.medianFluctuationDissipationRatio(), s.temperatureNoiseSlope(), s.dataOrderFactor(),
                new Judgement(rj.verdict(), rj.coverage(), rj.medianRatio(), rj.explanation() + "; "
                        + String.join("; ", named)));
        return new JudgeStage.Output(judged.parameters(), groups, summary);
    }

    /** Why group {@code key} is inconsistent, when the evidence names the diagonal approximation; empty otherwise. */
    static Optional<String> cause(String key, List<ParameterReport> params, List<BlockPredictionReport> blocks,
                                  Optional<SpectralReport> directions) {
        List<ParameterReport> group = params.stream().filter(p -> p.key().equals(key)).toList();
        Optional<BlockPredictionReport> block = blocks.stream().filter(b -> b.key().equals(key)
                && b.notPredicted().isEmpty() && b.predictedVariances().size() == group.size()).findFirst();
        if (block.isPresent()) {
            return fullBlock(group, block.get());
        }
        return directions.filter(s -> s.judgement().verdict().state() == VerdictState.CONSISTENT)
                .map(s -> String.format(Locale.ROOT, "%s is the likely cause: the Hessian's eigen-directions, whose"
                        + " theory does not make it, are consistent (%d of %d judged ratio intervals contain 1, median"
                        + " observed/predicted %.3g); fullBlockPredictions(n) checks groups of up to n parameters",
                        CAUSE, s.judgement().coverage().covering(), s.judgement().coverage().judged(),
                        s.judgement().medianRatio().value()));
    }

    private static Optional<String> fullBlock(List<ParameterReport> group, BlockPredictionReport block) {
        int judged = 0;
        int covering = 0;
        double[] ratios = new double[group.size()];
        for (int i = 0; i < group.size(); i++) {
            ParameterReport p = group.get(i);
            ratios[i] = Double.NaN;
            if (!p.verdict().judged()) {
                continue;
            }
            double full = block.predictedVariances().get(i);
            PredictionReport asFull = new PredictionReport(Optional.empty(), new Measurement(full,
                    full * p.prediction().variance().relativeStandardError()), p.prediction().varianceIid(),
                    Double.NaN, PredictionMethod.CLOSED_FORM, block.basis());
            Interval r = ParameterJudge.ratio(p.observed().variance(), asFull);
            ratios[i] = r.value();
            judged++;
            covering += r.contains(1.0) ? 1 : 0;
        }
        if (judged < GroupJudge.MIN_JUDGED || CoverageTest.rejects(judged, covering)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s is what fails: the full-block prediction, which does not"
                + " make it, is consistent (%d of %d judged ratio intervals contain 1, median observed/full-block"
                + " %.3g; the per-parameter predictions are %.3g times the full-block ones)", CAUSE, covering, judged,
                CoverageTest.median(ratios).value(), block.medianRatioDiagonalToFull()));
    }
}
