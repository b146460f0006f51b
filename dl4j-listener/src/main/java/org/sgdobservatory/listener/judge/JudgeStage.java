package org.sgdobservatory.listener.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sgdobservatory.listener.predict.UpdateRates;
import org.sgdobservatory.listener.probe.ProbeMeasurements;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.sim.stats.Median;

/**
 * The judge stage: each tracked parameter's report (observed, probed, predicted, compared, verdict), each group's
 * report and the run's summary; a WINDOW_TOO_SHORT finding, with how much longer to observe, for each group the
 * window is too short for. Stateless.
 */
public final class JudgeStage {

    private JudgeStage() {
    }

    /**
     * What the judge stage needs.
     *
     * @param tracked the tracked parameters
     * @param estimates the window's estimates
     * @param rates the rates in force
     * @param probes curvature and noise
     * @param predictions per tracked parameter
     * @param limitCycle whether the data order is a fixed cycle (observed spreads are then orbit spreads)
     * @param dataOrder the order predictions assume
     * @param minEffectiveSampleSize the ESS a judgement needs
     * @param every the observation stride (for the advice in iterations)
     */
    public record Input(TrackedParameters tracked, TraceEstimates estimates, UpdateRates rates,
                        ProbeMeasurements probes, List<PredictionReport> predictions, boolean limitCycle,
                        DataOrder dataOrder, double minEffectiveSampleSize, int every) {
    }

    /**
     * What the judge stage gives.
     *
     * @param parameters per tracked parameter
     * @param groups per parameter block
     * @param summary the run's
     */
    public record Output(List<ParameterReport> parameters, List<GroupReport> groups, RunSummary summary) {
    }

    /** Judges every parameter, group and the run. */
    public static Output run(Input in, Findings findings) {
        List<ParameterReport> params = new ArrayList<>(in.tracked().size());
        List<GroupReport> groups = new ArrayList<>();
        long[] flat = in.tracked().flatIndices();
        for (TrackedParameters.Slice slice : in.tracked().slices()) {
            List<ParameterReport> inGroup = new ArrayList<>(slice.to() - slice.from());
            List<Double> expectedAlpha = new ArrayList<>();
            for (int i = slice.from(); i < slice.to(); i++) {
                ParameterReport p = parameter(in, slice, i, flat[i] - slice.block().offset());
                inGroup.add(p);
                expectedAlpha.add(in.rates().curvature(i) * p.prediction().variance().value()
                        / (in.rates().effectiveLearningRate(i) * p.probed().noiseVariance().value()));
            }
            String advice = advice(in, slice);
            GroupReport g = GroupJudge.judge(slice.block(), inGroup, in.every() == 1, Median.of(expectedAlpha),
                    context(slice.block().updater().kind(), in.dataOrder()), advice);
            if (g.judgement().verdict().notJudged().filter(r -> r == NotJudgedReason.WINDOW_TOO_SHORT).isPresent()) {
                findings.add(FindingCode.WINDOW_TOO_SHORT, g.judgement().explanation());
            }
            params.addAll(inGroup);
            groups.add(g);
        }
        UpdaterKind first = in.tracked().slices().isEmpty() ? UpdaterKind.UNSUPPORTED
                : in.tracked().slices().get(0).block().updater().kind();
        RunSummary summary = RunJudge.summarise(params, groups, TemperatureSlope.of(params,
                TemperatureSlope.nominal(first), context(first, in.dataOrder())));
        return new Output(params, groups, summary);
    }

    private static ParameterReport parameter(Input in, TrackedParameters.Slice slice, int i, long index) {
        TraceEstimates est = in.estimates();
        UpdaterKind kind = slice.block().updater().kind();
        PredictionReport prediction = in.predictions().get(i);
        ParameterReport.Observed observed = est.observed(i, in.limitCycle() ? est.variance(i) : Double.NaN);
        Interval ratio = ParameterJudge.ratio(observed.variance(), prediction);
        Verdict verdict = ParameterJudge.verdict(kind, in.dataOrder(), est, i, in.minEffectiveSampleSize(),
                prediction, ratio);
        double h = in.rates().curvature(i);
        double temperature = h * est.variance(i);
        double alpha = temperature / (in.rates().effectiveLearningRate(i) * in.probes().noiseVariance(i).value());
        ParameterReport.Probed probed = new ParameterReport.Probed(
                new org.sgdobservatory.report.model.Measurement(h, in.probes().curvature(i).standardError()),
                in.probes().curvatureMethod(), in.probes().noiseVariance(i), in.probes().noiseExcessKurtosis(i),
                in.probes().noiseTailIndex(i));
        return new ParameterReport(slice.block().key(), index,
                new ParameterReport.Rate(kind, in.rates().learningRate(i), in.rates().effectiveLearningRate(i)),
                observed, probed, prediction, new ParameterReport.Comparison(ratio, temperature, alpha),
                est.drift(i), verdict);
    }

    /**
     * How much longer to observe so that the group's parameters the window is too short for reach the minimum ESS:
     * the median over them of {@code (minESS tau - n) every} iterations, a lower bound where tau is itself only a
     * lower bound; "" when the window is long enough for all.
     */
    static String advice(Input in, TrackedParameters.Slice slice) {
        TraceEstimates est = in.estimates();
        List<Double> more = new ArrayList<>();
        boolean bound = false;
        for (int i = slice.from(); i < slice.to(); i++) {
            double need = in.minEffectiveSampleSize() * est.integratedAutocorrelationTime(i) - est.samples();
            if (need > 0 && Double.isFinite(need)) {
                more.add(need * in.every());
                bound |= !est.autocorrelationResolved(i);
            }
        }
        if (more.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "observe %sabout %.0f more iterations (median over the %d parameters with"
                + " fewer than %.0f effective samples)", bound ? "at least " : "", Median.of(more), more.size(),
                in.minEffectiveSampleSize());
    }

    private static String context(UpdaterKind kind, DataOrder order) {
        return kind.name() + ", " + (order == DataOrder.UNKNOWN ? "i.i.d. assumed" : order.name()) + " data order";
    }
}
