package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.DistinctExamples;
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

    private final DoublePrecisionCopy copy;
    private final long numParams;
    private final RegularizationTerms regularization;
    private final Optional<DenseBatchGradients> dense;
    private final HessianDiagonal curvature;
    private final LossSlices slices;
    private final ProbeThreads threads;
    /** The batch {@link #distinct} last answered for, compared by identity, and its answer. */
    private MiniBatch distinctOf;
    private DistinctExamples distinct;

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
        this(training, iteration, epoch, engine, ProbeThreads.SINGLE);
    }

    /**
     * As {@link #GradientProbes(NetworkAdapter, int, int, GradientEngine)} with the passes that are independent of
     * each other shared among {@code threads} (the numbers do not depend on how many).
     */
    public GradientProbes(NetworkAdapter training, int iteration, int epoch, GradientEngine engine,
                          ProbeThreads threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.copy = DoublePrecisionCopy.of(training);
        NetworkAdapter network = copy.network();
        this.numParams = network.numParams();
        this.regularization = new RegularizationTerms(training, iteration, epoch, numParams);
        boolean auto = engine == GradientEngine.AUTO;
        this.dense = auto ? network.denseStack().map(s -> new DenseBatchGradients(s, numParams)) : Optional.empty();
        Optional<GaussNewtonDiagonal> exact = auto
                ? network.denseStack().flatMap(s -> GaussNewtonDiagonal.of(s, numParams, threads)) : Optional.empty();
        this.slices = new LossSlices(copy);
        this.curvature = new HessianDiagonal(this, exact,
                auto && network.gaussNewtonIsHessian() ? network.outputLoss() : Optional.empty());
    }

    /**
     * The distinct examples of {@code batch} ({@link DistinctExamples#of}), kept for the last batch asked for: the
     * noise probe, the curvature and the noise along the directions each take those of the same probe set, which
     * would otherwise be fingerprinted and compared row by row once for each.
     */
    synchronized DistinctExamples distinct(MiniBatch batch) {
        if (batch != distinctOf) {
            distinct = DistinctExamples.of(batch);
            distinctOf = batch;
        }
        return distinct;
    }

    /** The threads the independent passes on this copy are shared among. */
    ProbeThreads threads() {
        return threads;
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
        return meanGradient(theta, batch, regularization.l2Term(theta), regularization.l1Term(theta));
    }

    /**
     * The probe-set mean gradient with the L2 term but without L1, whose curvature is zero off {@code theta = 0}:
     * what Hessian-vector products by finite differences difference (an L1 term would jump across zero).
     *
     * @param theta DOUBLE vector, length numParams
     * @return a new DOUBLE vector
     */
    public INDArray curvatureGradient(INDArray theta, MiniBatch batch) {
        return meanGradient(theta, batch, regularization.l2Term(theta), Nd4j.zeros(DataType.DOUBLE, numParams));
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
            try (MemoryWorkspace ws = PassWorkspace.open()) {
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

    /** The network's dense stack, when it is one. */
    Optional<DenseStack> denseStack() {
        return copy.network().denseStack();
    }

    /**
     * Whether {@link #exactHessianProduct} gives products on {@code batch} (and on any rows of it): the batched dense
     * engine takes it, and the network's activations and output allow exact ones.
     */
    boolean exactProducts(MiniBatch batch) {
        return batched(List.of(batch)) && denseStack().flatMap(DenseStack::exactCurvature).isPresent();
    }

    /**
     * Exact Hessian-vector products of the mean loss over {@code batch} at {@code theta}, L2 included
     * ({@link DenseHessianProduct}), when the batch goes through the dense engine and the network's hidden activations
     * are piecewise linear with a supported output; empty otherwise.
     *
     * @param theta DOUBLE parameters, length numParams; not to be modified while the product is in use
     */
    Optional<DenseHessianProduct> exactHessianProduct(INDArray theta, MiniBatch batch) {
        if (!batched(List.of(batch))) {
            return Optional.empty();
        }
        return denseStack()
                .flatMap(s -> DenseHessianProduct.at(s, numParams, theta, batch, regularization.l2()));
    }

    /** The dense engine, when this network is a dense stack under the AUTO engine. */
    Optional<DenseBatchGradients> dense() {
        return dense;
    }

    /**
     * Hands the minibatch-mean gradient (regularisation included) of each batch, in order, to {@code sink}, as a new
     * array; with the dense engine all of them come from one batched pass over the concatenated batches, otherwise
     * each is one DL4J pass on the copy with the parameters set once, so {@code sink} must not use the copy. A batch of
     * one example gives that example's gradient.
     */
    void forEachMinibatchMean(INDArray theta, List<MiniBatch> batches, INDArray l2Term, INDArray l1Term,
                              java.util.function.Consumer<double[]> sink) {
        if (batched(batches)) {
            DenseBatchGradients.Pass pass = dense.get().pass(theta, MiniBatch.concat(batches));
            int row = 0;
            for (MiniBatch b : batches) {
                // each minibatch's gradient lives in a reused workspace while it is read
                try (MemoryWorkspace ws = PassWorkspace.open()) {
                    sink.accept(pass.gradientSum(row, row + b.size()).divi(b.size()).addi(l2Term).addi(l1Term)
                            .toDoubleVector());
                }
                row += b.size();
            }
            return;
        }
        double[] regularisation = l2Term.add(l1Term).toDoubleVector();
        copy.setParams(theta.reshape(1, numParams));
        for (MiniBatch b : batches) {
            double[] g = copy.gradientSum(b.features(), b.labels()).toDoubleVector();
            for (int j = 0; j < g.length; j++) {
                g[j] = g[j] / b.size() + regularisation[j];
            }
            sink.accept(g);
        }
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
     * the other parameters held at {@code theta}, {@code L} being {@link #score}'s over the probe set's rows
     * ({@link LossSlices#slice}: each distinct example passed once, and on a MultiLayerNetwork only the layers from
     * the parameter's own).
     *
     * @param theta parameters (DOUBLE, length numParams), not modified
     * @param index flattened index of the parameter
     * @param offsets the offsets {@code t}
     */
    public double[] lossSlice(INDArray theta, MiniBatch probeSet, long index, double[] offsets) {
        return slices.slice(theta, probeSet, index, offsets);
    }

    /** Examples one point of {@link #lossSlice} passes through the network (to budget the slices). */
    public int sliceExamples(MiniBatch probeSet) {
        return slices.examplesPerPoint(probeSet);
    }

    /** About how many multiply-adds one example's forward pass takes on the copy (to budget repeated passes). */
    public double multiplyAddsPerExample(MiniBatch probeSet) {
        return copy.multiplyAddsPerExample(probeSet.features());
    }

    /**
     * Minibatch-mean gradients (regularisation included) of the tracked parameters at {@code theta}, one row per
     * minibatch in the given order: the raw material of the per-minibatch noises of a fixed cyclic epoch.
     */
    public double[][] batchGradients(INDArray theta, List<MiniBatch> batches, long[] tracked) {
        List<double[]> out = new java.util.ArrayList<>();
        forEachMinibatchMean(theta, batches, regularization.l2Term(theta), regularization.l1Term(theta),
                g -> out.add(TrackedValues.pick(g, tracked)));
        return out.toArray(new double[0][]);
    }

    /**
     * How {@link #hessianDiagonal(INDArray, MiniBatch, int, double, long, long[])} obtains the curvature on this
     * probe set: exactly ({@link GaussNewtonDiagonal}) for a dense stack with piecewise-linear hidden activations
     * and a supported output loss under the {@link GradientEngine#AUTO} engine; sampled
     * ({@link SampledGaussNewtonDiagonal}) where the Hessian diagonal is the Gauss-Newton one; otherwise by Hutchinson.
     */
    public CurvatureMethod curvatureMethod(MiniBatch probeSet) {
        return curvature.method(probeSet);
    }

    /**
     * Hessian diagonal of the probe-set mean training loss (regularisation included) at {@code theta}, by the
     * {@link #curvatureMethod} ({@link HessianDiagonal}). The exact value (the generalised Gauss-Newton diagonal,
     * which is the Hessian's almost everywhere for such networks) plus the L2 coefficient has standard error 0 and
     * leaves {@code probes}, {@code step} and {@code seed} unused. Hutchinson's estimator uses {@code probes}
     * Rademacher vectors and {@link FiniteDifference#FORWARD forward differences} of the probe-set mean gradient with
     * {@code r = step (1 + rms(theta))}: {@code probes + 1} gradient passes.
     *
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    public double[][] hessianDiagonal(INDArray theta, MiniBatch probeSet, int probes, double step, long seed,
                                      long[] tracked) {
        return curvature.estimate(theta, probeSet, probes, step, seed, tracked);
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

    /**
     * The sampled Gauss-Newton diagonal ({@link SampledGaussNewtonDiagonal}) with {@code examplesPerPass} examples
     * summed in each DL4J pass, whatever the {@link #curvatureMethod} (the listener's choice uses
     * {@link SampledGaussNewtonDiagonal#EXAMPLES_PER_PASS}).
     *
     * @throws IllegalStateException if the network's Hessian diagonal is not its Gauss-Newton diagonal
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    public double[][] sampledGaussNewtonDiagonal(INDArray theta, MiniBatch probeSet, int examplesPerPass, long seed,
                                                 long[] tracked) {
        return curvature.sampled(theta, probeSet, examplesPerPass, seed, tracked);
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
            return RegularizationTerms.addTo(dense.get().pass(theta, examples).perExampleValues(indices), indices,
                    regularization.l2Term(theta), regularization.l1Term(theta));
        }
        double[][] byIndex = new double[indices.length][m];
        for (int e = 0; e < m; e++) {
            double[] g = TrackedValues.pick(meanGradient(theta, examples.example(e)).toDoubleVector(), indices);
            for (int i = 0; i < indices.length; i++) {
                byIndex[i][e] = g[i];
            }
        }
        return byIndex;
    }

    /** The regularisation terms of the training objective. */
    RegularizationTerms regularization() {
        return regularization;
    }

    /** The Hessian-diagonal estimators on this engine. */
    HessianDiagonal curvature() {
        return curvature;
    }

    /** The probe copy (for estimators that need its passes). */
    DoublePrecisionCopy copy() {
        return copy;
    }
}
