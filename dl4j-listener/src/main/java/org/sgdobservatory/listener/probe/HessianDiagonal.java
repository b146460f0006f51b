package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.OutputLoss;
import org.sgdobservatory.listener.sample.DistinctExamples;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * The Hessian diagonal of the probe-set mean training loss by the best method the network allows
 * (docs/estimators.md#the-probes): exact ({@link GaussNewtonDiagonal}) for a dense stack with piecewise-linear hidden
 * activations, sampled ({@link SampledGaussNewtonDiagonal}) where the Hessian diagonal is the Gauss-Newton one, otherwise
 * Hutchinson's estimate ({@link HutchinsonDiagonal}). Chooses the method per probe set and runs it on the probes'
 * gradient engine. Not thread-safe (the engine is not).
 */
final class HessianDiagonal {

    /**
     * Examples the sampled Gauss-Newton diagonal uses at most: its standard error falls as {@code 1/sqrt(m)}. At 512,
     * 64 DL4J passes of 8, its median relative error on the benchmarks' small CNN is about 0.2 (the squared
     * gradients are heavy-tailed, so it is wider than a Gaussian spread would give;
     * {@code docs/estimators.md#sampled-gauss-newton-diagonal}).
     */
    static final int SAMPLED_EXAMPLES = 512;

    private final GradientProbes probes;
    private final Optional<GaussNewtonDiagonal> exact;
    /** The output pair when the network's Hessian diagonal is its Gauss-Newton diagonal (for the sampled diagonal). */
    private final Optional<OutputLoss> sampledLoss;

    /**
     * @param probes the gradient engine on the probe copy
     * @param exact the exact Gauss-Newton diagonal, when the network has one under the AUTO engine
     * @param sampledLoss the output pair, when the sampled Gauss-Newton diagonal applies under the AUTO engine
     */
    HessianDiagonal(GradientProbes probes, Optional<GaussNewtonDiagonal> exact, Optional<OutputLoss> sampledLoss) {
        this.probes = probes;
        this.exact = exact;
        this.sampledLoss = sampledLoss;
    }

    /** How {@link #estimate} obtains the curvature on this probe set ({@link GradientProbes#curvatureMethod}). */
    CurvatureMethod method(MiniBatch probeSet) {
        if (exact.isPresent() && probes.batched(List.of(probeSet))) {
            return CurvatureMethod.EXACT_GAUSS_NEWTON;
        }
        return sampledLoss.isPresent() ? CurvatureMethod.SAMPLED_GAUSS_NEWTON : CurvatureMethod.HUTCHINSON;
    }

    /**
     * The diagonal by {@link #method}, with its standard error ({@link GradientProbes#hessianDiagonal(INDArray,
     * MiniBatch, int, double, long, long[])}).
     *
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    double[][] estimate(INDArray theta, MiniBatch probeSet, int hutchinsonProbes, double step, long seed,
                        long[] tracked) {
        switch (method(probeSet)) {
            case EXACT_GAUSS_NEWTON:
                return exact(theta, probeSet, tracked);
            case SAMPLED_GAUSS_NEWTON:
                return sampled(theta, probeSet, SampledGaussNewtonDiagonal.EXAMPLES_PER_PASS, seed, tracked);
            default:
                return HutchinsonDiagonal.estimate(probes, theta, probeSet, hutchinsonProbes, step, seed, tracked,
                        FiniteDifference.FORWARD);
        }
    }

    /**
     * The sampled Gauss-Newton diagonal ({@link SampledGaussNewtonDiagonal}) over at most {@link #SAMPLED_EXAMPLES}
     * examples with a chosen number of examples per DL4J pass.
     *
     * @throws IllegalStateException if the network's Hessian diagonal is not its Gauss-Newton diagonal
     */
    double[][] sampled(INDArray theta, MiniBatch probeSet, int examplesPerPass, long seed, long[] tracked) {
        if (sampledLoss.isEmpty()) {
            throw new IllegalStateException("the sampled Gauss-Newton diagonal needs piecewise-linear hidden"
                    + " activations, dense, convolution or pooling layers without dropout, and a supported output"
                    + " loss; use Hutchinson instead");
        }
        return SampledGaussNewtonDiagonal.estimate(probes, theta, probeSet, SAMPLED_EXAMPLES, sampledLoss.get(),
                examplesPerPass, seed, tracked);
    }

    /**
     * The exact Hessian diagonal of the probe-set mean loss plus the L2 coefficients (L1's curvature is zero off
     * {@code theta = 0}), with its standard error as an estimate of the data's diagonal from the probe set's examples
     * ({@link GaussNewtonDiagonal#standardError}).
     *
     * @throws IllegalStateException if {@link #method} is not {@link CurvatureMethod#EXACT_GAUSS_NEWTON}
     */
    double[][] exact(INDArray theta, MiniBatch probeSet, long[] tracked) {
        if (method(probeSet) != CurvatureMethod.EXACT_GAUSS_NEWTON) {
            throw new IllegalStateException("the exact Hessian diagonal needs a dense stack with piecewise-linear"
                    + " hidden activations, a supported output loss and the AUTO engine; use Hutchinson instead");
        }
        // a reservoir drawn over several epochs repeats examples: each distinct one is passed once and counted as
        // often as it occurs, which gives the probe set's diagonal and SE at the cost of its distinct examples
        DistinctExamples distinct = probes.distinct(probeSet);
        // one pass, not a loop: outside the pass workspace, whose first cycle would size it to this pass's arrays
        // and allocate that much at its close (1.4 s for the wide MLP's 960 examples)
        return exactRows(probes.dense().get().forward(theta, distinct.rows().features()), distinct, tracked);
    }

    /**
     * {@link #exactRows(DenseBatchGradients.Forward, long[])} of the probe set whose distinct examples are
     * {@code distinct}, on the forward pass {@code f} over {@code distinct.rows()} (read, not changed).
     */
    double[][] exactRows(DenseBatchGradients.Forward f, DistinctExamples distinct, long[] tracked) {
        return exactRows(f, distinct.repeats() ? distinct.counts() : null, tracked);
    }

    /**
     * The tracked entries of the exact diagonal on forward pass {@code f} as {@code [estimate, standardError]} rows,
     * the L2 coefficients added to the estimates.
     */
    double[][] exactRows(DenseBatchGradients.Forward f, long[] tracked) {
        return exactRows(f, (double[]) null, tracked);
    }

    /** The same over rows counted {@code counts[i]} times ({@link GaussNewtonDiagonal#diagonal(DenseBatchGradients.Forward, double[])}). */
    private double[][] exactRows(DenseBatchGradients.Forward f, double[] counts, long[] tracked) {
        if ((long) tracked.length * PerExampleMoments.COLUMNS_FRACTION <= probes.numParams()) {
            double[][] rows = exact.get().trackedRows(f, counts, tracked);
            double[] l2 = TrackedValues.pick(probes.regularization().l2(), tracked);
            for (int i = 0; i < tracked.length; i++) {
                rows[i][0] += l2[i];
            }
            return rows;
        }
        INDArray mean = exact.get().diagonal(f, counts);
        double[] se = TrackedValues.pick(exact.get().standardError(f, mean).toDoubleVector(), tracked);
        double[] h = TrackedValues.pick(mean.addi(probes.regularization().l2()).toDoubleVector(), tracked);
        double[][] out = new double[tracked.length][];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = new double[] {h[i], se[i]};
        }
        return out;
    }
}
