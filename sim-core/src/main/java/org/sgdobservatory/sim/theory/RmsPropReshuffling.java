package org.sgdobservatory.sim.theory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RMSProp's stationary spread under per-epoch reshuffling (a new permutation of the {@code n = K B} examples every
 * epoch, then consecutive minibatches), as the i.i.d. table value times SGD's reshuffling factor times a measured
 * correction, at Deeplearning4j's default {@code rmsDecay = 0.95} with a negligible epsilon.
 *
 * <p><b>The approximation and why it needs a correction.</b> The batch noises of an epoch sum to zero, which
 * shrinks the spread when the parameter relaxes slowly compared with an epoch. SGD's exact factor is
 * {@link ReshufflingQuadratic1D}; for RMSProp it is taken at the mean-field rate {@code eta = lr/(sqrt(v) + eps)}:
 * <pre>
 *   A = Resh(eta, h, s2_wr, K).spread / Sgd(eta, h, s2).variance,    s2_wr = s2 (n - B)/(n - 1),
 * </pre>
 * with {@code s2} the with-replacement minibatch noise variance (what the listener measures). RMSProp divides
 * each step's gradient by its own {@code sqrt(v_t) + eps}, and {@code v_t} varies within an epoch with the
 * gradients just seen, so the normalised noises of an epoch no longer sum to zero: RMSProp keeps more spread than
 * SGD's factor says, most when {@code K} is small and the relaxation slow (a factor 2.5 at {@code K = 2},
 * {@code lr h/sigma = 0.003}; 25% at {@code K = 16}; within 1% once {@code eta h K > 4}). The correction
 * {@code c(a, K) = V_sim / (V_iid A)}, {@code a = lr h/sigma}, was measured against sim-core's finite-data
 * simulation; the spread is
 * <pre>
 *   Var = V_iid(lr, h, s2, rho, eps) * A * c(a, K),
 * </pre>
 * with {@code c} interpolated linearly in {@code (log a, log K)}. It was measured at {@code rho = 0.95},
 * {@code eps/sigma = 10^-8} and {@code B = 16} (and validated at other {@code B}), so the answer is
 * {@link Prediction.NotApplicable} for another decay, {@code eps/sigma > 10^-3}, {@code B < 8}, or {@code a, K}
 * outside the grid; the metadata of the resource carries the grid, the command and the measured errors.
 *
 * <p><b>Uncertainty.</b> The relative standard error combines the i.i.d. lookup's, the correction's Monte Carlo
 * error (interpolated like the table's) and half its measured interpolation bound (validation at random off-grid
 * points), in quadrature.
 *
 * <p>Immutable and thread-safe.
 */
public final class RmsPropReshuffling {

    /** The classpath resource of the shipped correction. */
    public static final String RESOURCE = "/org/sgdobservatory/sim/theory/rmsprop-reshuffling-correction.txt";
    /** The decay the correction was measured at (DL4J's default). */
    public static final double RMS_DECAY = 0.95;
    /** The largest {@code eps/sigma} treated as negligible. */
    public static final double MAX_SCALED_EPSILON = 1e-3;
    /** The smallest minibatch size covered. */
    public static final int MIN_BATCH_SIZE = 8;
    private static final String FORMAT = "format rmsprop-reshuffling-correction 1";

    private static final class Shipped {
        static final RmsPropReshuffling CORRECTION = load();

        private static RmsPropReshuffling load() {
            InputStream in = RmsPropReshuffling.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from sim-core's jar;"
                        + " rebuild sim-core (benchmarks/run-rmsprop-reshuffling-study.sh --write writes it)");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    private final double[] batchesPerEpoch;   // K, ascending
    private final double[] scaledStep;        // a, ascending
    private final double[] logK;
    private final double[] logA;
    private final double[] correction;        // [iK][ia]
    private final double[] relativeError;
    private final Map<String, String> metadata;
    private final double interpolationErrorBound;
    private final RmsPropStationaryTable iid;

