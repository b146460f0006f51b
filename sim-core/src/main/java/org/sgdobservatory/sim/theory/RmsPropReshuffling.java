package org.sgdobservatory.sim.theory;

import java.io.Reader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    private static final class Shipped {
        static final RmsPropReshuffling CORRECTION = read(RmsPropTableText.shippedResource(RESOURCE,
                "benchmarks/run-rmsprop-reshuffling-study.sh --write writes it"));
    }

    private final ReshufflingCorrectionGrid grid;
    private final Map<String, String> metadata;
    private final double interpolationErrorBound;
    private final RmsPropStationaryTable iid;
    /** The method of every answer: one string per instance, so that a lookup allocates no text. */
    private final String method;
    /** The method of {@link #uncorrected} answers. */
    private final String uncorrectedMethod;

    RmsPropReshuffling(ReshufflingCorrectionGrid grid, Map<String, String> metadata, RmsPropStationaryTable iid) {
        this.grid = grid;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.iid = iid;
        this.interpolationErrorBound = RmsPropTableText.interpolationErrorBound(metadata,
                "set the metadata to the measured bound (a fraction)");
        this.method = String.format(Locale.ROOT, "%s, times SGD's reshuffling factor at the mean-field rate and the"
                + " measured RMSProp correction c(lr h/sigma, K) (correction error <= %.1f%%)", iid.method(),
                100 * interpolationErrorBound);
        this.uncorrectedMethod = String.format(Locale.ROOT, "%s, times SGD's reshuffling factor at the mean-field"
                + " rate, without RMSProp's correction (approximate; the correction was measured at rho = %s,"
                + " eps/sigma <= %s, B >= %d, %s)", iid.method(), RMS_DECAY, MAX_SCALED_EPSILON, MIN_BATCH_SIZE,
                grid.range());
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
        return RmsPropReshufflingText.read(in, iidTable);
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
        return MeanFieldReshufflingFactor.of(learningRate, curvature, noiseVariance, epsilon, batchesPerEpoch,
                batchSize);
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
        Optional<String> uncovered = grid.whyNotCovered(a, e, rmsDecay, batchesPerEpoch, batchSize);
        if (uncovered.isPresent()) {
            return outside(uncovered.get());
        }
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double factor = MeanFieldReshufflingFactor.at(2 * f / (1 + f), batchesPerEpoch, batchSize);
        if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
            return outside("SGD's reshuffling factor at the mean-field rate is " + factor);
        }
        ReshufflingCorrectionGrid.Correction correction = grid.at(batchesPerEpoch, a);
        double c = correction.value();
        double mc = correction.monteCarloRelativeError();
        double rel = Math.sqrt(base.relativeStandardError() * base.relativeStandardError() + mc * mc
                + 0.25 * interpolationErrorBound * interpolationErrorBound);
        // elasticities: the i.i.d. table's plus those of A(E(a, e)) and c(a) (class comment)
        MeanFieldReshufflingFactor.Elasticities factorSlopes = MeanFieldReshufflingFactor.elasticities(a, e, f,
                batchesPerEpoch, batchSize);
        double perLogA = factorSlopes.perLogStep() + correction.perLogStep();
        return new RmsPropStationaryTable.Lookup(new Prediction.Stationary(s.variance() * factor * c, method), rel,
                Math.hypot(base.monteCarloRelativeError(), mc),
                Math.hypot(base.interpolationErrorBound(), interpolationErrorBound),
                base.curvatureElasticity() + perLogA,
                base.noiseElasticity() - 0.5 * (perLogA + factorSlopes.perLogEpsilon()));
    }

    /**
     * Whether {@link #lookup} applies the measured correction here ({@code rmsDecay} 0.95, negligible epsilon,
     * {@code B >= 8}, {@code K} and {@code lr h/sigma} on the grid), without building an explanation: for callers
     * that choose between {@link #lookup} and {@link #uncorrected} per parameter.
     */
    public boolean covers(double learningRate, double curvature, double noiseVariance, double rmsDecay, double epsilon,
            int batchesPerEpoch, int batchSize) {
        return grid.coverage(RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance),
                RmsPropScaling.scaledEpsilon(epsilon, noiseVariance), rmsDecay, batchesPerEpoch, batchSize)
                == ReshufflingCorrectionGrid.Coverage.COVERED;
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
        double factor = MeanFieldReshufflingFactor.at(2 * f / (1 + f), batchesPerEpoch, batchSize);
        if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
            return RmsPropStationaryTable.Lookup.notApplicable(Prediction.Reason.NO_STATIONARY_STATE,
                    "SGD's reshuffling factor at the mean-field rate is not finite");
        }
        MeanFieldReshufflingFactor.Elasticities slopes = MeanFieldReshufflingFactor.elasticities(a, e, f,
                batchesPerEpoch, batchSize);
        return new RmsPropStationaryTable.Lookup(new Prediction.Stationary(s.variance() * factor, uncorrectedMethod),
                base.relativeStandardError(), base.monteCarloRelativeError(), base.interpolationErrorBound(),
                base.curvatureElasticity() + slopes.perLogStep(),
                base.noiseElasticity() - 0.5 * (slopes.perLogStep() + slopes.perLogEpsilon()));
    }

    private static RmsPropStationaryTable.Lookup outside(String why) {
        return RmsPropStationaryTable.Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER,
                why + "; carry the uncorrected factor's measured error or simulate the finite data set");
    }

    /** The correction {@code c} at grid node {@code (iK, ia)}. */
    public double nodeCorrection(int iK, int ia) {
        return grid.node(iK, ia);
    }

    /** The Monte Carlo relative standard error of the correction at grid node {@code (iK, ia)}. */
    public double nodeRelativeStandardError(int iK, int ia) {
        return grid.nodeRelativeStandardError(iK, ia);
    }

    /** The {@code K} axis (a copy). */
    public double[] batchesPerEpochAxis() {
        return grid.batchesPerEpochAxis();
    }

    /** The {@code a = lr h/sigma} axis (a copy). */
    public double[] scaledStepAxis() {
        return grid.scaledStepAxis();
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
        return "RmsPropReshuffling[" + grid.shape() + " nodes, rho = "
                + RMS_DECAY + "]";
    }
}
