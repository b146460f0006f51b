package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * The shared path of the probes ({@link GradientProbes#noiseAndCurvature}: one forward pass for the exact Hessian
 * diagonal and the noise probe, one backward pass for both parts of the noise probe, the per-example part on the
 * pass's first rows, the tail index on the examples with a non-zero input) against the same probes called
 * separately, each on its own passes, and against DL4J's own per-example passes. The inputs are half zeros (as
 * ReLU activations and image pixels are), so the active-input path skips examples.
 */
class NoiseAndCurvatureTest {

    /**
     * Double precision everywhere; the paths differ in which GEMMs produce the rows (a pass over 40 rows against
     * one over the first 24) and in summation order, ~1e-15 relative, amplified at most by the division by M2^2
     * in the kurtosis: 1e-10, as in {@code DenseBatchGradientsTest}.
     */
    private static final double RELATIVE = 1e-10;

    private static final int BATCH = 8;
    private static final int BATCHES = 5;
    /** Fewer than the 40 reservoir examples, so the per-example part reads the head of the shared pass. */
    private static final int PER_EXAMPLE = 24;
    private static final int IN = 6;
    private static final int OUT = 3;

    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @CsvSource({
        "RELU,      RELU,     SOFTMAX,  MCXENT, 1e-3",
        "LEAKYRELU, IDENTITY, IDENTITY, MSE,    0",
        "RELU,      RELU,     SIGMOID,  XENT,   1e-2",
    })
    void sharedPassGivesTheValuesOfTheSeparateProbes(Activation h1, Activation h2, Activation out, LossFunction loss,
                                                     double l2) {
        MultiLayerNetwork net = mlp(h1, h2, out, loss, l2);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        GradientProbes probes = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        List<MiniBatch> reservoir = reservoir(loss, 5);
        MiniBatch examples = MiniBatch.concat(reservoir);
        // the same rows, not made by concat: the separate passes
        MiniBatch copy = new MiniBatch(examples.features(), examples.labels());
        assertTrue(examples.concatenates(reservoir), "the shared path applies to the concatenated reservoir");
        assertFalse(copy.concatenates(reservoir), "a copy is not known to be the concatenation");

        NoiseAndCurvature shared = probes.noiseAndCurvature(theta, reservoir, examples, PER_EXAMPLE, all, 4, 6e-6, 1);
        NoiseProbeResult separate = probes.gradientNoise(theta, reservoir, copy, PER_EXAMPLE, all);
        NoiseProbeResult onePass = probes.gradientNoise(theta, reservoir, examples, PER_EXAMPLE, all);
        NoiseProbeResult dl4j = reference.gradientNoise(theta, reservoir, copy, PER_EXAMPLE, all);
        double[][] exact = probes.hessianDiagonal(theta, copy, 4, 6e-6, 1, all);

        assertEquals(CurvatureMethod.EXACT_GAUSS_NEWTON, shared.curvatureMethod(), "exact for this network");
        for (NoiseProbeResult expected : List.of(separate, dl4j)) {
            assertSameNoise(expected, shared.noise(), all.length);
            assertSameNoise(expected, onePass, all.length);
        }
        for (int i = 0; i < all.length; i++) {
            assertClose(exact[i][0], shared.curvature(i), "Hessian diagonal of parameter " + i);
            assertClose(exact[i][1], shared.curvatureStandardError(i), "standard error over the probe set, parameter "
                    + i);
        }
    }

    /**
     * The reservoir of a network too large to stack its minibatch gradients, as the wide MLP's is (here: minibatches of
     * unequal sizes, which do not stack either), with a minibatch kept twice: one forward pass over the distinct
     * examples serves the diagonal and one backward pass the noise probe, with the values of the separate probes.
     */
    @Test
    void distinctExamplesPassGivesTheValuesOfTheSeparateProbes() {
        MultiLayerNetwork net = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        GradientProbes probes = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        List<MiniBatch> kept = reservoir(LossFunction.MCXENT, 13);
        List<MiniBatch> reservoir = new ArrayList<>(kept.subList(0, BATCHES - 1));
        reservoir.add(kept.get(BATCHES - 1).rows(0, BATCH - 3));
        reservoir.add(kept.get(1));
        MiniBatch examples = MiniBatch.concat(reservoir);
        MiniBatch copy = new MiniBatch(examples.features(), examples.labels());
        assertFalse(NoiseProbe.stackedVariance(probes, reservoir), "unequal minibatches are not stacked");

        NoiseAndCurvature shared = probes.noiseAndCurvature(theta, reservoir, examples, PER_EXAMPLE, all, 4, 6e-6, 1);
        NoiseProbeResult separate = probes.gradientNoise(theta, reservoir, copy, PER_EXAMPLE, all);
        NoiseProbeResult dl4j = reference.gradientNoise(theta, reservoir, copy, PER_EXAMPLE, all);
        double[][] exact = probes.hessianDiagonal(theta, copy, 4, 6e-6, 1, all);

        assertEquals(CurvatureMethod.EXACT_GAUSS_NEWTON, shared.curvatureMethod(), "exact for this network");
        assertSameNoise(separate, shared.noise(), all.length);
        assertSameNoise(dl4j, shared.noise(), all.length);
        for (int i = 0; i < all.length; i++) {
            assertClose(exact[i][0], shared.curvature(i), "Hessian diagonal of parameter " + i);
            assertClose(exact[i][1], shared.curvatureStandardError(i), "standard error over the probe set, parameter "
                    + i);
        }
    }

    /** A tanh network keeps Hutchinson: the call is then the two separate probes, bitwise (same seed). */
    @Test
    void otherNetworksGetTheSeparateProbes() {
        MultiLayerNetwork net = mlp(Activation.TANH, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 0);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        List<MiniBatch> reservoir = reservoir(LossFunction.MCXENT, 7);
        MiniBatch examples = MiniBatch.concat(reservoir);

        NoiseAndCurvature shared = probes.noiseAndCurvature(theta, reservoir, examples, PER_EXAMPLE, all, 4, 6e-6, 3);
        NoiseProbeResult noise = probes.gradientNoise(theta, reservoir, examples, PER_EXAMPLE, all);
        double[][] hutchinson = probes.hessianDiagonal(theta, examples, 4, 6e-6, 3, all);

        assertEquals(CurvatureMethod.HUTCHINSON, shared.curvatureMethod(), "tanh hidden layer: Hutchinson");
        for (int i = 0; i < all.length; i++) {
            assertEquals(noise.minibatchVariance(i), shared.noise().minibatchVariance(i), 0.0, "minibatch var " + i);
            assertEquals(noise.perExampleVariance(i), shared.noise().perExampleVariance(i), 0.0, "variance " + i);
            assertEquals(noise.tailIndex(i), shared.noise().tailIndex(i), 0.0, "tail index " + i);
            assertArrayEquals(hutchinson[i], new double[] {shared.curvature(i), shared.curvatureStandardError(i)},
                    0.0, "Hutchinson row " + i);
        }
    }

    /**
     * The active-input view hands, per parameter, the same multiset of values as the full view: the values on the
     * active rows plus {@code zeros} exact zeros. Compared sorted, exactly (the same products).
     */
    @Test
    void activeInputsAreTheFullValuesWithoutTheZeros() {
        MultiLayerNetwork net = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 0);
        DenseBatchGradients dense = new DenseBatchGradients(NetworkAdapter.of(net).denseStack().orElseThrow(),
                net.numParams());
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch examples = MiniBatch.concat(reservoir(LossFunction.MCXENT, 9));
        DenseBatchGradients.Pass pass = dense.pass(theta, examples);
        long[] all = allIndices(net.numParams());
        double[][] full = pass.perExampleValues(all);
        int[] skipped = {0};
        pass.columns().forEachOnActiveInputs(all, (values, length, zeros, q) -> {
            assertEquals(examples.size(), length + zeros, "every example accounted for, parameter " + q);
            double[] rebuilt = new double[length + zeros];
            System.arraycopy(values, 0, rebuilt, 0, length);
            double[] expected = full[q].clone();
            Arrays.sort(rebuilt);
            Arrays.sort(expected);
            for (int i = 0; i < expected.length; i++) {
                // -0.0 and 0.0 are the same value here (0 * negative delta)
                assertEquals(expected[i] + 0.0, rebuilt[i] + 0.0, 0.0, "parameter " + q + ", value " + i);
            }
            skipped[0] += zeros;
        });
        assertTrue(skipped[0] > 0, "half-zero inputs: some examples are skipped");
    }

    /**
     * The tail index of {@code values} plus implicit zeros is the tail index of the materialised samples (the same
     * k + 1 largest deviations, whatever the order): exactly equal.
     */
    @Test
    void tailIndexWithImplicitZerosEqualsTheMaterialisedSamples() {
        Random rnd = new Random(17);
        for (int zeros : new int[] {0, 3, 100, 400}) {
            double[] values = new double[512 - zeros];
            for (int i = 0; i < values.length; i++) {
                values[i] = rnd.nextGaussian() / Math.max(0.05, Math.abs(rnd.nextGaussian()));
            }
            double[] samples = Arrays.copyOf(values, 512);
            double mean = Arrays.stream(samples).sum() / samples.length;
            assertEquals(TailIndex.ofDeviations(samples, mean),
                    TailIndex.ofDeviations(values, values.length, zeros, mean), 0.0, zeros + " zeros");
        }
    }

    /**
     * A NaN among the values goes to {@link org.sgdobservatory.listener.stats.HillEstimator}, which ignores it; the
     * buffer may be longer than {@code length} (a reused one), and what lies beyond must not be read.
     */
    @Test
    void tailIndexWithImplicitZerosReadsOnlyItsValues() {
        Random rnd = new Random(23);
        double[] values = new double[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextGaussian();
        }
        values[5] = Double.NaN;
        double[] buffer = Arrays.copyOf(values, 512);
        Arrays.fill(buffer, 300, 512, 1e9);
        double[] samples = Arrays.copyOf(values, 512);
        assertEquals(org.sgdobservatory.listener.stats.HillEstimator.tailIndexOfDeviations(samples).value(),
                TailIndex.ofDeviations(buffer, 300, 212, Double.NaN), 0.0, "NaN: HillEstimator on the samples");
        double[] finite = Arrays.copyOf(buffer, 512);
        finite[5] = 0.25;
        double[] finiteSamples = Arrays.copyOf(samples, 512);
        finiteSamples[5] = 0.25;
        double mean = Arrays.stream(finiteSamples).sum() / 512;
        assertEquals(TailIndex.ofDeviations(finiteSamples, mean), TailIndex.ofDeviations(finite, 300, 212, mean),
                0.0, "finite: only the first 300 values and 212 zeros");
    }

    /** A batch knows which list it concatenates: the same batch objects in the same order. */
    @Test
    void concatenationIsRecognisedByIdentity() {
        List<MiniBatch> reservoir = reservoir(LossFunction.MCXENT, 11);
        MiniBatch examples = MiniBatch.concat(reservoir);
        List<MiniBatch> reversed = new ArrayList<>(reservoir);
        java.util.Collections.reverse(reversed);
        assertTrue(examples.concatenates(reservoir), "the list it was made from");
        assertTrue(examples.concatenates(new ArrayList<>(reservoir)), "another list of the same batches");
        assertFalse(examples.concatenates(reversed), "the same batches in another order");
        assertFalse(examples.concatenates(reservoir.subList(0, 2)), "a prefix");
        assertFalse(examples.rows(0, 8).concatenates(reservoir.subList(0, 1)), "rows of it");
    }

    private static void assertSameNoise(NoiseProbeResult expected, NoiseProbeResult actual, int n) {
        assertEquals(expected.minibatches(), actual.minibatches(), "minibatches used");
        assertEquals(expected.examples(), actual.examples(), "examples used");
        assertEquals(expected.miniBatchSize(), actual.miniBatchSize(), "minibatch size");
        for (int i = 0; i < n; i++) {
            assertClose(expected.minibatchVariance(i), actual.minibatchVariance(i), "minibatch variance " + i);
            assertClose(expected.perExampleVariance(i), actual.perExampleVariance(i), "per-example variance " + i);
            assertClose(expected.perExampleExcessKurtosis(i), actual.perExampleExcessKurtosis(i), "kurtosis " + i);
            assertClose(expected.tailIndex(i), actual.tailIndex(i), "tail index " + i);
        }
    }

    private static void assertClose(double expected, double actual, String message) {
        if (Double.isNaN(expected)) {
            assertEquals(expected, actual, message + ": NaN on both paths");
            return;
        }
        assertEquals(expected, actual, RELATIVE * Math.abs(expected) + 1e-300, message);
    }

    private static MultiLayerNetwork mlp(Activation h1, Activation h2, Activation out, LossFunction loss, double l2) {
        return DenseTestNetworks.mlp(IN, 5, h1, h2, out, loss, l2, 0.1);
    }

    /**
     * {@value #BATCHES} minibatches of {@value #BATCH}: features max(0, Gaussian), half of them exactly 0 as
     * pixels and ReLU activations are; Gaussian targets for MSE, one-hot labels otherwise.
     */
    private static List<MiniBatch> reservoir(LossFunction loss, long seed) {
        Random rnd = new Random(seed);
        List<MiniBatch> out = new ArrayList<>();
        for (int k = 0; k < BATCHES; k++) {
            double[][] x = new double[BATCH][IN];
            double[][] y = new double[BATCH][OUT];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < IN; j++) {
                    x[i][j] = Math.max(0, rnd.nextGaussian());
                }
                if (loss == LossFunction.MSE) {
                    for (int c = 0; c < OUT; c++) {
                        y[i][c] = rnd.nextGaussian();
                    }
                } else {
                    y[i][rnd.nextInt(OUT)] = 1.0;
                }
            }
            out.add(new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return out;
    }

    private static long[] allIndices(long n) {
        long[] out = new long[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }
}
