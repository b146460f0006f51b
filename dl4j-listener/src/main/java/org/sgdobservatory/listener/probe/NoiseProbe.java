package org.sgdobservatory.listener.probe;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.sample.DistinctExamples;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * The gradient-noise probe on the probe copy: the variance of minibatch-mean gradients at fixed parameters
 * ({@code sigma^2_B}), the per-example variance (the {@code 1/B} check and a sharper {@code sigma^2_B}), kurtosis and
 * tail index; and, for dense stacks, the same passes shared with the exact Hessian diagonal. Stateless.
 */
final class NoiseProbe {

    private NoiseProbe() {
    }

    /**
     * Gradient noise at fixed parameters: the per-parameter variance of the minibatch-mean gradient over
     * {@code batches} (that is {@code sigma^2_B} as the theory defines it) and, from the per-example gradients of
     * the first {@code maxExamples} examples, the per-example variance {@code C_ii}, whose ratio checks the
     * {@code 1/B} law, their excess kurtosis and tail index. With the dense engine the minibatch part is one batched
     * pass ({@link #minibatchVariance}) and, when {@code examples} is the {@link MiniBatch#concat} of {@code batches}
     * (as the listener's reservoir is), the per-example part reads the first rows of that same pass, which then runs
     * over the distinct examples only unless the minibatches' gradients are stacked; its own pass otherwise
     * ({@link PerExampleMoments}, {@link TailIndex}). Without the dense engine, one DL4J pass per minibatch and per
     * example.
     *
     * @param theta parameters (DOUBLE, length numParams)
     * @param batches minibatches of the training size
     * @param examples examples for the per-example probe
     * @param maxExamples cap on per-example gradients (0 skips the per-example probe)
     * @param tracked flattened indices to report
     */
    static NoiseProbeResult gradientNoise(GradientProbes g, INDArray theta, List<MiniBatch> batches,
                                          MiniBatch examples, int maxExamples, long[] tracked) {
        int m = Math.min(maxExamples, examples.size());
        if (m >= 2 && stackedVariance(g, batches) && examples.concatenates(batches)) {
            DenseBatchGradients.Pass pass = g.dense().get().pass(theta, examples);
            return DenseNoise.of(pass, batches.size(), batches.get(0).size(), m, tracked);
        }
        int typicalSize = batches.isEmpty() ? 1 : batches.get(0).size();
        if (m >= 2 && g.batched(batches) && examples.concatenates(batches)) {
            // one pass over the reservoir's distinct examples serves both parts
            DistinctExamples distinct = g.distinct(examples);
            return distinctNoise(g.dense().get().pass(theta, distinct.rows()), distinct, batches, m, tracked);
        }
        // theta is fixed here: its regularisation terms are computed once, not once per gradient
        INDArray l2Term = g.regularization().l2Term(theta);
        INDArray l1Term = g.regularization().l1Term(theta);
        double[] minibatchVariance = minibatchVariance(g, theta, batches, l2Term, l1Term, tracked);
        if (m >= 2 && g.batched(List.of(examples))) {
            return DenseNoise.withPerExample(minibatchVariance, g.dense().get().pass(theta, examples.rows(0, m)), tracked,
                    batches.size(), typicalSize);
        }
        // the tail index of (a stride of) the tracked parameters: per-example values capped in memory (this path
        // holds them all) and in time
        int every = DenseNoise.tailStride(m, tracked.length);
        int kept = (tracked.length + every - 1) / every;
        CentralMoments ex = new CentralMoments(tracked.length);
        double[][] perExample = new double[kept][m];
        List<MiniBatch> single = java.util.stream.IntStream.range(0, m).mapToObj(examples::example).toList();
        int[] at = {0};
        g.forEachMinibatchMean(theta, single, l2Term, l1Term, all -> {
            ex.add(TrackedValues.pick(all, tracked));
            for (int j = 0; j < kept; j++) {
                perExample[j][at[0]] = all[(int) tracked[j * every]];
            }
            at[0]++;
        });
        double[] tail = new double[tracked.length];
        java.util.Arrays.fill(tail, Double.NaN);
        for (int j = 0; j < kept && m >= 2; j++) {
            tail[j * every] = TailIndex.ofDeviations(perExample[j]);
        }
        return new NoiseProbeResult(minibatchVariance, ex.variance(), ex.excessKurtosis(), tail, batches.size(), m,
                typicalSize);
    }