    private RmsPropReshuffling(double[] k, double[] a, double[] c, double[] se, Map<String, String> metadata,
            RmsPropStationaryTable iid) {
        this.batchesPerEpoch = k;
        this.scaledStep = a;
        this.correction = c;
        this.relativeError = se;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.iid = iid;
        this.logK = new double[k.length];
        this.logA = new double[a.length];
        for (int i = 0; i < k.length; i++) {
            logK[i] = Math.log(k[i]);
        }
        for (int i = 0; i < a.length; i++) {
            logA[i] = Math.log(a[i]);
        }
        String bound = metadata.get(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND);
        this.interpolationErrorBound = Checks.nonNegative(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND,
                bound == null ? Double.NaN : Double.parseDouble(bound.split("\\s+")[0]),
                "set the metadata to the measured bound (a fraction)");
    }

    /**
     * The shipped correction over the shipped i.i.d. table, loaded on first use.
     *
     * @throws IllegalStateException if a resource is missing or unreadable (a broken build)
     */
    public static RmsPropReshuffling shipped() {
        return Shipped.CORRECTION;
    }

    /**
     * Reads a correction ({@code format rmsprop-reshuffling-correction 1}; {@code meta key value},
     * {@code axis batches-per-epoch ...}, {@code axis scaled-step ...}, then one {@code node iK ia c relativeSE} per
     * node), over the shipped i.i.d. table.
     *
     * @param in the text; closed when read
     * @return the correction
     * @throws IllegalArgumentException naming the line if the text is invalid
     */
    public static RmsPropReshuffling read(Reader in) {
        return read(in, RmsPropStationaryTable.shipped());
    }

    /**
     * {@link #read(Reader)} over another i.i.d. table (for the generator, which measures the correction against it).
     *
     * @param in the text; closed when read
     * @param iidTable the i.i.d. table the correction multiplies
     * @return the correction
     */
    public static RmsPropReshuffling read(Reader in, RmsPropStationaryTable iidTable) {
        Map<String, String> meta = new LinkedHashMap<>();
        double[] k = null;
        double[] a = null;
        double[] c = null;
        double[] se = null;
        boolean format = false;
        int line = 0;
        try (BufferedReader lines = new BufferedReader(in)) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                line++;
                String t = text.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] w = t.split("\\s+");
                if (t.equals(FORMAT)) {
                    format = true;
                } else if (w[0].equals("meta") && w.length >= 3) {
                    meta.put(w[1], t.split("\\s+", 3)[2]);
                } else if (w[0].equals("axis") && w.length >= 4 && w[1].equals("batches-per-epoch")) {
                    k = numbers(w);
                } else if (w[0].equals("axis") && w.length >= 4 && w[1].equals("scaled-step")) {
                    a = numbers(w);
                } else if (w[0].equals("node") && w.length == 5 && k != null && a != null) {
                    if (c == null) {
                        c = new double[k.length * a.length];
                        se = new double[c.length];
                        java.util.Arrays.fill(c, Double.NaN);
                    }
                    int n = Integer.parseInt(w[1]) * a.length + Integer.parseInt(w[2]);
                    c[n] = Checks.positive("correction", Double.parseDouble(w[3]), "regenerate the file");
                    se[n] = Checks.nonNegative("relative SE", Double.parseDouble(w[4]), "regenerate the file");
                } else {
                    throw new IllegalArgumentException("unexpected line: " + t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the RMSProp reshuffling correction", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("RMSProp reshuffling correction line " + line + ": " + e.getMessage()
                    + "; regenerate it with benchmarks/run-rmsprop-reshuffling-study.sh --write", e);
        }
        if (!format || c == null || java.util.Arrays.stream(c).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("not a complete RMSProp reshuffling correction (format line, axes and"
                    + " every node needed); regenerate it with benchmarks/run-rmsprop-reshuffling-study.sh --write");
        }
        return new RmsPropReshuffling(k, a, c, se, meta, iidTable);
    }

