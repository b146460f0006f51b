package org.sgdobservatory.listener.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.sample.DirectionSampler;
import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.sim.stats.Median;
import org.sgdobservatory.sim.theory.RmsPropNormaliserSpread;

/**
 * The eigen-directions judged like parameters ({@code docs/verdicts.md}): each projection's window statistics
 * ({@link TraceEstimates}, the theory's relaxation time {@code (1 + r^every)/(1 - r^every)},
 * {@code r = 1 - rate lambda}, as the floor), observed against predicted with both errors, a verdict per direction,
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
        for (int i = 0; i < k; i++) {
            double eh = rate * basis.eigenvalue(i);
            double r = Math.pow(1 - eh, every);
            floor[i] = !momentum && eh > 0 && eh < 2 ? (1 + r) / (1 - r) : Double.NaN;
        }
        TraceEstimates est = TraceEstimates.of(moments, floor);
        List<DirectionReport> dirs = new ArrayList<>(k);
        double[] c = new double[k];
        double[] observedT = new double[k];
        double[] predictedT = new double[k];
        for (int i = 0; i < k; i++) {
            PredictionReport p = predictions.get(i);
            ParameterReport.Observed observed = est.observed(i, Double.NaN);
            Interval ratio = ParameterJudge.ratio(observed.variance(), p);
            Verdict verdict = ParameterJudge.verdict(basis.frame().kind(), order, est, i, minEffectiveSampleSize, p,
                    ratio);
            double lambda = basis.eigenvalue(i);
            c[i] = noise[i][0];
            double temperature = lambda * est.variance(i);
            observedT[i] = verdict.judged() ? temperature : Double.NaN;
            predictedT[i] = lambda * p.variance().value();
            dirs.add(new DirectionReport(i, new DirectionReport.Spectrum(new Measurement(lambda, noise[i][2]),
                    basis.residual(i), basis.converged(i), rate * lambda), observed, new Measurement(c[i], noise[i][1]),
                    p, new ParameterReport.Comparison(ratio, temperature, temperature / (rate * c[i])), est.drift(i),
                    verdict, histogram(sampler.histogram(i))));
        }
        Judgement judgement = withNormaliserSpread(DriftCalibration.check("directions",
                GroupJudge.judgement("directions", dirs, every == 1, ""), dirs), basis, noise, miniBatchSize);
        Slope slope = TemperatureSlope.of(c, observedT, predictedT, TemperatureSlope.nominal(basis.frame().kind()),
                basis.frame().kind() + " frame, " + order + " data order, across directions");
        return new SpectralReport(basis.frame().basis(), basis.frame().description(), basis.solve(), moments.count(),
                sampler.sampling(), dirs, judgement, slope);
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
