package org.sgdobservatory.listener.probe;

/**
 * Gradient noise at fixed parameters for the tracked parameters (a holder of arrays, hence not a record).
 * Variances use the sample convention {@code 1/(K-1)}.
 */
public final class NoiseProbeResult {

    private final double[] minibatchVariance;
    private final double[] perExampleVariance;
    private final double[] perExampleExcessKurtosis;
    private final double[] tailIndex;
    private final int minibatches;
    private final int examples;
    private final int miniBatchSize;

    NoiseProbeResult(double[] minibatchVariance, double[] perExampleVariance, double[] perExampleExcessKurtosis,
                     double[] tailIndex, int minibatches, int examples, int miniBatchSize) {
        this.tailIndex = tailIndex;
        this.minibatchVariance = minibatchVariance;
        this.perExampleVariance = perExampleVariance;
        this.perExampleExcessKurtosis = perExampleExcessKurtosis;
        this.minibatches = minibatches;
        this.examples = examples;
        this.miniBatchSize = miniBatchSize;
    }

    /** Per tracked parameter, the variance of the minibatch-mean gradient over K minibatches (NaN if {@code K < 2}). */
    public double minibatchVariance(int i) {
        return minibatchVariance[i];
    }

    /** Per tracked parameter, the variance of the per-example gradient C_ii (NaN if not measured). */
    public double perExampleVariance(int i) {
        return perExampleVariance[i];
    }

    /**
     * The noise variance of a minibatch-mean gradient, {@code sigma^2_B}: {@code C_ii / B} from the per-example
     * probe when it ran (more precise), else the minibatch variance.
     */
    public double noiseVariance(int i) {
        return examples >= 2 ? perExampleVariance[i] / miniBatchSize : minibatchVariance[i];
    }

    /**
     * The standard error of {@link #noiseVariance}: a sample variance of {@code m} independent values with excess
     * kurtosis {@code kappa} has {@code Var(s^2) = sigma^4 (2/(m-1) + kappa/m)}
     * ({@code docs/estimators.md#gradient-noise-at-fixed-parameters}). From the per-example probe {@code m} is the
     * number of examples and {@code kappa} their measured excess kurtosis; from minibatches {@code m = K} and
     * {@code kappa} the per-example value divided by B (0 when unknown). A negative measured kurtosis is kept (it
     * lowers the error), bounded below by {@code -2} as every distribution's is.
     */
    public double noiseVarianceStandardError(int i) {
        boolean perExample = examples >= 2;
        int m = perExample ? examples : minibatches;
        if (!(m >= 2)) {
            return Double.NaN;
        }
        double kappa = perExample ? perExampleExcessKurtosis[i] : perExampleExcessKurtosis[i] / miniBatchSize;
        kappa = Double.isFinite(kappa) ? Math.max(-2, kappa) : 0;
        return noiseVariance(i) * Math.sqrt(Math.max(0, 2.0 / (m - 1) + kappa / m));
    }

    /** Per tracked parameter, the excess kurtosis of the per-example gradient (NaN if not measured). */
    public double perExampleExcessKurtosis(int i) {
        return perExampleExcessKurtosis[i];
    }

    /**
     * Excess kurtosis of the minibatch-mean gradient noise: the per-example value divided by B (cumulants of a
     * mean of B independent draws, docs/estimators.md#kurtosis-and-gaussianisation).
     */
    public double noiseExcessKurtosis(int i) {
        return perExampleExcessKurtosis[i] / miniBatchSize;
    }

    /**
     * Per tracked parameter, Hill's tail index (Hill 1975, {@code k = floor(sqrt(m))} of {@code m} examples) of the
     * per-example gradient deviations {@code |g_e - mean|}; NaN when not measured (per-example probe off, or a
     * parameter outside the memory-capped stride of {@link DenseNoise#TAIL_VALUES_CAP} values).
     */
    public double tailIndex(int i) {
        return tailIndex[i];
    }

    /** Minibatch gradients used. */
    public int minibatches() {
        return minibatches;
    }

    /** Per-example gradients used. */
    public int examples() {
        return examples;
    }

    /** The minibatch size B the noise refers to. */
    public int miniBatchSize() {
        return miniBatchSize;
    }

    /** Number of tracked parameters. */
    public int size() {
        return minibatchVariance.length;
    }
}
