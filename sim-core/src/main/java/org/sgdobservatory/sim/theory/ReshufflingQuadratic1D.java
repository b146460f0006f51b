package org.sgdobservatory.sim.theory;

/**
 * Exact stationary spread of SGD with random reshuffling (a new permutation of the data every
 * epoch, then consecutive minibatches) on a 1-D quadratic {@code L = h x^2/2} with additive noise
 * (docs/data-order.md#random-reshuffling; reference values from
 * {@code src/test/resources/reference/reshuffling_reference.py}).
 *
 * <p><b>Noise model, exactly.</b> The data set has {@code n = K B} examples whose per-example gradient
 * noises {@code e_j} sum to zero (they are deviations from the full-batch gradient); let
 * {@code C = (1/n) sum_j e_j^2}. Step {@code k} of an epoch uses the batch-mean noise {@code xi_k} of
 * the {@code k}-th block of a uniformly random permutation. Then each {@code xi_k} has variance
 * <pre>
 *   s2 = (C/B) (n - B)/(n - 1)           (one draw without replacement, {@link #withoutReplacementBatchVariance})
 * </pre>
 * and, because the {@code K} batch noises of an epoch are exchangeable and sum to zero,
 * {@code Cov(xi_i, xi_j) = -s2/(K - 1)} for {@code i != j} in one epoch; different epochs are independent.
 *
 * <p><b>Result.</b> With {@code r = 1 - eta h}, {@code S1_k = sum_{m<k} r^m}, {@code S2_k = sum_{m<k} r^{2m}}:
 * <pre>
 *   E_k   = eta^2 s2 [ S2_k - (S1_k^2 - S2_k)/(K - 1) ]     variance added by the first k steps of an epoch
 *   V_b   = E_K / (1 - r^{2K})                              variance at epoch boundaries
 *   Var(x_k) = r^{2k} V_b + E_k,   k = 0..K-1
 *   spread = (1/K) sum_{k=0}^{K-1} Var(x_k)                 what a trace sampled every step shows
 * </pre>
 * ({@code Var(x_K) = V_b = Var(x_0)}, so averaging over {@code k = 1..K} gives the same number.) When
 * {@code eta h K << 1} the spread is about {@code eta h K/3} times the i.i.d. value
 * {@code eta s2/(h(2 - eta h))}; when {@code eta h K >> 1} it returns to it. Numerics: {@code E_k} is
 * evaluated as {@code eta^2 s2 [(K-k) S2_k + k M2_k]/(K-1)} with {@code M2_k} the sum of squared
 * deviations of {@code r^m} from their mean (Welford), which has no cancellation as {@code eta h -> 0}.
 * Reference: Kühn &amp; Rosenow, arXiv:2306.05300 (2023), for the qualitative effect.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReshufflingQuadratic1D {

    private final double learningRate;
    private final double curvature;
    private final double noiseVariance;
    private final int batchesPerEpoch;
    private final double[] stepVariance; // Var(x_k), k = 0..K
    private final double[] epochNoise;   // E_k, k = 0..K

    private ReshufflingQuadratic1D(double learningRate, double curvature, double noiseVariance,
            int batchesPerEpoch) {
        this.learningRate = learningRate;
        this.curvature = curvature;
        this.noiseVariance = noiseVariance;
        this.batchesPerEpoch = batchesPerEpoch;
        int k = batchesPerEpoch;
        double etaH = learningRate * curvature;
        double r = 1 - etaH;
        this.epochNoise = new double[k + 1];
        fillEpochNoise(learningRate, curvature, noiseVariance, k, epochNoise);
        // log|r| through log1p for 0 < eta h < 1: at eta h below 1.1e-16, r rounds to 1 and log(r) to 0, which would
        // make 1 - r^{2K} a negative zero and the spread -infinity
        double logAbsR = etaH < 1 ? Math.log1p(-etaH) : Math.log(Math.abs(r));
        double oneMinusR2K = r == 0 ? 1 : -Math.expm1(2.0 * k * logAbsR);
        double boundary = epochNoise[k] / oneMinusR2K;
        this.stepVariance = new double[k + 1];
        for (int j = 0; j <= k; j++) {
            stepVariance[j] = Math.pow(r, 2.0 * j) * boundary + epochNoise[j];
        }
    }

    /**
     * {@code E_k}, {@code k = 0..K}, into {@code out} (when not null): Welford over the weights {@code r^m},
     * {@code m = 0..K-1}, tracked as {@code d_m = r^m - 1} by the recurrence {@code d_{m+1} = r d_m - eta h} (no
     * cancellation as {@code eta h -> 0}, no transcendental function; the rounding errors are damped by
     * {@code |r| < 1}).
     *
     * @return {@code {sum_{k<K} E_k, E_K}}
     */
    private static double[] fillEpochNoise(double learningRate, double curvature, double noiseVariance, int k,
            double[] out) {
        double etaH = learningRate * curvature;
        double r = 1 - etaH;
        double mean = 0;
        double m2 = 0;
        double s2Sum = 0;
        double scale = learningRate * learningRate * noiseVariance / (k - 1);
        double d = 0;
        double sum = 0;
        double last = 0;
        for (int j = 0; j < k; j++) {
            double a = 1 + d;
            s2Sum += a * a;
            int count = j + 1;
            double delta = d - mean;
            mean += delta / count;
            m2 += delta * (d - mean);
            double epochNoise = scale * ((k - count) * s2Sum + count * m2);
            if (out != null) {
                out[count] = epochNoise;
            }
            if (count < k) {
                sum += epochNoise;
            } else {
                last = epochNoise;
            }
            d = r * d - etaH;
        }
        return new double[] {sum, last};
    }

    /**
     * The spread {@link #stationarySpread()} without building the model (no validation: pass a stable input,
     * {@code 0 < eta h < 2}, {@code K >= 2}): since {@code sum_{k<K} r^{2k} = (1 - r^{2K})/(1 - r^2)},
     * <pre>
     *   spread = E_K / (K eta h (2 - eta h)) + (1/K) sum_{k=0}^{K-1} E_k.
     * </pre>
     * For callers that need many spreads (tables, elasticities by differences).
     *
     * @param learningRate {@code eta}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2} (batch-mean noise variance, without replacement)
     * @param batchesPerEpoch {@code K}
     * @return the spread; NaN or infinite for an invalid input
     */
    public static double stationarySpread(double learningRate, double curvature, double noiseVariance,
            int batchesPerEpoch) {
        double[] sums = fillEpochNoise(learningRate, curvature, noiseVariance, batchesPerEpoch, null);
        double etaH = learningRate * curvature;
        return (sums[1] / (etaH * (2 - etaH)) + sums[0]) / batchesPerEpoch;
    }

    /**
     * A stable random-reshuffling model.
     *
     * @param learningRate {@code eta > 0}
     * @param curvature {@code h > 0} with {@code eta h < 2}
     * @param noiseVariance {@code s2 >= 0}, the variance of one batch-mean noise drawn without
     *     replacement (see the class comment and {@link #withoutReplacementBatchVariance})
     * @param batchesPerEpoch {@code K = n/B >= 2}
     * @return the model
     * @throws IllegalArgumentException on invalid or unstable input; {@link #predict} answers instead
     */
    public static ReshufflingQuadratic1D of(double learningRate, double curvature, double noiseVariance,
            int batchesPerEpoch) {
        Applicability.requireApplicable(predict(learningRate, curvature, noiseVariance, batchesPerEpoch),
                "pass eta > 0, h > 0, s2 >= 0, eta*h < 2 and K >= 2 batches per epoch");
        return new ReshufflingQuadratic1D(learningRate, curvature, noiseVariance, batchesPerEpoch);
    }

    /**
     * The random-reshuffling spread, or why there is none. Never throws.
     *
     * @param learningRate {@code eta}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2} (batch-mean noise variance, without replacement)
     * @param batchesPerEpoch {@code K}
     * @return the prediction
     */
    public static Prediction predict(double learningRate, double curvature, double noiseVariance,
            int batchesPerEpoch) {
        if (!(batchesPerEpoch >= 2)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT, "batches per epoch K = "
                    + batchesPerEpoch + " < 2: with one batch per epoch the noise is zero (full batch)");
        }
        Prediction iid = SgdQuadratic1D.predict(learningRate, curvature, noiseVariance);
        if (iid instanceof Prediction.NotApplicable) {
            return iid;
        }
        return new Prediction.Stationary(
                new ReshufflingQuadratic1D(learningRate, curvature, noiseVariance, batchesPerEpoch)
                        .stationarySpread(),
                "exact random reshuffling, 1-D quadratic, K = " + batchesPerEpoch
                        + " batches per epoch (docs/data-order.md#random-reshuffling)");
    }

    /**
     * The variance of one batch-mean noise under sampling without replacement,
     * {@code s2 = (C/B)(n - B)/(n - 1)}.
     *
     * @param perExampleVariance {@code C = (1/n) sum_j e_j^2 >= 0}, the population variance (divisor n)
     *     of the per-example gradient noise
     * @param datasetSize {@code n >= 2}
     * @param batchSize {@code B} in {@code [1, n]}
     * @return {@code s2}
     */
    public static double withoutReplacementBatchVariance(double perExampleVariance, int datasetSize,
            int batchSize) {
        Checks.nonNegative("perExampleVariance", perExampleVariance, "pass the population variance C");
        if (!(datasetSize >= 2 && batchSize >= 1 && batchSize <= datasetSize)) {
            throw new IllegalArgumentException("need datasetSize >= 2 and 1 <= batchSize <= datasetSize, was n = "
                    + datasetSize + ", B = " + batchSize + "; pass the training set size and minibatch size");
        }
        return perExampleVariance / batchSize * (datasetSize - batchSize) / (datasetSize - 1.0);
    }

    /**
     * {@code E_k}, the variance the first {@code k} steps of an epoch add to {@code x}.
     *
     * @param step {@code k} in {@code [0, K]}
     * @return {@code E_k}
     */
    public double epochNoiseVariance(int step) {
        checkStep(step);
        return epochNoise[step];
    }

    /** {@code V_b = E_K/(1 - r^{2K})}, the variance at epoch boundaries. */
    public double boundaryVariance() {
        return stepVariance[0];
    }

    /**
     * {@code Var(x_k) = r^{2k} V_b + E_k} at step {@code k} of the epoch.
     *
     * @param step {@code k} in {@code [0, K]} ({@code k = K} equals {@code k = 0})
     * @return the variance
     */
    public double varianceAtStep(int step) {
        checkStep(step);
        return stepVariance[step];
    }

    /** The observed spread: the mean of {@code Var(x_k)} over {@code k = 0..K-1}. */
    public double stationarySpread() {
        double sum = 0;
        for (int j = 0; j < batchesPerEpoch; j++) {
            sum += stepVariance[j];
        }
        return sum / batchesPerEpoch;
    }

    /** The i.i.d.-minibatch prediction {@code eta s2/(h(2 - eta h))} with the same {@code s2}. */
    public double iidVariance() {
        return SgdQuadratic1D.of(learningRate, curvature, noiseVariance).stationaryVariance();
    }

    /** {@link #stationarySpread()} / {@link #iidVariance()}; NaN when {@code s2 = 0}. */
    public double ratioToIid() {
        return stationarySpread() / iidVariance();
    }

    /** {@code K}. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** {@code eta}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code h}. */
    public double curvature() {
        return curvature;
    }

    /** {@code s2}. */
    public double noiseVariance() {
        return noiseVariance;
    }

    private void checkStep(int step) {
        if (!(step >= 0 && step <= batchesPerEpoch)) {
            throw new IllegalArgumentException("step must be in [0, " + batchesPerEpoch + "], was " + step
                    + "; pass the step index within the epoch");
        }
    }

    @Override
    public String toString() {
        return "ReshufflingQuadratic1D[eta=" + learningRate + ", h=" + curvature + ", s2=" + noiseVariance
                + ", K=" + batchesPerEpoch + "]";
    }
}
