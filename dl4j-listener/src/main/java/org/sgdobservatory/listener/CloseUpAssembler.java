package org.sgdobservatory.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.UpdaterKind;
import org.sgdobservatory.listener.probe.GradientProbes;
import org.sgdobservatory.listener.probe.MiniBatch;
import org.sgdobservatory.listener.report.CloseUpReport;
import org.sgdobservatory.listener.report.ParameterReport;
import org.sgdobservatory.listener.stats.DoublingHistogram;

/**
 * Builds the {@link CloseUpReport}s from a {@link CloseUpRecorder}, the window statistics and (when the probes
 * ran and slices are on) 1-D loss slices on the probe copy.
 *
 * <ul>
 *   <li>Autocorrelation: the listener's streaming autocovariances (every observed sample, not the thinned
 *       trace), {@code rho_k = gamma_k / Var}, lags 0..maxLag.</li>
 *   <li>Grid: {@link #SLICE_POINTS} equally spaced offsets {@code t} about the window mean, symmetric, with
 *       half-width {@code max(4 sd_observed, 4 sd_predicted, the histogram's extent)}.</li>
 *   <li>Slice: {@code L(mean + t e_i) - L(mean)} on the probe set (the same examples as the Hessian probe),
 *       other parameters at their window means (untracked ones at their final values), DL4J's score (mean
 *       loss plus its regularisation score) in double precision.</li>
 *   <li>Gibbs density: {@code exp(-(L - min L)/T)}, {@code T = alpha lr_eff sigma^2_B} with {@code alpha = 1/2}
 *       (THEORY.md 2: zero flux of the Fokker-Planck equation; the lecture's 1/10 is not the SDE's value);
 *       {@code lr_eff} is the learning rate for Sgd, {@code lr/(sqrt(v)+eps)} for RmsProp and {@code lr/(1-mu)} for
 *       Nesterovs (its small-step limit, THEORY.md 2).</li>
 *   <li>Predicted density: normal with the predicted variance about the observed mean.</li>
 * </ul>
 * Both densities are normalised on the grid by the trapezoid rule. Used once per report; not thread-safe.
 */
final class CloseUpAssembler {

    /** Points of the loss slice and density grid. */
    static final int SLICE_POINTS = 41;
    /** Half-width of the grid in observed standard deviations (at least). */
    static final double HALF_WIDTH_SD = 4.0;
    /** alpha of the Gibbs temperature {@code T = alpha lr sigma^2_B} (Fokker-Planck, THEORY.md 2). */
    static final double GIBBS_ALPHA = 0.5;

    /** The probe copy's context, present when the probes ran. */
    record ProbeContext(GradientProbes probes, INDArray theta, MiniBatch probeSet) {
    }

    private CloseUpAssembler() {
    }

