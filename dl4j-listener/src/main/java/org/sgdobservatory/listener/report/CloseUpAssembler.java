package org.sgdobservatory.listener.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.probe.ProbeCopy;
import org.sgdobservatory.listener.sample.CloseUpRecorder;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.UpdaterKind;

/**
 * Builds the {@link CloseUpReport}s from a {@link CloseUpRecorder}, the parameters' reports and (when the probes
 * ran and slices are on) 1-D loss slices on the probe copy.
 *
 * <ul>
 *   <li>Autocorrelation: the recorder's streaming autocovariances (every observed sample, not the thinned trace),
 *       {@code rho_k = gamma_k / Var}, lags 0..maxLag.</li>
 *   <li>Grid: {@link #SLICE_POINTS} equally spaced offsets {@code t} about the window mean, symmetric, with half-width
 *       {@code max(4 sd_observed, 4 sd_predicted, the histogram's extent)}.</li>
 *   <li>Slice: {@code L(mean + t e_i) - L(mean)} on the probe set, the other parameters at their window means
 *       (untracked ones at their final values), DL4J's score in double precision.</li>
 *   <li>Gibbs densities {@code exp(-(L - min L)/T)} on the slice
 *       ({@code docs/theory.md#fokker-planck-and-the-value-of-alpha}): at the temperature of the run's data order,
 *       {@code T = h V_pred} (the temperature whose Gibbs density has the
 *       predicted variance on a quadratic), and at the lecture's i.i.d. temperature {@code T = (1/2) eta_eff
 *       sigma^2_B} ({@code alpha = 1/2}, the Fokker-Planck value; {@code eta_eff} is the learning rate for Sgd,
 *       {@code lr/(sqrt(v)+eps)} for RmsProp, {@code lr/(1-mu)} for Nesterovs).</li>
 *   <li>Predicted density: normal with the predicted variance about the observed mean.</li>
 * </ul>
 * Densities are normalised on the grid by the trapezoid rule. A parameter constant in the window gets no densities.
 * Stateless.
 */
public final class CloseUpAssembler {

    /** Points of the loss slice and density grid. */
    public static final int SLICE_POINTS = 41;
    /** Half-width of the grid in observed standard deviations (at least). */
    static final double HALF_WIDTH_SD = 4.0;
    /** The Fokker-Planck alpha of the lecture's Gibbs temperature {@code T = alpha eta sigma^2_B}. */
    static final double GIBBS_ALPHA = 0.5;

    private CloseUpAssembler() {
    }

    /**
     * The close-ups.
     *
     * @param recorder the traces
     * @param tracked tracked parameters (slices and flattened indices)
     * @param params the parameter reports in tracked order
     * @param probe the probe copy, if the probes ran
     * @param lossSlices whether to evaluate loss slices
     * @param fixedCyclic whether the data order is a fixed cycle (densities are then only for comparison)
     */
    public static List<CloseUpReport> assemble(CloseUpRecorder recorder, TrackedParameters tracked,
                                               List<ParameterReport> params, Optional<ProbeCopy> probe,
                                               boolean lossSlices, boolean fixedCyclic) {
        List<CloseUpReport> out = new ArrayList<>();
        long[] flat = tracked.flatIndices();
        CloseUpReport.Trace traceTimes = new CloseUpReport.Trace(boxed(recorder.traceIterations()), List.of());
        for (int c = 0; c < recorder.size(); c++) {
            int i = recorder.position(c);
            ParameterReport p = params.get(i);
            double var = p.observed().variance().value();
            DoublingHistogram.Bins bins = recorder.histogram(c);
            CloseUpReport.Histogram histogram = new CloseUpReport.Histogram(bins.low(), bins.high(),
                    boxed(bins.counts()));
            CloseUpReport.Trace trace = new CloseUpReport.Trace(traceTimes.iterations(), boxed(recorder.trace(c)));
            List<Double> acf = boxed(recorder.autocorrelation(c, var));
            double half = halfWidth(p, bins);
            if (!(half > 0 && Double.isFinite(half))) {
                out.add(new CloseUpReport(p.key(), p.index(), recorder.reason(c), trace, acf, histogram,
                        new CloseUpReport.Densities(List.of(), List.of(), List.of(), List.of(), Double.NaN,
                                Double.NaN, "constant in the window: no spread, no densities"),
                        CloseUpReport.Slice.empty()));
                continue;
            }
            double[] offsets = new double[SLICE_POINTS];
            double[] x = new double[SLICE_POINTS];
            int mid = SLICE_POINTS / 2;
            for (int k = 0; k < SLICE_POINTS; k++) {
                offsets[k] = half * (k - mid) / mid; // exactly antisymmetric: t(mid - j) = -t(mid + j)
                x[k] = p.observed().mean() + offsets[k];
            }
            Optional<double[]> loss = Optional.empty();
            String sliceNote = lossSlices ? "the probes did not run" : "loss slices are off";
            if (lossSlices && probe.isPresent()) {
                try {
                    loss = Optional.of(probe.get().probes().lossSlice(probe.get().theta(), probe.get().examples(),
                            flat[i], offsets));
                } catch (RuntimeException e) {
                    // a plot must not cost the report: say why there is no slice
                    sliceNote = "the loss slice failed on the probe copy: " + e;
                }
            }
            out.add(new CloseUpReport(p.key(), p.index(), recorder.reason(c), trace, acf, histogram,
                    CloseUpDensities.of(p, blockOf(tracked, i), x, offsets, loss, sliceNote, fixedCyclic),
                    loss.map(l -> new CloseUpReport.Slice(boxed(offsets), boxed(l))).orElse(CloseUpReport.Slice.empty())));
        }
        return out;
    }

