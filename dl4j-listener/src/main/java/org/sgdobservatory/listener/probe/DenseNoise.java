package org.sgdobservatory.listener.probe;

import java.util.Arrays;

/**
 * The noise probe's statistics from batched passes of {@link DenseBatchGradients} ({@link GradientProbes#gradientNoise}
 * with the dense engine): the variance of the minibatch-mean gradient over K consecutive minibatches of a pass, and
 * the per-example variance, excess kurtosis ({@link PerExampleMoments}, power sums by GEMM) and tail index
 * ({@link TailIndex}, one parameter at a time, about the power sums' mean, reading only the examples with a
 * non-zero input: {@link PerExampleColumns#forEachOnActiveInputs}) of the first rows of a pass. The regularisation,
 * a constant shift at fixed theta, changes none of them, so the raw gradients serve. Stateless.
 */
final class DenseNoise {

    /** At most this many per-example values (32 MB) are held for the tail index; beyond, a stride of parameters. */
    static final long TAIL_VALUES_CAP = 4_000_000L;

    private DenseNoise() {
    }

    /**
     * The noise probe from one batched pass over {@code K} consecutive minibatches of {@code B} rows: their
     * minibatch-mean variance, and the per-example statistics of the pass's first {@code m} rows (the same
     * examples a pass over those rows alone would see).
     *
     * @param pass a pass over {@code K B} rows
     * @param batches K
     * @param batchSize B
     * @param m per-example gradients, {@code 2 <= m <= K B}
     * @param tracked flattened indices to report
     */
    static NoiseProbeResult of(DenseBatchGradients.Pass pass, int batches, int batchSize, int m, long[] tracked) {
        double[] minibatchVariance = TrackedValues.pick(pass.minibatchMeanVariance(batches).toDoubleVector(),
                tracked);
        return withPerExample(minibatchVariance, pass.head(m), tracked, batches, batchSize);
    }

    /**
     * The noise probe with the minibatch variance already measured and the per-example statistics over all rows of
     * {@code perExample}.
     *
     * @param minibatchVariance per tracked parameter
     * @param perExample a pass over the per-example probe's examples (at least 2)
     * @param tracked flattened indices to report
     * @param batches K, as reported
     * @param batchSize B, as reported
     */
    static NoiseProbeResult withPerExample(double[] minibatchVariance, DenseBatchGradients.Pass perExample,
                                           long[] tracked, int batches, int batchSize) {
        PerExampleMoments moments = PerExampleMoments.of(perExample, tracked);
        double[] mean = moments.mean();
        int every = tailStride(perExample.rows(), tracked.length);
        long[] tailIndices = new long[(tracked.length + every - 1) / every];
        for (int j = 0; j < tailIndices.length; j++) {
            tailIndices[j] = tracked[j * every];
        }
        double[] tail = new double[tracked.length];
        Arrays.fill(tail, Double.NaN);
        perExample.columns().forEachOnActiveInputs(tailIndices, (values, length, zeros, j) ->
                tail[j * every] = TailIndex.ofDeviations(values, length, zeros, mean[j * every]));
        return new NoiseProbeResult(minibatchVariance, moments.variance(), moments.excessKurtosis(), tail, batches,
                perExample.rows(), batchSize);
    }

    /**
     * Every how many tracked parameters the tail index is evaluated, so that {@code examples x tracked / every}
     * values stay under {@link #TAIL_VALUES_CAP} (both engines use the same stride).
     */
    static int tailStride(int examples, int tracked) {
        long cap = TAIL_VALUES_CAP;
        return (int) Math.max(1, ((long) examples * tracked + cap - 1) / cap);
    }
}
