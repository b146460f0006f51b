package org.sgdobservatory.listener;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sgdobservatory.listener.judge.DiagonalApproximationJudge;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * What the coverage study counts over the runs of one {@link CoverageCase}: how many 95% variance intervals cover the
 * exact variance, how many 95% ratio intervals contain 1, the weights' verdicts and whether the inconsistent ones name
 * the diagonal-Hessian approximation, and the standardised errors whose spread says whether the standard errors are
 * the runs' real scatter. Not thread-safe.
 */
final class CoverageTally {

    private final CoverageCase kase;
    private final List<Estimate> reference;
    private final DataOrder expectedOrder;
    private int runs;
    private int varianceIntervals;
    private int varianceCovering;
    private int ratioIntervals;
    private int ratioCovering;
    private int judged;
    private int judgedCovering;
    private int orderDetected;
    private int inconsistentNamingDiagonal;
    private double seconds;
    private final Map<VerdictState, Integer> weightVerdicts = new EnumMap<>(VerdictState.class);
    private final List<Double> varianceZ = new ArrayList<>();
    private final List<Double> ratioZ = new ArrayList<>();
    private final List<String> inconsistentExplanations = new ArrayList<>();

    CoverageTally(CoverageCase kase, List<Estimate> reference) {
        this.kase = kase;
        this.reference = List.copyOf(reference);
        this.expectedOrder = kase.name().endsWith("IID") ? DataOrder.IID : DataOrder.RESHUFFLED;
    }

    /** Counts one run's report, which took {@code runSeconds}. */
    void add(ObservatoryReport r, double runSeconds) {
        runs++;
        seconds += runSeconds;
        List<ParameterReport> ps = r.parameters();
        if (ps.size() != reference.size()) {
            throw new IllegalStateException("expected " + reference.size() + " tracked parameters, got " + ps.size());
        }
        for (int i = 0; i < ps.size(); i++) {
            ParameterReport p = ps.get(i);
            Interval v = p.observed().variance();
            double exact = reference.get(i).value();
            varianceIntervals++;
            varianceCovering += v.contains(exact) ? 1 : 0;
            varianceZ.add((v.value() - exact) / v.standardError());
            Interval ratio = p.comparison().ratio();
            if (ratio.finite()) {
                ratioIntervals++;
                ratioCovering += ratio.contains(1.0) ? 1 : 0;
                ratioZ.add(Math.log(ratio.value()) / (ratio.standardError() / ratio.value()));
            }
            if (p.verdict().judged()) {
                judged++;
                judgedCovering += p.verdict().state() == VerdictState.CONSISTENT ? 1 : 0;
            }
        }
        orderDetected += r.dataOrder().detected() == expectedOrder ? 1 : 0;
        GroupReport weights = r.group("0_W").orElseThrow();
        VerdictState state = weights.judgement().verdict().state();
        weightVerdicts.merge(state, 1, Integer::sum);
        if (state == VerdictState.INCONSISTENT) {
            String explanation = weights.judgement().explanation();
            inconsistentExplanations.add(explanation);
            inconsistentNamingDiagonal += explanation.contains(DiagonalApproximationJudge.CAUSE) ? 1 : 0;
        }
    }

    int runs() {
        return runs;
    }

    /** Fraction of variance intervals covering the exact variance. */
    double varianceCoverage() {
        return varianceCovering / (double) varianceIntervals;
    }

    /** Fraction of finite ratio intervals containing 1. */
    double ratioCoverage() {
        return ratioCovering / (double) ratioIntervals;
    }

    int ratioIntervals() {
        return ratioIntervals;
    }

    /** Runs whose weights were judged inconsistent. */
    int weightsInconsistent() {
        return weightVerdicts.getOrDefault(VerdictState.INCONSISTENT, 0);
    }

    /** Of those, how many verdicts name the diagonal-Hessian approximation. */
    int inconsistentNamingDiagonal() {
        return inconsistentNamingDiagonal;
    }

    /** The explanations of the inconsistent weight verdicts. */
    List<String> inconsistentExplanations() {
        return List.copyOf(inconsistentExplanations);
    }

    /** The table's header (markdown). */
    static String header() {
        return "| case | runs | variance intervals covering the exact variance | rms of (obs - exact)/SE"
                + " | ratio intervals containing 1 | rms of ln(ratio)/SE | judged parameters consistent"
                + " | weights' verdicts (C/I/N) | inconsistent naming the diagonal approximation"
                + " | data order detected | exact variances (reference SE) | s per run |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    /** This case's row of the table (markdown). */
    String row() {
        StringBuilder refs = new StringBuilder();
        for (Estimate e : reference) {
            refs.append(refs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", e.value()));
            if (e.standardError() > 0) {
                refs.append(String.format(Locale.ROOT, " (%.1f%%)", 100 * e.relativeStandardError()));
            }
        }
        return String.format(Locale.ROOT, "| %s | %d | %d/%d = %.1f%% | %.2f | %d/%d = %.1f%% | %.2f | %d/%d | %d/%d/%d"
                + " | %d/%d | %d/%d | %s | %.0f |", kase, runs, varianceCovering, varianceIntervals,
                100 * varianceCoverage(), sd(varianceZ), ratioCovering, ratioIntervals, 100 * ratioCoverage(),
                sd(ratioZ), judgedCovering, judged, weightVerdicts.getOrDefault(VerdictState.CONSISTENT, 0),
                weightsInconsistent(), weightVerdicts.getOrDefault(VerdictState.NOT_JUDGED, 0),
                inconsistentNamingDiagonal, weightsInconsistent(), orderDetected, runs, refs, seconds / runs);
    }

    /** Root mean square of {@code z} about 0: 1 when the standard errors are the real scatter and unbiased. */
    private static double sd(List<Double> z) {
        return Math.sqrt(z.stream().mapToDouble(x -> x * x).average().orElse(Double.NaN));
    }
}