    /**
     * Work of the loss slices in multiply-adds, about: {@code closeUps x SLICE_POINTS} forward passes over the probe
     * examples, each of {@code multiplyAddsPerExample} ({@link DoublePrecisionCopy#multiplyAddsPerExample}: one per
     * parameter for a dense layer, one per parameter and output pixel for a convolution).
     */
    static double sliceWork(int closeUps, long probeExamples, double multiplyAddsPerExample) {
        return (double) closeUps * SLICE_POINTS * probeExamples * multiplyAddsPerExample;
    }

    /**
     * Budget of the loss slices, in multiply-adds: 5e10, some ten seconds of one core in double precision for dense
     * layers. The 6 default slices on a probe set of 2048 examples fit for dense networks up to about 100k parameters;
     * a 269k-parameter network's would take 1.4e11 (about 40 s here) and a 10M one's 5e12 (an hour), so they are
     * skipped with a PROBE_OVER_BUDGET finding naming the work needed. A convolution counts once per output pixel.
     */
    static final double SLICE_WORK_BUDGET = 5e10;

    private static double halfWidth(ParameterReport p, DoublingHistogram.Bins bins) {
        double half = HALF_WIDTH_SD * Math.sqrt(p.observed().variance().value());
        double predictedVar = p.prediction().variance().value();
        if (predictedVar > 0 && Double.isFinite(predictedVar)) {
            half = Math.max(half, HALF_WIDTH_SD * Math.sqrt(predictedVar));
        }
        if (bins.counts().length > 0 && half > 0) {
            double mean = p.observed().mean();
            half = Math.max(half, Math.max(mean - bins.low(), bins.high() - mean));
        }
        return half;
    }

    /**
     * The rate of the lecture's Gibbs temperature: lr for Sgd, the RmsProp effective rate {@code lr/(sqrt(v)+eps)},
     * {@code lr/(1-mu)} for Nesterovs (small-step limit); NaN for other updaters.
     */
    static double lectureRate(ParameterReport p, ParameterBlock blk) {
        UpdaterKind kind = blk.updater().kind();
        return switch (kind) {
            case SGD, RMSPROP, VARNORM -> p.rate().effectiveLearningRate();
            case NESTEROVS -> p.rate().learningRate() / (1 - blk.updater().hyperparameter("momentum"));
            default -> Double.NaN;
        };
    }

    private static ParameterBlock blockOf(TrackedParameters tracked, int position) {
        for (TrackedParameters.Slice s : tracked.slices()) {
            if (position >= s.from() && position < s.to()) {
                return s.block();
            }
        }
        throw new IllegalStateException("tracked position " + position + " is in no slice");
    }

    static List<Double> boxed(double[] a) {
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