    /**
     * @param recorder the traces
     * @param tracked tracked parameters (slices and flattened indices)
     * @param params the parameter reports in tracked order
     * @param probe the probe copy, if the probes ran
     * @param lossSlices whether to evaluate loss slices
     * @param fixedCyclic whether the data order is a fixed cycle (densities are then only for comparison)
     */
    static List<CloseUpReport> assemble(CloseUpRecorder recorder, TrackedParameters tracked,
                                        List<ParameterReport> params,
                                        Optional<ProbeContext> probe, boolean lossSlices, boolean fixedCyclic) {
        List<CloseUpReport> out = new ArrayList<>();
        if (recorder == null) {
            return out;
        }
        long[] flat = tracked.flatIndices();
        List<Long> iterations = boxed(recorder.traceIterations());
        for (int c = 0; c < recorder.size(); c++) {
            int i = recorder.position(c);
            ParameterReport p = params.get(i);
            ParameterBlock blk = blockOf(tracked, i);
            double var = p.variance();
            List<Double> acf = boxed(recorder.autocorrelation(c, var));
            DoublingHistogram.Bins bins = recorder.histogram(c);
            CloseUpReport.Histogram histogram = new CloseUpReport.Histogram(bins.low(), bins.high(),
                    boxed(bins.counts()));

            double mean = p.mean();
            double sd = Math.sqrt(var);
            double predictedVar = p.predictedVariance();
            boolean predicted = predictedVar > 0 && Double.isFinite(predictedVar);
            double half = HALF_WIDTH_SD * sd;
            if (predicted) {
                half = Math.max(half, HALF_WIDTH_SD * Math.sqrt(predictedVar));
            }
            if (bins.counts().length > 0) {
                half = Math.max(half, Math.max(mean - bins.low(), bins.high() - mean));
            }
            if (!(half > 0 && Double.isFinite(half))) {
                out.add(new CloseUpReport(p.key(), p.index(), p.updater(), recorder.reason(c), iterations,
                        boxed(recorder.trace(c)), acf, histogram, new CloseUpReport.Density(List.of(), List.of(),
                        List.of()), "no spread observed: no densities", Double.NaN, CloseUpReport.Slice.empty()));
                continue;
            }
            double[] offsets = new double[SLICE_POINTS];
            double[] x = new double[SLICE_POINTS];
            int mid = SLICE_POINTS / 2;
            for (int k = 0; k < SLICE_POINTS; k++) {
                offsets[k] = half * (k - mid) / mid; // exactly antisymmetric: t(mid - j) = -t(mid + j)
                x[k] = mean + offsets[k];
            }
            StringBuilder basis = new StringBuilder();
            List<Double> predictedDensity = List.of();
            if (predicted) {
                double[] d = new double[SLICE_POINTS];
                for (int k = 0; k < SLICE_POINTS; k++) {
                    d[k] = Math.exp(-0.5 * offsets[k] * offsets[k] / predictedVar);
                }
                predictedDensity = boxed(normalise(x, d));
                basis.append("predicted: normal with the listener's predicted variance ")
                        .append(ReportAssembler.fmt(predictedVar)).append(" (").append(p.prediction())
                        .append(") about the observed mean");
            } else {
                basis.append("predicted: none (").append(p.prediction()).append(")");
            }
            double lrEff = effectiveLearningRate(p, blk);
            double temperature = GIBBS_ALPHA * lrEff * p.gradientNoiseVariance();
            CloseUpReport.Slice slice = CloseUpReport.Slice.empty();
            List<Double> gibbs = List.of();
            double[] loss = null;
            String sliceFailure = "";
            if (lossSlices && probe.isPresent()) {
                ProbeContext ctx = probe.get();
                try {
                    loss = ctx.probes().lossSlice(ctx.theta(), ctx.probeSet(), flat[i], offsets);
                } catch (RuntimeException e) {
                    // a plot must not cost the report: say why there is no slice
                    sliceFailure = "the loss slice failed on the probe copy: " + e;
                }
            }
            if (loss != null) {
                slice = new CloseUpReport.Slice(boxed(offsets), boxed(loss));
                if (temperature > 0 && Double.isFinite(temperature)) {
                    gibbs = boxed(gibbs(x, loss, temperature));
                    basis.append("; gibbs: exp(-(L(x) - min L)/T) on the probe-set loss slice with T = (1/2) lr_eff"
                            + " sigma^2_B = ").append(ReportAssembler.fmt(temperature)).append(" (alpha = 1/2 from"
                            + " the Fokker-Planck equation, THEORY.md 2, not the lecture's 1/10; lr_eff = ")
                            .append(ReportAssembler.fmt(lrEff)).append(", sigma^2_B = ")
                            .append(ReportAssembler.fmt(p.gradientNoiseVariance())).append(")");
                } else {
                    basis.append("; gibbs: none (no probe measurement of the gradient noise)");
                }
            } else {
                basis.append("; gibbs: none (").append(!sliceFailure.isEmpty() ? sliceFailure
                        : lossSlices ? "the probes did not run" : "loss slices are off").append(")");
            }
            basis.append("; both normalised on the grid (trapezoid)");
            if (fixedCyclic) {
                basis.append("; fixed cyclic data order: the parameter follows a limit cycle, not a density, so these"
                        + " curves are for comparison only");
            }
            out.add(new CloseUpReport(p.key(), p.index(), p.updater(), recorder.reason(c), iterations,
                    boxed(recorder.trace(c)), acf, histogram,
                    new CloseUpReport.Density(boxed(x), predictedDensity, gibbs), basis.toString(),
                    gibbs.isEmpty() ? Double.NaN : temperature, slice));
        }
        return out;
    }

    /**
     * The rate in the Gibbs temperature: lr for Sgd, the RmsProp effective rate {@code lr/(sqrt(v)+eps)} as
     * reported, {@code lr/(1-mu)} for Nesterovs (small-step limit of THEORY.md 2); NaN for other updaters.
     */
    static double effectiveLearningRate(ParameterReport p, ParameterBlock blk) {
        UpdaterKind kind = blk.updater().kind();
        return switch (kind) {
            case SGD, RMSPROP -> p.effectiveLearningRate();
            case NESTEROVS -> p.learningRate() / (1 - blk.updater().hyperparameter("momentum"));
            default -> Double.NaN;
        };
    }

    /** Gibbs density {@code exp(-(L - min L)/T)} normalised on the grid by the trapezoid rule. */
    static double[] gibbs(double[] x, double[] loss, double temperature) {
        double min = Double.POSITIVE_INFINITY;
        for (double l : loss) {
            min = Math.min(min, l);
        }
        double[] d = new double[loss.length];
        for (int k = 0; k < loss.length; k++) {
            d[k] = Math.exp(-(loss[k] - min) / temperature);
        }
        return normalise(x, d);
    }

    /** Divides by the trapezoid integral over {@code x}; all NaN when it is not positive. */
    static double[] normalise(double[] x, double[] d) {
        double z = 0;
        for (int k = 1; k < x.length; k++) {
            z += 0.5 * (d[k] + d[k - 1]) * (x[k] - x[k - 1]);
        }
        double[] out = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = z > 0 ? d[k] / z : Double.NaN;
        }
        return out;
    }

    private static ParameterBlock blockOf(TrackedParameters tracked, int position) {
        for (TrackedParameters.Slice s : tracked.slices()) {
            if (position >= s.from() && position < s.to()) {
                return s.block();
            }
        }
        throw new IllegalStateException("tracked position " + position + " is in no slice");
    }

    private static List<Double> boxed(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(v);
        }
        return out;
    }

    private static List<Long> boxed(long[] a) {
        List<Long> out = new ArrayList<>(a.length);
        for (long v : a) {
            out.add(v);
        }
        return out;
    }
}
