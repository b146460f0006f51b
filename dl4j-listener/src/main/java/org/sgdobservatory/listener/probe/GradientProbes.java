package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * Gradient probes on an independent double-precision copy of the training network
 * (docs/dl4j-behaviour.md#double-precision-probe-copy): the
 * training network and ND4J's global random generator are never touched (random vectors come from a
 * seeded {@link java.util.Random}).
 *
 * <p>Gradients come from {@link DenseBatchGradients} when the network is a dense stack (one batched pass gives
 * every per-example and per-minibatch gradient; {@link GradientEngine#AUTO}), otherwise from one DL4J pass per
 * gradient ({@link GradientEngine}). Both give the same values up to rounding ({@code DenseBatchGradientsTest}).
 * Under the AUTO engine, the Hessian diagonal of a dense stack with piecewise-linear hidden activations is exact
 * ({@link GaussNewtonDiagonal}); other networks get Hutchinson's estimate ({@link #curvatureMethod}).
 * {@link #noiseAndCurvature} gives both probes at once, sharing the dense passes when it can (the listener's call).
 *
 * <p>Life cycle: construct once per report; call the probes in any order. Not thread-safe.
 */
public final class GradientProbes {

    private final NetworkAdapter copy;
    private final long numParams;
    private final INDArray l2;
    private final INDArray l1;
    private final Optional<DenseBatchGradients> dense;
    private final Optional<GaussNewtonDiagonal> exact;
    /** The output pair when the network's Hessian is its Gauss-Newton matrix (for the sampled diagonal). */
    private final Optional<org.sgdobservatory.listener.adapter.OutputLoss> sampledLoss;

    /** The workspace of the dense engine's single-gradient passes (Hutchinson, Hessian blocks, slices). */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();
    private static final String WORKSPACE_ID = "SGD_OBSERVATORY_PROBE_PASS";

    /** At most this many per-example values (32 MB) are held for the tail index; beyond, a stride of parameters. */
    static final long TAIL_VALUES_CAP = 4_000_000L;

    /**
     * Makes the double-precision copy and reads the regularisation in force.
     *
     * @param training the training network's adapter
     * @param iteration iteration at which regularisation schedules are evaluated
     * @param epoch epoch at which regularisation schedules are evaluated
     */
    public GradientProbes(NetworkAdapter training, int iteration, int epoch) {
        this(training, iteration, epoch, GradientEngine.AUTO);
    }

    /**
     * As {@link #GradientProbes(NetworkAdapter, int, int)} with a chosen gradient engine.
     *
     * @param engine {@link GradientEngine#DL4J_PASSES} forces DL4J's own passes (the reference)
     */
    public GradientProbes(NetworkAdapter training, int iteration, int epoch, GradientEngine engine) {
        this.copy = training.doublePrecisionCopy();
        this.numParams = copy.numParams();
        double[] a2 = new double[(int) numParams];
        double[] a1 = new double[(int) numParams];
        for (ParameterBlock b : training.blocks()) {
            RegularizationSpec r = training.regularization(b, iteration, epoch);
            for (long i = b.offset(); i < b.offset() + b.length(); i++) {
                a2[(int) i] = r.l2();
                a1[(int) i] = r.l1();
            }
        }
        l2 = Nd4j.createFromArray(a2);
        l1 = Nd4j.createFromArray(a1);
        this.dense = engine == GradientEngine.AUTO
                ? copy.denseStack().map(s -> new DenseBatchGradients(s, numParams)) : Optional.empty();
        this.exact = engine == GradientEngine.AUTO
                ? copy.denseStack().flatMap(s -> GaussNewtonDiagonal.of(s, numParams)) : Optional.empty();
        this.sampledLoss = engine == GradientEngine.AUTO && copy.gaussNewtonIsHessian() ? copy.outputLoss()
                : Optional.empty();
    }

    /** Whether gradients on these batches come from the batched dense engine. */
    boolean batched(List<MiniBatch> batches) {
        return dense.isPresent() && !batches.isEmpty() && batches.stream().allMatch(dense.get()::accepts);
    }

    /**
     * Minibatch-mean gradient of the training objective at {@code theta} on one minibatch: DL4J's raw sum
     * divided by B (docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum), plus
     * {@code l2 theta + l1 sign(theta)} (docs/dl4j-behaviour.md#l2-and-weight-decay).
     *
     * @param theta DOUBLE vector, length numParams
     * @return a new DOUBLE vector
     */
    public INDArray meanGradient(INDArray theta, MiniBatch batch) {
        return meanGradient(theta, batch, l2.mul(theta), l1.mul(Transforms.sign(theta, true)));
    }

    /**
     * The probe-set mean gradient with the L2 term but without L1, whose curvature is zero off {@code theta = 0}:
     * what Hessian-vector products by finite differences difference (an L1 term would jump across zero).
     *
     * @param theta DOUBLE vector, length numParams
     * @return a new DOUBLE vector
     */
    public INDArray curvatureGradient(INDArray theta, MiniBatch batch) {
        return meanGradient(theta, batch, l2.mul(theta), Nd4j.zeros(DataType.DOUBLE, numParams));
    }

    /** Per-example losses (no regularisation) at {@code theta} on {@code batch}, by DL4J's forward pass on the copy. */
    public double[] exampleLosses(INDArray theta, MiniBatch batch) {
        copy.setParams(theta.reshape(1, numParams));
        return copy.exampleLosses(batch.features(), batch.labels());
    }

    /** Number of parameters of the network. */
    public long numParams() {
        return numParams;
    }

    /** {@link #meanGradient(INDArray, MiniBatch)} with the regularisation terms at {@code theta} given. */
    INDArray meanGradient(INDArray theta, MiniBatch batch, INDArray l2Term, INDArray l1Term) {
        INDArray g;
        if (batched(List.of(batch))) {
            // the pass's intermediates (several rows x width arrays) live in a reused workspace, as DL4J's own do;
            // only the gradient leaves it
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                g = dense.get().pass(theta, batch).gradientSum(0, batch.size()).detach();
            }
        } else {
            copy.setParams(theta.reshape(1, numParams));
            g = copy.gradientSum(batch.features(), batch.labels()).reshape(numParams).dup();
        }
        g.divi(batch.size());
        g.addi(l2Term).addi(l1Term);
        return g;
    }

    /** The noise probe ({@link NoiseProbe#gradientNoise}). */
    public NoiseProbeResult gradientNoise(INDArray theta, List<MiniBatch> batches, MiniBatch examples,
                                          int maxExamples, long[] tracked) {
        return NoiseProbe.gradientNoise(this, theta, batches, examples, maxExamples, tracked);
    }

    /** The noise probe and the Hessian diagonal sharing their passes ({@link NoiseProbe#noiseAndCurvature}). */
    public NoiseAndCurvature noiseAndCurvature(INDArray theta, List<MiniBatch> batches, MiniBatch examples,
                                               int maxExamples, long[] tracked, int probes, double step, long seed) {
        return NoiseProbe.noiseAndCurvature(this, theta, batches, examples, maxExamples, tracked, probes, step, seed);
    }

    /** The dense engine, when this network is a dense stack under the AUTO engine. */
    Optional<DenseBatchGradients> dense() {
        return dense;
    }

    /** {@code l2 * theta}. */
    INDArray l2Term(INDArray theta) {
        return l2.mul(theta);
    }

    /** {@code l1 * sign(theta)}. */
    INDArray l1Term(INDArray theta) {
        return l1.mul(Transforms.sign(theta, true));
    }

    /** The L2 coefficients as an array. */
    INDArray l2() {
        return l2;
    }

    /** The exact Gauss-Newton diagonal, when this network has one. */
    Optional<GaussNewtonDiagonal> exact() {
        return exact;
    }

    /**
     * Hands the minibatch-mean gradient (regularisation included) of each batch, in order, to {@code sink}; with
     * the dense engine all of them come from one batched pass over the concatenated batches. Each vector is new
     * and is not kept here (K of them would not fit in memory for a large network).
     */
    void forEachMinibatchMean(INDArray theta, List<MiniBatch> batches, INDArray l2Term, INDArray l1Term,
                                      java.util.function.Consumer<INDArray> sink) {
        if (batched(batches)) {
            DenseBatchGradients.Pass pass = dense.get().pass(theta, MiniBatch.concat(batches));
            int row = 0;
            for (MiniBatch b : batches) {
                sink.accept(pass.gradientSum(row, row + b.size()).divi(b.size()).addi(l2Term).addi(l1Term));
                row += b.size();
            }
        } else {
            for (MiniBatch b : batches) {
                sink.accept(meanGradient(theta, b, l2Term, l1Term));
            }
        }
    }

    /** Adds the (per-parameter constant) regularisation terms to materialised per-example raw gradients. */
    static double[][] withRegularisation(double[][] values, long[] indices, INDArray l2Term,
                                                 INDArray l1Term) {
        for (int j = 0; j < indices.length; j++) {
            double shift = l2Term.getDouble(indices[j]) + l1Term.getDouble(indices[j]);
            for (int i = 0; i < values[j].length; i++) {
                values[j][i] += shift;
            }
        }
        return values;
    }

    /**
     * The score DL4J's training computes on {@code batch} at {@code theta}: the mean loss plus DL4J's own
     * regularisation score, in training mode (forward pass only).
     */
    public double score(INDArray theta, MiniBatch batch) {
        copy.setParams(theta.reshape(1, numParams));
        return copy.scoreOf(batch.features(), batch.labels());
    }

    /**
     * A 1-D loss slice: {@code L(theta + t e_index) - L(theta)} on {@code probeSet} for each offset {@code t},
     * the other parameters held at {@code theta}.
     *
     * @param theta parameters (DOUBLE, length numParams), not modified
     * @param index flattened index of the parameter
     * @param offsets the offsets {@code t}
     */
    public double[] lossSlice(INDArray theta, MiniBatch probeSet, long index, double[] offsets) {
        double base = score(theta, probeSet);
        double centre = theta.getDouble(index);
        INDArray moved = theta.dup();
        double[] out = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            moved.putScalar(index, centre + offsets[k]);
            out[k] = score(moved, probeSet) - base;
        }
        return out;
    }

    /**
     * Minibatch-mean gradients (regularisation included) of the tracked parameters at {@code theta}, one row per
     * minibatch in the given order: the raw material of the per-minibatch noises of a fixed cyclic epoch.
     */
    public double[][] batchGradients(INDArray theta, List<MiniBatch> batches, long[] tracked) {
        List<double[]> out = new java.util.ArrayList<>();
        forEachMinibatchMean(theta, batches, l2.mul(theta), l1.mul(Transforms.sign(theta, true)),
                g -> out.add(pick(g.toDoubleVector(), tracked)));
        return out.toArray(new double[0][]);
    }

    /**
     * How {@link #hessianDiagonal(INDArray, MiniBatch, int, double, long, long[])} obtains the curvature on this
     * probe set: exactly ({@link GaussNewtonDiagonal}) for a dense stack with piecewise-linear hidden activations
     * and a supported output loss under the {@link GradientEngine#AUTO} engine, otherwise by Hutchinson.
     */
    public CurvatureMethod curvatureMethod(MiniBatch probeSet) {
        if (exact.isPresent() && batched(List.of(probeSet))) {
            return CurvatureMethod.EXACT_GAUSS_NEWTON;
        }
        return sampledLoss.isPresent() ? CurvatureMethod.SAMPLED_GAUSS_NEWTON : CurvatureMethod.HUTCHINSON;
    }

    /**
     * Examples the sampled Gauss-Newton diagonal uses at most: its standard error falls as {@code 1/sqrt(m)}; 512 keep
     * it near {@code sqrt(2..3)/sqrt(512)} ~ 7% of {@code h} (a Gaussian-like spread of {@code g~^2}), one DL4J
     * backward pass each.
     */
    static final int SAMPLED_EXAMPLES = 512;

    /**
     * Hessian diagonal of the probe-set mean training loss (regularisation included) at {@code theta}. When
     * {@link #curvatureMethod} is {@link CurvatureMethod#EXACT_GAUSS_NEWTON}, the exact value (the generalised
     * Gauss-Newton diagonal, which is the Hessian's almost everywhere for such networks; {@link GaussNewtonDiagonal})
     * plus the L2 coefficient, with standard error 0; {@code probes}, {@code step} and {@code seed} are then unused.
     * Otherwise Hutchinson's estimator, {@code diag(H) ~ mean_k v_k * (H v_k)} with Rademacher
     * {@code v_k}, {@code H v} by {@link FiniteDifference#FORWARD forward differences} of the probe-set mean
     * gradient (regularisation included) with {@code r = step (1 + rms(theta))}: {@code probes + 1} gradient passes,
     * with the standard error of the mean over the probes.
     *
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    public double[][] hessianDiagonal(INDArray theta, MiniBatch probeSet, int probes, double step, long seed,
                                      long[] tracked) {
        switch (curvatureMethod(probeSet)) {
            case EXACT_GAUSS_NEWTON:
                return exactHessianDiagonal(theta, probeSet, tracked);
            case SAMPLED_GAUSS_NEWTON:
                return SampledGaussNewtonDiagonal.estimate(this, theta, probeSet, SAMPLED_EXAMPLES, sampledLoss.get(),
                        seed, tracked);
            default:
                return hessianDiagonal(theta, probeSet, probes, step, seed, tracked, FiniteDifference.FORWARD);
        }
    }

    /**
     * The exact Hessian diagonal of the probe-set mean loss plus the L2 coefficients (L1's curvature is zero off
     * {@code theta = 0}), with its standard error as an estimate of the data's diagonal from the probe set's examples
     * ({@link GaussNewtonDiagonal#standardError}).
     *
     * @throws IllegalStateException if {@link #curvatureMethod} is not {@link CurvatureMethod#EXACT_GAUSS_NEWTON}
     */
    double[][] exactHessianDiagonal(INDArray theta, MiniBatch probeSet, long[] tracked) {
        if (curvatureMethod(probeSet) != CurvatureMethod.EXACT_GAUSS_NEWTON) {
            throw new IllegalStateException("the exact Hessian diagonal needs a dense stack with piecewise-linear"
                    + " hidden activations, a supported output loss and the AUTO engine; use Hutchinson instead");
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return exactRows(dense.get().forward(theta, probeSet.features()), tracked);
        }
    }

    /**
     * The tracked entries of the exact diagonal on forward pass {@code f} as {@code [estimate, standardError]} rows,
     * the L2 coefficients added to the estimates.
     */
    double[][] exactRows(DenseBatchGradients.Forward f, long[] tracked) {
        INDArray mean = exact.get().diagonal(f);
        double[] se = pick(exact.get().standardError(f, mean).toDoubleVector(), tracked);
        double[] h = pick(mean.addi(l2).toDoubleVector(), tracked);
        double[][] out = new double[tracked.length][];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = new double[] {h[i], se[i]};
        }
        return out;
    }

    /**
     * Hessian diagonal by Hutchinson's estimator whatever the network ({@link HutchinsonDiagonal}) with a chosen
     * difference scheme; the same seed draws the same probe vectors under either scheme.
     *
     * @param scheme {@link FiniteDifference#CENTRAL} costs {@code 2 probes} passes, FORWARD {@code probes + 1}
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    public double[][] hessianDiagonal(INDArray theta, MiniBatch probeSet, int probes, double step, long seed,
                                      long[] tracked, FiniteDifference scheme) {
        return HutchinsonDiagonal.estimate(this, theta, probeSet, probes, step, seed, tracked, scheme);
    }

    /** The Hessian block of a small parameter group ({@link BlockProbes#hessianBlock}). */
    public double[][] hessianBlock(INDArray theta, MiniBatch probeSet, long[] indices, double step) {
        return BlockProbes.hessianBlock(this, theta, probeSet, indices, step);
    }

    /** The minibatch noise covariance block of a small group ({@link BlockProbes#noiseCovarianceBlock}). */
    public double[][] noiseCovarianceBlock(INDArray theta, MiniBatch examples, int maxExamples, long[] indices,
                                           int miniBatchSize) {
        return BlockProbes.noiseCovarianceBlock(this, theta, examples, maxExamples, indices, miniBatchSize);
    }

    /** The per-example gradients (regularisation included) of tracked {@code indices}: rows = indices. */
    double[][] perExampleValues(INDArray theta, MiniBatch examples, long[] indices) {
        int m = examples.size();
        if (m >= 1 && batched(List.of(examples))) {
            return withRegularisation(dense.get().pass(theta, examples).perExampleValues(indices), indices,
                    l2.mul(theta), l1.mul(Transforms.sign(theta, true)));
        }
        double[][] byIndex = new double[indices.length][m];
        for (int e = 0; e < m; e++) {
            double[] g = pick(meanGradient(theta, examples.example(e)).toDoubleVector(), indices);
            for (int i = 0; i < indices.length; i++) {
                byIndex[i][e] = g[i];
            }
        }
        return byIndex;
    }

    /** The L2 coefficient of every parameter (a copy). */
    double[] l2Coefficients() {
        return l2.toDoubleVector();
    }

    /** The probe copy (for estimators that need its passes). */
    NetworkAdapter copy() {
        return copy;
    }

    /** The values of {@code all} at the flattened {@code tracked} indices (the probes' per-parameter arrays). */
    static double[] pick(double[] all, long[] tracked) {
        double[] out = new double[tracked.length];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = all[(int) tracked[i]];
        }
        return out;
    }
}