    /**
     * The noise probe and the Hessian diagonal at one {@code theta} on one probe set, {@code examples}: the same
     * values as {@link #gradientNoise} and {@link #hessianDiagonal(INDArray, MiniBatch, int, double, long, long[])}
     * called one after the other (up to rounding), which is what this does unless {@code examples} is the
     * {@link MiniBatch#concat} of {@code batches} (the listener's reservoir), the curvature is
     * {@link CurvatureMethod#EXACT_GAUSS_NEWTON} and the per-example probe runs. Then one forward pass over the
     * examples serves the exact diagonal ({@link GaussNewtonDiagonal#diagonal(DenseBatchGradients.Forward)}) and one
     * backward pass both parts of the noise probe, the per-example part reading its first {@code maxExamples} rows.
     *
     * @param theta parameters (DOUBLE, length numParams)
     * @param batches minibatches of the training size
     * @param examples examples for the per-example probe and the Hessian diagonal
     * @param maxExamples cap on per-example gradients (0 skips the per-example probe)
     * @param tracked flattened indices to report
     * @param probes Hutchinson's M, when the diagonal is not exact
     * @param step Hutchinson's relative difference step
     * @param seed Hutchinson's seed
     */
    static NoiseAndCurvature noiseAndCurvature(GradientProbes g, INDArray theta, List<MiniBatch> batches,
                                               MiniBatch examples, int maxExamples, long[] tracked, int probes,
                                               double step, long seed) {
        CurvatureMethod method = g.curvatureMethod(examples);
        int m = Math.min(maxExamples, examples.size());
        if (method == CurvatureMethod.EXACT_GAUSS_NEWTON && m >= 2 && g.batched(batches)
                && examples.concatenates(batches)) {
            if (stackedVariance(g, batches)) {
                DenseBatchGradients.Forward f = g.dense().get().forward(theta, examples.features());
                double[][] rows = g.curvature().exactRows(f, tracked);
                DenseBatchGradients.Pass pass = g.dense().get().backward(f, examples.labels());
                return new NoiseAndCurvature(DenseNoise.of(pass, batches.size(), batches.get(0).size(), m, tracked),
                        rows, method);
            }
            // one forward pass over the reservoir's distinct examples serves the diagonal, one backward pass both
            // parts of the noise probe (what gradientNoise and the exact diagonal would each do on their own)
            DistinctExamples distinct = g.distinct(examples);
            DenseBatchGradients.Forward f = g.dense().get().forward(theta, distinct.rows().features());
            double[][] rows = g.curvature().exactRows(f, distinct, tracked);
            DenseBatchGradients.Pass pass = g.dense().get().backward(f, distinct.rows().labels());
            return new NoiseAndCurvature(distinctNoise(pass, distinct, batches, m, tracked), rows, method);
        }
        return new NoiseAndCurvature(gradientNoise(g, theta, batches, examples, maxExamples, tracked),
                g.hessianDiagonal(theta, examples, probes, step, seed, tracked), method);
    }

    /**
     * Whether the K minibatch gradients come from one stacked batched pass: the dense engine takes them, there are
     * at least 2, all of one size, and {@code K x numParams} doubles fit under {@link #STACKED_GRADIENTS_CAP}.
     */
    static boolean stackedVariance(GradientProbes g, List<MiniBatch> batches) {
        int k = batches.size();
        return k >= 2 && batches.stream().allMatch(b -> b.size() == batches.get(0).size()) && g.batched(batches)
                && (long) k * g.numParams() <= NoiseProbe.STACKED_GRADIENTS_CAP;
    }

    /** At most this many doubles ({@code K x numParams}, 64 MB) hold all minibatch gradients at once. */
    static final long STACKED_GRADIENTS_CAP = 8_000_000L;

    /**
     * Per-tracked-parameter sample variance of the minibatch-mean gradients (regularisation included) at fixed
     * {@code theta}: with the dense engine and equal batches that fit, from one batched pass and a stacked two-pass
     * variance ({@link DenseBatchGradients.Pass#minibatchMeanVariance(int)}); with the dense engine otherwise, from
     * one pass over the batches' distinct examples and the tracked parameters' per-example columns
     * ({@link DenseBatchGradients.Pass#minibatchMeanVariance(long[], int[][])}); without it, each minibatch's
     * gradient is computed in full by DL4J and only its tracked entries are streamed through Pebay's moments (the
     * full-length moments cost some twenty passes over every parameter per minibatch).
     */
    private static double[] minibatchVariance(GradientProbes g, INDArray theta, List<MiniBatch> batches,
                                              INDArray l2Term, INDArray l1Term, long[] tracked) {
        if (stackedVariance(g, batches)) {
            return TrackedValues.pick(g.dense().get().pass(theta, MiniBatch.concat(batches))
                    .minibatchMeanVariance(batches.size()), tracked);
        }
        if (g.batched(batches)) {
            DistinctExamples distinct = DistinctExamples.of(MiniBatch.concat(batches));
            return g.dense().get().pass(theta, distinct.rows()).minibatchMeanVariance(tracked,
                    batchRows(distinct, batches));
        }
        CentralMoments mb = new CentralMoments(tracked.length);
        g.forEachMinibatchMean(theta, batches, l2Term, l1Term,
                gradient -> mb.add(TrackedValues.pick(gradient, tracked)));
        return mb.variance();
    }

    /**
     * Both parts of the noise probe from one pass over the distinct examples of the minibatches' concatenation: the
     * minibatch means from each minibatch's rows, the per-example part from the concatenation's first {@code m} rows.
     */
    private static NoiseProbeResult distinctNoise(DenseBatchGradients.Pass pass, DistinctExamples distinct,
                                                  List<MiniBatch> batches, int m, long[] tracked) {
        return DenseNoise.withPerExample(pass.minibatchMeanVariance(tracked, batchRows(distinct, batches)),
                pass.rowsAt(java.util.Arrays.copyOf(distinct.source(), m)), tracked, batches.size(),
                batches.get(0).size());
    }

    /** For each minibatch, its rows' examples among the distinct examples of the minibatches' concatenation. */
    private static int[][] batchRows(DistinctExamples distinct, List<MiniBatch> batches) {
        int[][] out = new int[batches.size()][];
        int row = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = java.util.Arrays.copyOfRange(distinct.source(), row, row + batches.get(k).size());
            row += batches.get(k).size();
        }
        return out;
    }
}
