package org.sgdobservatory.listener.judge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.sample.DirectionSampler;
import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.listener.stats.WithinBlockVariance;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.sim.stats.Median;
import org.sgdobservatory.sim.theory.RmsPropNormaliserSpread;

/**
 * The eigen-directions judged like parameters ({@code docs/verdicts.md}): each projection's variance about its
 * slowly moving centre where the window holds blocks long enough ({@link WithinBlockVariance}: the quadratic theory
 * describes the fast fluctuation, not the centre's wandering), else its window statistics ({@link TraceEstimates},
 * the theory's relaxation time {@code (1 + r^every)/(1 - r^every)}, {@code r = 1 - rate lambda}, as the floor),
 * observed against predicted with both errors, a verdict per direction,
 * the directions' joint verdict from the coverage of their ratio intervals, and the temperature-noise slope across
 * directions, {@code T_k = lambda_k Var_k} against {@code c_k}. Stateless.
 */
public final class DirectionJudge {

    private DirectionJudge() {
    }

    private static CloseUpReport.Histogram histogram(DoublingHistogram.Bins bins) {
        List<Long> counts = new ArrayList<>();
        for (long c : bins.counts()) {
            counts.add(c);
        }
        return new CloseUpReport.Histogram(bins.low(), bins.high(), counts);
    }