    private static double[] numbers(String[] w) {
        double[] v = new double[w.length - 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(w[i + 2]);
            if (i > 0 && !(v[i] > v[i - 1]) || !(v[i] > 0)) {
                throw new IllegalArgumentException("axis values must be positive and ascending: " + w[i + 2]);
            }
        }
        return v;
    }

    /**
     * SGD's reshuffling factor at RMSProp's mean-field rate, {@code A} of the class comment (the listener's
     * approximation before the correction).
     *
     * @param learningRate {@code lr > 0}
     * @param curvature {@code h > 0}
     * @param noiseVariance {@code s2 > 0}, the with-replacement minibatch noise variance
     * @param epsilon {@code >= 0}
     * @param batchesPerEpoch {@code K >= 2}
     * @param batchSize {@code B >= 1}
     * @return {@code A}, or NaN if SGD at that rate has no stationary state
     */
    public static double sgdFactor(double learningRate, double curvature, double noiseVariance, double epsilon,
            int batchesPerEpoch, int batchSize) {
        long n = (long) batchesPerEpoch * batchSize;
        if (!(batchesPerEpoch >= 2 && batchSize >= 1 && n <= Integer.MAX_VALUE)) {
            return Double.NaN;
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double rate = learningRate / (Math.sqrt(noiseVariance * (1 + f)) + epsilon);
        double withoutReplacement = ReshufflingQuadratic1D.withoutReplacementBatchVariance(
                noiseVariance * batchSize, (int) n, batchSize);
        Prediction shuffled = ReshufflingQuadratic1D.predict(rate, curvature, withoutReplacement, batchesPerEpoch);
        Prediction iid = SgdQuadratic1D.predict(rate, curvature, noiseVariance);
        if (shuffled instanceof Prediction.Stationary s && iid instanceof Prediction.Stationary i && i.variance() > 0) {
            return s.variance() / i.variance();
        }
        return Double.NaN;
    }

    /**
     * The stationary spread under reshuffling with its uncertainty (class comment). Never throws.
     *
     * @param learningRate {@code lr}
     * @param curvature {@code h}, L2 included
     * @param noiseVariance {@code s2}, the with-replacement minibatch noise variance
     * @param rmsDecay must be {@value #RMS_DECAY}
     * @param epsilon {@code >= 0}, with {@code eps/sigma <= } {@value #MAX_SCALED_EPSILON}
     * @param batchesPerEpoch {@code K}
     * @param batchSize {@code B >= } {@value #MIN_BATCH_SIZE}
     * @return the answer; {@link Prediction.NotApplicable} outside the measured range
     */
    public RmsPropStationaryTable.Lookup lookup(double learningRate, double curvature, double noiseVariance,
            double rmsDecay, double epsilon, int batchesPerEpoch, int batchSize) {
        RmsPropStationaryTable.Lookup base = iid.lookup(learningRate, curvature, noiseVariance, rmsDecay, epsilon);
        if (!(base.prediction() instanceof Prediction.Stationary s)) {
            return base;
        }
        if (!(Math.abs(rmsDecay - RMS_DECAY) <= 1e-9)) {
            return outside("rmsDecay = " + rmsDecay + ": the reshuffling correction was measured at " + RMS_DECAY
                    + " only");
        }
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        if (!(e <= MAX_SCALED_EPSILON)) {
            return outside("eps/sigma = " + e + " > " + MAX_SCALED_EPSILON
                    + ": the reshuffling correction was measured with a negligible epsilon");
        }
        if (!(batchSize >= MIN_BATCH_SIZE)) {
            return outside("batch size B = " + batchSize + " < " + MIN_BATCH_SIZE
                    + ": the reshuffling correction was measured at B = 16 (validated at 8 and 32)");
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        int ik = cell(batchesPerEpoch, batchesPerEpoch == 0 ? Double.NaN : Math.log(batchesPerEpoch), this.batchesPerEpoch, logK);
        int ia = cell(a, Math.log(a), scaledStep, logA);
        if (ik < 0 || ia < 0) {
            return outside(String.format(Locale.ROOT, "K = %d, lr h/sigma = %.4g: outside the correction's grid"
                    + " (K in [%.0f, %.0f], lr h/sigma in [%.4g, %.4g])", batchesPerEpoch, a, this.batchesPerEpoch[0],
                    this.batchesPerEpoch[this.batchesPerEpoch.length - 1], scaledStep[0],
                    scaledStep[scaledStep.length - 1]));
        }
        double factor = sgdFactor(learningRate, curvature, noiseVariance, epsilon, batchesPerEpoch, batchSize);
        if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
            return outside("SGD's reshuffling factor at the mean-field rate is " + factor);
        }
        double tk = fraction(logK[ik], logK[ik + 1], Math.log(batchesPerEpoch));
        double ta = fraction(logA[ia], logA[ia + 1], Math.log(a));
        double c = 0;
        double mc2 = 0;
        for (int corner = 0; corner < 4; corner++) {
            int ck = ik + (corner & 1);
            int ca = ia + (corner >> 1);
            double w = ((corner & 1) == 0 ? 1 - tk : tk) * ((corner >> 1) == 0 ? 1 - ta : ta);
            int n = ck * scaledStep.length + ca;
            c += w * correction[n];
            double se = relativeError[n] * correction[n];
            mc2 += w * w * se * se;
        }
        double mc = Math.sqrt(mc2) / c;
        double rel = Math.sqrt(base.relativeStandardError() * base.relativeStandardError() + mc * mc
                + 0.25 * interpolationErrorBound * interpolationErrorBound);
        String method = String.format(Locale.ROOT, "%s, times SGD's reshuffling factor %.4g at the mean-field rate"
                + " and the measured RMSProp correction %.4f (K = %d; correction error <= %.1f%%)", s.method(), factor, c,
                batchesPerEpoch, 100 * interpolationErrorBound);
        return new RmsPropStationaryTable.Lookup(new Prediction.Stationary(s.variance() * factor * c, method), rel,
                Math.hypot(base.monteCarloRelativeError(), mc),
                Math.hypot(base.interpolationErrorBound(), interpolationErrorBound));
    }

    private static int cell(double x, double logX, double[] axis, double[] logAxis) {
        int last = axis.length - 1;
        if (!(x >= axis[0] * (1 - 1e-12) && x <= axis[last] * (1 + 1e-12))) {
            return -1;
        }
        int c = 0;
        while (c < last - 1 && logX > logAxis[c + 1]) {
            c++;
        }
        return c;
    }

    private static double fraction(double lo, double hi, double x) {
        return Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
    }

    private static RmsPropStationaryTable.Lookup outside(String why) {
        return RmsPropStationaryTable.Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER,
                why + "; carry the uncorrected factor's measured error or simulate the finite data set");
    }

    /** The correction {@code c} at grid node {@code (iK, ia)}. */
    public double nodeCorrection(int iK, int ia) {
        return correction[iK * scaledStep.length + ia];
    }

    /** The Monte Carlo relative standard error of the correction at grid node {@code (iK, ia)}. */
    public double nodeRelativeStandardError(int iK, int ia) {
        return relativeError[iK * scaledStep.length + ia];
    }

    /** The {@code K} axis (a copy). */
    public double[] batchesPerEpochAxis() {
        return batchesPerEpoch.clone();
    }

    /** The {@code a = lr h/sigma} axis (a copy). */
    public double[] scaledStepAxis() {
        return scaledStep.clone();
    }

    /** The provenance and error metadata (unmodifiable). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The measured interpolation error bound of the correction (a fraction). */
    public double interpolationErrorBound() {
        return interpolationErrorBound;
    }

    @Override
    public String toString() {
        return "RmsPropReshuffling[" + batchesPerEpoch.length + " x " + scaledStep.length + " nodes, rho = "
                + RMS_DECAY + "]";
    }
}
