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
 * points), in quadrature. The elasticities {@code d ln Var/d ln h} and {@code d ln Var/d ln s2} are the i.i.d.
 * table's plus those of {@code A} (a function of the mean-field {@code eta h = 2F/(1 + F)} only, differentiated
 * through {@code F(a, e)}) and of the interpolated {@code c} (through {@code a = lr h/sigma}).
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
    /** The method of every answer: one string per instance, so that a lookup allocates no text. */
    private final String method;
    /** The method of {@link #uncorrected} answers. */
    private final String uncorrectedMethod;

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
        this.method = String.format(Locale.ROOT, "%s, times SGD's reshuffling factor at the mean-field rate and the"
                + " measured RMSProp correction c(lr h/sigma, K) (correction error <= %.1f%%)", iid.method(),
                100 * interpolationErrorBound);
        this.uncorrectedMethod = String.format(Locale.ROOT, "%s, times SGD's reshuffling factor at the mean-field"
                + " rate, without RMSProp's correction (approximate; the correction was measured at rho = %s,"
                + " eps/sigma <= %s, B >= %d, K in [%.0f, %.0f], lr h/sigma in [%.4g, %.4g])", iid.method(), RMS_DECAY,
                MAX_SCALED_EPSILON, MIN_BATCH_SIZE, k[0], k[k.length - 1], a[0], a[a.length - 1]);
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
        if (!(a > 0 && a < Double.POSITIVE_INFINITY && e >= 0 && e < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        return factorAt(2 * f / (1 + f), batchesPerEpoch, batchSize);
    }

    /**
     * {@code A} as a function of the mean-field {@code E = eta h = a/(sqrt(1 + F) + e) = 2F/(1 + F)}: SGD's
     * reshuffled spread over its i.i.d. variance at rate {@code eta}, which depends on {@code eta h}, {@code K} and
     * the without-replacement share {@code (n - B)/(n - 1)} only (both variances are proportional to {@code eta s2}).
     * Computed without building the models (this runs per parameter).
     *
     * @return {@code A}; NaN unless {@code 0 < E < 2}
     */
    private static double factorAt(double meanFieldEtaH, int batchesPerEpoch, int batchSize) {
        double etaH = meanFieldEtaH;
        if (!(etaH > 0 && etaH < 2)) {
            return Double.NaN;
        }
        double n = (double) batchesPerEpoch * batchSize;
        double share = (n - batchSize) / (n - 1);
        return ReshufflingQuadratic1D.stationarySpread(etaH, 1, share, batchesPerEpoch) / (etaH / (2 - etaH));
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
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        switch (coverage(a, e, rmsDecay, batchesPerEpoch, batchSize)) {
            case OTHER_DECAY -> {
                return outside("rmsDecay = " + rmsDecay + ": the reshuffling correction was measured at " + RMS_DECAY
                        + " only");
            }
            case LARGE_EPSILON -> {
                return outside("eps/sigma = " + e + " > " + MAX_SCALED_EPSILON
                        + ": the reshuffling correction was measured with a negligible epsilon");
            }
            case SMALL_BATCH -> {
                return outside("batch size B = " + batchSize + " < " + MIN_BATCH_SIZE
                        + ": the reshuffling correction was measured at B = 16 (validated at 8 and 32)");
            }
            case OFF_GRID -> {
                return outside(String.format(Locale.ROOT, "K = %d, lr h/sigma = %.4g: outside the correction's grid"
                        + " (K in [%.0f, %.0f], lr h/sigma in [%.4g, %.4g])", batchesPerEpoch, a,
                        this.batchesPerEpoch[0], this.batchesPerEpoch[this.batchesPerEpoch.length - 1], scaledStep[0],
                        scaledStep[scaledStep.length - 1]));
            }
            case COVERED -> {
                // go on
            }
        }
        int ik = cell(batchesPerEpoch, Math.log(batchesPerEpoch), this.batchesPerEpoch, logK);
        int ia = cell(a, Math.log(a), scaledStep, logA);
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double factor = factorAt(2 * f / (1 + f), batchesPerEpoch, batchSize);
        if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
            return outside("SGD's reshuffling factor at the mean-field rate is " + factor);
        }
        double tk = fraction(logK[ik], logK[ik + 1], Math.log(batchesPerEpoch));
        double ta = fraction(logA[ia], logA[ia + 1], Math.log(a));
        double c = 0;
        double mc2 = 0;
        double slopeA = 0;   // d c / d ta
        for (int corner = 0; corner < 4; corner++) {
            int ck = ik + (corner & 1);
            int ca = ia + (corner >> 1);
            double wk = (corner & 1) == 0 ? 1 - tk : tk;
            double w = wk * ((corner >> 1) == 0 ? 1 - ta : ta);
            int n = ck * scaledStep.length + ca;
            c += w * correction[n];
            slopeA += wk * ((corner >> 1) == 0 ? -1 : 1) * correction[n];
            double se = relativeError[n] * correction[n];
            mc2 += w * w * se * se;
        }
        double mc = Math.sqrt(mc2) / c;
        double rel = Math.sqrt(base.relativeStandardError() * base.relativeStandardError() + mc * mc
                + 0.25 * interpolationErrorBound * interpolationErrorBound);
        // elasticities: the i.i.d. table's plus those of A(E(a, e)) and c(a) (class comment)
        double[] factorSlopes = factorElasticities(a, e, f, batchesPerEpoch, batchSize);
        double cPerLogA = slopeA / (logA[ia + 1] - logA[ia]) / c;
        double perLogA = factorSlopes[0] + cPerLogA;
        return new RmsPropStationaryTable.Lookup(new Prediction.Stationary(s.variance() * factor * c, method), rel,
                Math.hypot(base.monteCarloRelativeError(), mc),
                Math.hypot(base.interpolationErrorBound(), interpolationErrorBound),
                base.curvatureElasticity() + perLogA, base.noiseElasticity() - 0.5 * (perLogA + factorSlopes[1]));
    }

    /** Whether a point is inside the range where the correction was measured, and if not, why. */
    private enum Coverage { COVERED, OTHER_DECAY, LARGE_EPSILON, SMALL_BATCH, OFF_GRID }

    private Coverage coverage(double a, double e, double rmsDecay, int batchesPerEpoch, int batchSize) {
        if (!(Math.abs(rmsDecay - RMS_DECAY) <= 1e-9)) {
            return Coverage.OTHER_DECAY;
        }
        if (!(e <= MAX_SCALED_EPSILON)) {
            return Coverage.LARGE_EPSILON;
        }
        if (!(batchSize >= MIN_BATCH_SIZE)) {
            return Coverage.SMALL_BATCH;
        }
        boolean onGrid = batchesPerEpoch > 0
                && cell(batchesPerEpoch, Math.log(batchesPerEpoch), this.batchesPerEpoch, logK) >= 0
                && cell(a, Math.log(a), scaledStep, logA) >= 0;
        return onGrid ? Coverage.COVERED : Coverage.OFF_GRID;
    }

    /**
     * Whether {@link #lookup} applies the measured correction here ({@code rmsDecay} 0.95, negligible epsilon,
     * {@code B >= 8}, {@code K} and {@code lr h/sigma} on the grid), without building an explanation: for callers
     * that choose between {@link #lookup} and {@link #uncorrected} per parameter.
     */
    public boolean covers(double learningRate, double curvature, double noiseVariance, double rmsDecay, double epsilon,
            int batchesPerEpoch, int batchSize) {
        return coverage(RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance),
                RmsPropScaling.scaledEpsilon(epsilon, noiseVariance), rmsDecay, batchesPerEpoch, batchSize)
                == Coverage.COVERED;
    }

    /**
     * The approximation outside the correction's range: the i.i.d. table's answer times SGD's reshuffling factor
     * {@code A} at the mean-field rate, uncorrected (at {@code rho = 0.95} the correction it lacks reaches 2.5 for
     * epochs of two minibatches; elsewhere it was not measured). Its standard error is the i.i.d. table's; its
     * elasticities include {@code A}'s. Never throws.
     *
     * @param batchesPerEpoch {@code K >= 2}
     * @param batchSize {@code B >= 1}
     * @return the answer; the i.i.d. table's {@link Prediction.NotApplicable} where it does not answer
     */
    public RmsPropStationaryTable.Lookup uncorrected(double learningRate, double curvature, double noiseVariance,
            double rmsDecay, double epsilon, int batchesPerEpoch, int batchSize) {
        RmsPropStationaryTable.Lookup base = iid.lookup(learningRate, curvature, noiseVariance, rmsDecay, epsilon);
        if (!(base.prediction() instanceof Prediction.Stationary s)) {
            return base;
        }
        if (!(batchesPerEpoch >= 2 && batchSize >= 1)) {
            return RmsPropStationaryTable.Lookup.notApplicable(Prediction.Reason.INVALID_INPUT, "K = "
                    + batchesPerEpoch + ", B = " + batchSize + ": reshuffling needs K >= 2 and B >= 1");
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double factor = factorAt(2 * f / (1 + f), batchesPerEpoch, batchSize);
        if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
            return RmsPropStationaryTable.Lookup.notApplicable(Prediction.Reason.NO_STATIONARY_STATE,
                    "SGD's reshuffling factor at the mean-field rate is not finite");
        }
        double[] slopes = factorElasticities(a, e, f, batchesPerEpoch, batchSize);
        return new RmsPropStationaryTable.Lookup(new Prediction.Stationary(s.variance() * factor, uncorrectedMethod),
                base.relativeStandardError(), base.monteCarloRelativeError(), base.interpolationErrorBound(),
                base.curvatureElasticity() + slopes[0], base.noiseElasticity() - 0.5 * (slopes[0] + slopes[1]));
    }

    /**
     * {@code d ln A/d ln a} and {@code d ln A/d ln e}: {@code A = A(E)} with {@code E = 2F/(1 + F)},
     * {@code d ln E/d ln F = 1/(1 + F)}, {@code F(a, e)}'s derivatives from {@link RmsPropScalingElasticities}, and
     * {@code d ln A/d ln E} by a central difference of relative step 1e-4.
     */
    private static double[] factorElasticities(double a, double e, double f, int batchesPerEpoch, int batchSize) {
        double etaH = 2 * f / (1 + f);
        double step = 1e-4;
        double up = factorAt(etaH * (1 + step), batchesPerEpoch, batchSize);
        double down = factorAt(etaH / (1 + step), batchesPerEpoch, batchSize);
        double perLogE = Math.log(up / down) / (2 * Math.log1p(step)) / (1 + f);
        return new double[] {perLogE * RmsPropScalingElasticities.logMeanFieldPerLogStep(a, e, f),
            perLogE * RmsPropScalingElasticities.logMeanFieldPerLogEpsilon(a, e, f)};
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

    /** The method string of every stationary answer of {@link #lookup} (the i.i.d. table's, with the correction). */
    public String method() {
        return method;
    }

    /** The method string of every stationary answer of {@link #uncorrected}. */
    public String uncorrectedMethod() {
        return uncorrectedMethod;
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