    /**
     * The directions' report.
     *
     * @param basis the directions
     * @param sampler the projections' statistics and histograms over the window
     * @param noise per direction {@code [c_k, SE(c_k), SE(lambda_k), kappa_k]}
     * @param predictions per direction
     * @param order the data order predictions assume
     * @param minEffectiveSampleSize the ESS a judgement needs
     * @param miniBatchSize the training minibatch size B
     */
    public static SpectralReport report(DirectionBasis basis, DirectionSampler sampler, double[][] noise,
                                        List<PredictionReport> predictions, DataOrder order,
                                        double minEffectiveSampleSize, int miniBatchSize) {
        int k = basis.size();
        int every = sampler.sampling().stride();
        TraceMoments moments = sampler.moments();
        double rate = basis.frame().rate();
        boolean momentum = basis.frame().optimizer() instanceof org.sgdobservatory.sim.spectral.DirectionalOptimizer
                .Nesterovs;
        double[] floor = new double[k];
        double[] theoryCorrelation = new double[k];
        WithinBlockVariance.LengthCorrection correction = order == DataOrder.IID
                ? WithinBlockVariance.LengthCorrection.INDEPENDENT : WithinBlockVariance.LengthCorrection.BRACKETED;
        for (int i = 0; i < k; i++) {
            double eh = rate * basis.eigenvalue(i);
            double r = !momentum && eh > 0 && eh < 2 ? Math.pow(1 - eh, every) : Double.NaN;
            floor[i] = (1 + r) / (1 - r);
            theoryCorrelation[i] = r;
        }
        // with momentum the fast component is not the AR(1) trace the blocks' correction is derived for
        List<Optional<WithinBlockVariance.Estimate>> within = momentum ? Collections.nCopies(k, Optional.empty())
                : WithinBlockVariance.all(moments, theoryCorrelation, every, correction);
        TraceEstimates window = TraceEstimates.of(moments, floor);
        TraceEstimates est = window.withinBlocks(within);
        List<DirectionReport> rows = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            PredictionReport p = predictions.get(i);
            ParameterReport.Observed observed = est.observed(i, Double.NaN);
            Interval ratio = ParameterJudge.ratio(observed.variance(), p);
            Verdict verdict = ParameterJudge.verdict(basis.frame().kind(), order, est, i, minEffectiveSampleSize, p,
                    ratio);
            double lambda = basis.eigenvalue(i);
            double temperature = lambda * est.variance(i);
            rows.add(new DirectionReport(i, new DirectionReport.Spectrum(new Measurement(lambda, noise[i][2]),
                    basis.residual(i), basis.converged(i), rate * lambda), observed,
                    spread(within.get(i), window.variance(i), momentum), new Measurement(noise[i][0], noise[i][1]),
                    p, new ParameterReport.Comparison(ratio, temperature, temperature / (rate * noise[i][0])),
                    est.drift(i), verdict, histogram(sampler.histogram(i))));
        }
        Judged judged = Judged.of(rows, every == 1);
        List<DirectionReport> dirs = judged.directions();
        Judgement judgement = withNormaliserSpread(judged.judgement(), basis, noise, miniBatchSize);
        double[] c = new double[k];
        double[] observedT = new double[k];
        double[] predictedT = new double[k];
        for (int i = 0; i < k; i++) {
            DirectionReport d = dirs.get(i);
            c[i] = d.noiseVariance().value();
            observedT[i] = d.verdict().judged() ? d.comparison().temperature() : Double.NaN;
            predictedT[i] = d.spectrum().eigenvalue().value() * d.prediction().variance().value();
        }
        Slope slope = TemperatureSlope.of(c, observedT, predictedT, TemperatureSlope.nominal(basis.frame().kind()),
                basis.frame().kind() + " frame, " + order + " data order, across directions");
        return new SpectralReport(basis.frame().basis(), basis.frame().description(), basis.solve(), moments.count(),
                sampler.sampling(), dirs, judgement, slope);
    }

    /**
     * The directions after drift calibration, and their joint judgement.
     *
     * @param directions the directions, verdicts possibly replaced ({@link Calibrated})
     * @param judgement the set's judgement
     */
    record Judged(List<DirectionReport> directions, Judgement judgement) {

        /**
         * Calibrates the rows' drift scores, then judges the set: settled and calibrated on the spread about the
         * centre where it was measured (whole-window directions whose centre drifts say nothing about the others'
         * fast spread); with no direction in blocks, settled on the rows as measured, since a direction the
         * calibration withholds is unresolved by the calibration, not by the window's length.
         *
         * @param everyIteration whether every iteration was observed (the FDR ratio is usable)
         */
        static Judged of(List<DirectionReport> rows, boolean everyIteration) {
            Calibrated calibrated = Calibrated.of(rows);
            List<DirectionReport> dirs = calibrated.directions();
            List<DirectionReport> inBlocks = dirs.stream().filter(d -> d.spread().withinBlocks()).toList();
            GroupJudge.Settling settling = GroupJudge.Settling.of(inBlocks.isEmpty() ? rows : inBlocks,
                    everyIteration);
            int predicted = (int) dirs.stream().filter(d -> d.prediction().predicted()).count();
            int judgedBefore = (int) rows.stream().filter(d -> d.verdict().judged()).count();
            Judgement j = calibrated.annotate(GroupJudge.judgement("directions", dirs, predicted, settling, ""),
                    judgedBefore);
            return new Judged(dirs, DriftCalibration.check("directions", j, inBlocks));
        }
    }

    /**
     * The directions after the whole-window ones' drift scores are calibrated on their own ({@link DriftCalibration}):
     * the within-block estimates and the whole-window ones answer different questions (does the spread about the
     * centre change; does the centre move), so each kind is calibrated apart, the whole-window ones however few
     * (the test's size holds at any count; {@link DriftCalibration#test(double[], int)}). When the whole-window directions'
     * scores are too wide, their intervals are too narrow and each of them that was judged is not judged
     * ({@link NotJudgedReason#AUTOCORRELATION_UNRESOLVED}); the within-block directions keep their verdicts, and
     * their scores make the set's own check ({@link DriftCalibration#check}), which leaves the whole set unjudged
     * when they fail.
     *
     * @param directions the directions, verdicts possibly replaced
     * @param note what was replaced and why, for the judgement's explanation; empty when nothing was
     */
    private record Calibrated(List<DirectionReport> directions, String note) {

        static Calibrated of(List<DirectionReport> rows) {
            double[] z = rows.stream().filter(d -> !d.spread().withinBlocks()).mapToDouble(d -> d.drift().gewekeZ())
                    .toArray();
            Optional<DriftCalibration.Result> failed = DriftCalibration.test(z, 1)
                    .filter(DriftCalibration.Result::fails);
            if (failed.isEmpty()) {
                return new Calibrated(rows, "");
            }
            List<DirectionReport> out = new ArrayList<>(rows.size());
            int replaced = 0;
            for (DirectionReport d : rows) {
                boolean replace = d.verdict().judged() && !d.spread().withinBlocks();
                replaced += replace ? 1 : 0;
                out.add(!replace ? d : new DirectionReport(d.index(), d.spectrum(), d.observed(), d.spread(),
                        d.noiseVariance(), d.prediction(), d.comparison(), d.drift(),
                        Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED), d.histogram()));
            }
            DriftCalibration.Result t = failed.get();
            return new Calibrated(out, String.format(Locale.ROOT, "%d of the %d directions measured over the whole"
                    + " window are not judged: %d of their Geweke drift scores lie beyond +-1.96, where stationary"
                    + " traces put 5%% (binomial p = %.2g; %.2g times as wide as a standard normal), so their centre"
                    + " moves more slowly than the window resolves (docs/verdicts.md#drift-calibration)", replaced,
                    t.members(), t.beyond(), t.pValue(), t.width()));
        }

        /**
         * {@code j} with the note, if any, at the end of its explanation; when the calibration is what left too few
         * judged for a coverage test ({@code judgedBefore} were enough), the reason is the calibration's,
         * {@link NotJudgedReason#AUTOCORRELATION_UNRESOLVED}.
         */
        Judgement annotate(Judgement j, int judgedBefore) {
            if (note.isEmpty()) {
                return j;
            }
            boolean withheld = judgedBefore >= GroupJudge.MIN_JUDGED
                    && j.verdict().notJudged().filter(r -> r == NotJudgedReason.TOO_FEW_JUDGED).isPresent();
            return new Judgement(withheld ? Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED)
                    : j.verdict(), j.coverage(), j.medianRatio(), j.explanation() + "; " + note);
        }
    }

    private static DirectionReport.Spread spread(Optional<WithinBlockVariance.Estimate> within, double window,
                                                 boolean momentum) {
        return within.map(e -> new DirectionReport.Spread(DirectionReport.Estimator.WITHIN_BLOCKS, window,
                e.slowShare(), e.groupLength(), e.groups(), e.correction(), e.stepRate()))
                .orElseGet(() -> DirectionReport.Spread.wholeWindow(momentum
                        ? DirectionReport.Estimator.WHOLE_WINDOW_WITH_MOMENTUM : DirectionReport.Estimator.WHOLE_WINDOW,
                        window));
    }

    /**
     * In an RmsProp frame, the judgement's explanation also says how much {@code v} fluctuates along the directions
     * ({@link RmsPropNormaliserSpread}, median over the directions, from each direction's slope kurtosis): the
     * predictions freeze the preconditioner, which holds when that spread is small.
     */
    private static Judgement withNormaliserSpread(Judgement j, DirectionBasis basis, double[][] noise,
                                                  int miniBatchSize) {
        double rho = basis.frame().rmsDecay();
        if (!Double.isFinite(rho)) {
            return j;
        }
        double[] spread = new double[noise.length];
        for (int i = 0; i < noise.length; i++) {
            spread[i] = RmsPropNormaliserSpread.relative(noise[i][3], Math.max(1, miniBatchSize), rho);
        }
        double median = Median.of(spread);
        if (!Double.isFinite(median)) {
            return j;
        }
        return new Judgement(j.verdict(), j.coverage(), j.medianRatio(), j.explanation() + String.format(Locale.ROOT,
                "; RmsProp's v fluctuates along these directions by about %.2f of its mean (median relative sd over"
                + " the directions, from the slopes' kurtosis and rho = %.3g; %.2f for Gaussian noise): the"
                + " predictions freeze the preconditioner, which holds only when this is small"
                + " (docs/theory.md#spectral-directions)", median, rho,
                RmsPropNormaliserSpread.relative(0, Math.max(1, miniBatchSize), rho)));
    }
}
