package org.sgdobservatory.listener.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Variance ({@code 1/(m-1)}) and excess kurtosis ({@code m M4 / M2^2 - 3}) of the per-example gradients of some
 * parameters of a {@link DenseBatchGradients.Pass} (a holder of arrays, hence not a record). When the parameters
 * asked for are at most {@code 1/}{@value #COLUMNS_FRACTION} of the network's, each one's per-example values are
 * formed from its column products ({@link PerExampleColumns}) and its central moments taken by two passes, exactly:
 * about {@code 5 k m} flops for {@code k} parameters and {@code m} examples, against four GEMMs over all {@code P}
 * parameters ({@code 8 P m} flops at some forty times the rate of a Java loop) and their full-length results (on the
 * benchmarks' wide MLP, 32 766 tracked of 1.86 million parameters). Otherwise they come from the raw power sums:
 *
 * <p>Central sums from raw ones: with {@code mu = S1/m}, {@code M2 = S2 - mu S1} and
 * {@code M4 = S4 - 4 mu S3 + 6 mu^2 S2 - 3 m mu^4}. Each loses about {@code eps (1 + r)^p} relative
 * ({@code p = 1, 2}) to cancellation, where {@code r = m mu^2 / M2} is the squared ratio of the mean to the
 * standard deviation; the terms themselves carry GEMM summation error ~ {@code eps sqrt(m)}. So the formulas are
 * used only where {@code r <= } {@link #MAX_MEAN_TO_SPREAD}{@code  = 10} (relative error ~
 * {@code 16 (1 + r)^2 eps} ~ 4e-13 at the limit); parameters with a larger mean, or with {@code M2 <= 0},
 * are recomputed exactly by two passes over their materialised per-example values. Parameters whose
 * gradient is exactly 0 on every example ({@code S2 = 0}: an input pixel that is always 0, a dead unit) have
 * {@code M2 = M4 = 0} exactly, as the streaming moments give. {@code DenseBatchGradientsTest}
 * finds agreement with the streaming moments of DL4J's per-example passes to 1e-10 relative.
 */
final class PerExampleMoments {

    /** Largest {@code m mu^2 / M2} for which the raw power sums are trusted. */
    static final double MAX_MEAN_TO_SPREAD = 10.0;

    /** The column path serves up to {@code 1/COLUMNS_FRACTION} of the network's parameters. */
    static final int COLUMNS_FRACTION = 16;

    private final double[] mean;
    private final double[] variance;
    private final double[] excessKurtosis;
    private final int exactlyRecomputed;

    private PerExampleMoments(double[] mean, double[] variance, double[] excessKurtosis, int exactlyRecomputed) {
        this.mean = mean;
        this.variance = variance;
        this.excessKurtosis = excessKurtosis;
        this.exactlyRecomputed = exactlyRecomputed;
    }

    /**
     * Moments of the parameters {@code indices} over all rows of {@code pass}.
     *
     * @param pass a batched pass over the examples
     * @param indices flattened parameter indices
     */
    static PerExampleMoments of(DenseBatchGradients.Pass pass, long[] indices) {
        return (long) indices.length * COLUMNS_FRACTION <= pass.numParams() ? ofColumns(pass, indices)
                : ofPowerSums(pass, indices);
    }

    /** By two passes over each parameter's per-example values, formed one parameter at a time. */
    static PerExampleMoments ofColumns(DenseBatchGradients.Pass pass, long[] indices) {
        int k = indices.length;
        int m = pass.rows();
        double[] mean = new double[k];
        double[] var = new double[k];
        double[] kurt = new double[k];
        pass.forEachPerExample(indices, (values, q) -> {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += values[i];
            }
            double[] central = twoPass(values);
            mean[q] = sum / m;
            var[q] = m >= 2 ? central[0] / (m - 1) : Double.NaN;
            kurt[q] = m >= 4 ? m * central[1] / (central[0] * central[0]) - 3 : Double.NaN;
        });
        return new PerExampleMoments(mean, var, kurt, k);
    }

    /** From the raw power sums, recomputing ill-conditioned parameters by two passes. */
    static PerExampleMoments ofPowerSums(DenseBatchGradients.Pass pass, long[] indices) {
        int k = indices.length;
        double m = pass.rows();
        INDArray[] sums = pass.powerSums();
        double[][] s = new double[4][];
        for (int p = 0; p < 4; p++) {
            s[p] = TrackedValues.pick(sums[p].toDoubleVector(), indices);
        }
        double[] mean = new double[k];
        double[] m2 = new double[k];
        double[] m4 = new double[k];
        List<Integer> illConditioned = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double mu = s[0][i] / m;
            mean[i] = mu;
            m2[i] = s[1][i] - mu * s[0][i];
            m4[i] = s[3][i] - 4 * mu * s[2][i] + 6 * mu * mu * s[1][i] - 3 * m * mu * mu * mu * mu;
            if (s[1][i] == 0) {
                // every g_i is exactly 0 (an input that is always 0, a dead unit): M2 = M4 = 0 exactly
                m2[i] = 0;
                m4[i] = 0;
            } else if (!(m2[i] > 0 && m * mu * mu <= MAX_MEAN_TO_SPREAD * m2[i])) {
                illConditioned.add(i);
            }
        }
        if (!illConditioned.isEmpty()) {
            long[] which = new long[illConditioned.size()];
            for (int q = 0; q < which.length; q++) {
                which[q] = indices[illConditioned.get(q)];
            }
            double[][] values = pass.perExampleValues(which);
            for (int q = 0; q < which.length; q++) {
                double[] central = twoPass(values[q]);
                m2[illConditioned.get(q)] = central[0];
                m4[illConditioned.get(q)] = central[1];
            }
        }
        double[] var = new double[k];
        double[] kurt = new double[k];
        for (int i = 0; i < k; i++) {
            var[i] = m >= 2 ? m2[i] / (m - 1) : Double.NaN;
            kurt[i] = m >= 4 ? m * m4[i] / (m2[i] * m2[i]) - 3 : Double.NaN;
        }
        return new PerExampleMoments(mean, var, kurt, illConditioned.size());
    }

    /** {@code [M2, M4]} of the values about their mean, by two passes. */
    static double[] twoPass(double[] x) {
        double mean = Arrays.stream(x).sum() / x.length;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        return new double[] {m2, m4};
    }

    /** Per index, the mean raw per-example gradient {@code S1/m} (no regularisation). */
    double[] mean() {
        return mean.clone();
    }

    /** Per index, the sample variance {@code M2/(m-1)} (NaN with fewer than 2 examples). */
    double[] variance() {
        return variance.clone();
    }

    /** Per index, the excess kurtosis {@code m M4/M2^2 - 3} (NaN with fewer than 4 examples). */
    double[] excessKurtosis() {
        return excessKurtosis.clone();
    }

    /** How many parameters' moments were taken by two passes over their values (all of them on the column path). */
    int exactlyRecomputed() {
        return exactlyRecomputed;
    }
}
