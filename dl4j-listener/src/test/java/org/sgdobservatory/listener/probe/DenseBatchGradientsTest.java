package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.LinearRegressionFixture;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The batched dense engine ({@link DenseBatchGradients}, {@link PerExampleMoments}) against DL4J's own passes
 * ({@link GradientEngine#DL4J_PASSES}, the probes as they were): the same values up to rounding on small dense
 * MLPs, and the same path (bitwise the same results) on networks that are not dense stacks.
 */
class DenseBatchGradientsTest {

    /**
     * Double precision everywhere; the two engines differ only in summation order (BLAS GEMMs against DL4J's
     * per-example passes and Pebay's streaming moments), ~1e-15 relative, and in the power-sum formulas of
     * {@link PerExampleMoments}, which are used only where they lose less than ~4e-13. 1e-10 leaves room for
     * sums over 40 examples and the division by M2^2 in the kurtosis.
     */
    private static final double RELATIVE = 1e-10;

    private static final int EXAMPLES = 40;
    private static final int BATCH = 8;

    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @CsvSource({
        "RELU,     TANH,     SOFTMAX,  MCXENT, 1e-3",
        "SIGMOID,  IDENTITY, IDENTITY, MSE,    1e-2",
        "TANH,     RELU,     SIGMOID,  XENT,   0",
    })
    void batchedEngineMatchesDl4jPasses(Activation h1, Activation h2, Activation out, LossFunction loss, double l2) {
        MultiLayerNetwork net = mlp(h1, h2, out, loss, l2);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        assertTrue(adapter.denseStack().isPresent(), "a plain DenseLayer/OutputLayer MLP is a dense stack");
        GradientProbes batched = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        Data data = data(loss, 11);
        assertTrue(batched.batched(data.batches), "the AUTO engine takes the batched path");
        assertFalse(reference.batched(data.batches), "DL4J_PASSES never takes the batched path");
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());

        NoiseProbeResult a = batched.gradientNoise(theta, data.batches, data.all, EXAMPLES, all);
        NoiseProbeResult b = reference.gradientNoise(theta, data.batches, data.all, EXAMPLES, all);
        assertEquals(b.minibatches(), a.minibatches(), "minibatches used");
        assertEquals(b.examples(), a.examples(), "examples used");
        for (int i = 0; i < all.length; i++) {
            assertClose(b.minibatchVariance(i), a.minibatchVariance(i), "minibatch variance of parameter " + i);
            assertClose(b.perExampleVariance(i), a.perExampleVariance(i), "per-example variance of parameter " + i);
            assertClose(b.perExampleExcessKurtosis(i), a.perExampleExcessKurtosis(i),
                    "per-example excess kurtosis of parameter " + i);
            assertClose(b.tailIndex(i), a.tailIndex(i), "tail index of parameter " + i);
        }
        for (MiniBatch batch : List.of(data.all, data.batches.get(0), data.all.example(3))) {
            assertVectorsClose(reference.meanGradient(theta, batch).toDoubleVector(),
                    batched.meanGradient(theta, batch).toDoubleVector(), "mean gradient on " + batch);
        }
        double[][] ga = batched.batchGradients(theta, data.batches, all);
        double[][] gb = reference.batchGradients(theta, data.batches, all);
        for (int k = 0; k < ga.length; k++) {
            assertVectorsClose(gb[k], ga[k], "gradient of minibatch " + k);
        }
        long[] group = {0, 7, net.numParams() - 1};
        double[][] ca = batched.noiseCovarianceBlock(theta, data.all, EXAMPLES, group, BATCH);
        double[][] cb = reference.noiseCovarianceBlock(theta, data.all, EXAMPLES, group, BATCH);
        for (int i = 0; i < group.length; i++) {
            assertVectorsClose(cb[i], ca[i], "noise covariance row " + i);
        }
    }

    /**
     * A network too large for stacked minibatch gradients ({@code K x P} above {@link NoiseProbe#STACKED_GRADIENTS_CAP})
     * with a reservoir that repeats examples (40 rows of 17 examples, as a reservoir drawn over several epochs holds
     * them) takes one pass over the distinct examples: minibatch sums from the tracked parameters' per-example columns
     * and the per-example part from that pass's rows, its moments from the same columns by two passes (160 tracked of
     * 1.2M parameters; the test above, every parameter tracked, takes the power sums). Its results are DL4J's passes
     * over the rows, to rounding.
     */
    @Test
    void aRepeatingReservoirOnALargeNetworkIsPassedOnceThroughItsDistinctExamples() {
        int in = 6000;
        MultiLayerNetwork net = DenseTestNetworks.mlp(in, 200, Activation.RELU, Activation.TANH, Activation.SOFTMAX,
                LossFunction.MCXENT, 1e-3, 0);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        GradientProbes batched = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        Random rnd = new Random(5);
        double[][] x = new double[17][in];
        double[][] y = new double[17][DenseTestNetworks.OUT];
        for (int e = 0; e < 17; e++) {
            for (int j = 0; j < in; j++) {
                x[e][j] = rnd.nextGaussian();
            }
            y[e][rnd.nextInt(DenseTestNetworks.OUT)] = 1;
        }
        int[] rows = new int[EXAMPLES];
        for (int r = 0; r < EXAMPLES; r++) {
            rows[r] = (r * 7) % 17;
        }
        MiniBatch all = new MiniBatch(Nd4j.pullRows(Nd4j.createFromArray(x), 1, rows),
                Nd4j.pullRows(Nd4j.createFromArray(y), 1, rows));
        List<MiniBatch> batches = new ArrayList<>();
        for (int k = 0; k < EXAMPLES / 4; k++) {
            batches.add(new MiniBatch(all.rows(4 * k, 4 * k + 4).features(), all.rows(4 * k, 4 * k + 4).labels()));
        }
        MiniBatch reservoir = MiniBatch.concat(batches);
        assertTrue(batched.batched(batches), "the dense engine takes these batches");
        assertFalse(NoiseProbe.stackedVariance(batched, batches), "10 x 1.2M doubles are over the stacking cap");
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long p = net.numParams();
        long[] tracked = new long[160];
        for (int i = 0; i < 150; i++) {
            tracked[i] = i * (p / 150) + i % 7;
        }
        for (int i = 150; i < 160; i++) {
            tracked[i] = p - 160 + i; // the last layers' weights and the output biases
        }
        assertTrue((long) tracked.length * PerExampleMoments.COLUMNS_FRACTION <= p, "the per-example column path");
        NoiseProbeResult a = batched.gradientNoise(theta, batches, reservoir, EXAMPLES, tracked);
        NoiseProbeResult b = reference.gradientNoise(theta, batches, reservoir, EXAMPLES, tracked);
        assertEquals(b.examples(), a.examples(), "examples used");
        for (int i = 0; i < tracked.length; i++) {
            assertClose(b.minibatchVariance(i), a.minibatchVariance(i), "minibatch variance of parameter " + tracked[i]);
            assertClose(b.perExampleVariance(i), a.perExampleVariance(i), "per-example variance of " + tracked[i]);
            assertClose(b.perExampleExcessKurtosis(i), a.perExampleExcessKurtosis(i), "kurtosis of " + tracked[i]);
            assertClose(b.tailIndex(i), a.tailIndex(i), "tail index of " + tracked[i]);
        }
        // the minibatches alone, with per-example examples that are not their concatenation
        NoiseProbeResult c = batched.gradientNoise(theta, batches, all.rows(0, 12), 12, tracked);
        for (int i = 0; i < tracked.length; i++) {
            assertClose(b.minibatchVariance(i), c.minibatchVariance(i), "minibatch variance alone, " + tracked[i]);
        }
    }

    /**
     * Forward differences against central ones, same probe vectors (same seed). Their difference per probe is the
     * truncation term {@code (r/2) v_i D^3L[e_i, v, v]} (mean zero over Rademacher v) plus rounding
     * {@code ~ eps |g| / r ~ 4e-11 |g|}; with {@code r = 6e-6 (1 + rms theta)} and third derivatives of order one
     * that is ~1e-5 per probe, far below the spread of Hutchinson's estimate itself (its standard error, ~0.01 to
     * 0.1 here). Asserted: the two estimates differ by less than 1e-3 of that standard error.
     */
    @Test
    void forwardDifferencesAgreeWithCentralWithinAFractionOfTheStandardError() {
        MultiLayerNetwork net = mlp(Activation.TANH, Activation.SIGMOID, Activation.SOFTMAX, LossFunction.MCXENT,
                1e-3);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        MiniBatch set = data(LossFunction.MCXENT, 5).all;
        double[][] fwd = probes.hessianDiagonal(theta, set, 16, 6e-6, 3, all, FiniteDifference.FORWARD);
        double[][] cen = probes.hessianDiagonal(theta, set, 16, 6e-6, 3, all, FiniteDifference.CENTRAL);
        for (int i = 0; i < all.length; i++) {
            assertEquals(cen[i][0], fwd[i][0], 1e-3 * cen[i][1] + 1e-9,
                    "forward vs central Hutchinson estimate of parameter " + i);
        }
    }

    /** The two engines give the same Hutchinson estimates: one batched pass vs one DL4J pass per gradient. */
    @Test
    void hutchinsonIsTheSameUnderBothEngines() {
        MultiLayerNetwork net = mlp(Activation.RELU, Activation.TANH, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        MiniBatch set = data(LossFunction.MCXENT, 5).all;
        double[][] a = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO)
                .hessianDiagonal(theta, set, 8, 6e-6, 3, all);
        double[][] b = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES)
                .hessianDiagonal(theta, set, 8, 6e-6, 3, all);
        for (int i = 0; i < all.length; i++) {
            // gradients agree to ~1e-15 |g|; the difference quotient divides by r ~ 6e-6: ~1e-10 |g|, with |g| < 1
            assertEquals(b[i][0], a[i][0], 1e-8, "Hutchinson estimate of parameter " + i);
        }
    }

    /** A network with dropout is not a dense stack: AUTO takes DL4J's passes and gives bitwise today's results. */
    @Test
    void dropoutNetworkFallsBackToDl4jPasses() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        assertSameAsReference(net, data(LossFunction.MCXENT, 2));
    }

    /** A ComputationGraph is never a dense stack: AUTO takes DL4J's passes and gives bitwise today's results. */
    @Test
    void computationGraphFallsBackToDl4jPasses() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        var all = fx.dataSet(DataType.DOUBLE);
        List<MiniBatch> batches = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            batches.add(new MiniBatch(all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k * 8,
                    k * 8 + 8)), all.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k * 8, k * 8 + 8))));
        }
        assertSameAsReference(fx.graph(new Sgd(0.01), 3), new Data(batches, MiniBatch.concat(batches)));
    }

    private static void assertSameAsReference(Model net, Data data) {
        NetworkAdapter adapter = NetworkAdapter.of(net);
        assertTrue(adapter.denseStack().isEmpty(), "not a dense stack: " + adapter);
        GradientProbes auto = new GradientProbes(adapter, 0, 0, GradientEngine.AUTO);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        assertFalse(auto.batched(data.batches), "AUTO falls back to DL4J's passes");
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        long[] all = allIndices(net.numParams());
        Nd4j.getRandom().setSeed(99);
        NoiseProbeResult a = auto.gradientNoise(theta, data.batches, data.all, EXAMPLES, all);
        Nd4j.getRandom().setSeed(99);
        NoiseProbeResult b = reference.gradientNoise(theta, data.batches, data.all, EXAMPLES, all);
        for (int i = 0; i < all.length; i++) {
            assertEquals(b.minibatchVariance(i), a.minibatchVariance(i), 0.0, "minibatch variance " + i);
            assertEquals(b.perExampleVariance(i), a.perExampleVariance(i), 0.0, "per-example variance " + i);
            assertEquals(b.perExampleExcessKurtosis(i), a.perExampleExcessKurtosis(i), 0.0, "kurtosis " + i);
            assertEquals(b.tailIndex(i), a.tailIndex(i), 0.0, "tail index " + i);
        }
        Nd4j.getRandom().setSeed(99);
        // Hutchinson explicitly: AUTO gives this graph the sampled Gauss-Newton diagonal, DL4J_PASSES keeps Hutchinson
        double[][] ha = auto.hessianDiagonal(theta, data.all, 4, 6e-6, 1, all, FiniteDifference.FORWARD);
        Nd4j.getRandom().setSeed(99);
        double[][] hb = reference.hessianDiagonal(theta, data.all, 4, 6e-6, 1, all, FiniteDifference.FORWARD);
        for (int i = 0; i < all.length; i++) {
            assertArrayEquals(hb[i], ha[i], 0.0, "Hutchinson row " + i);
        }
    }

    private static void assertClose(double expected, double actual, String message) {
        if (Double.isNaN(expected)) {
            assertEquals(expected, actual, message + ": NaN on both paths");
            return;
        }
        assertEquals(expected, actual, RELATIVE * Math.abs(expected) + 1e-300, message);
    }

    private static void assertVectorsClose(double[] expected, double[] actual, String message) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            // a gradient's components cancel in sums over examples: relative to the largest component
            assertEquals(expected[i], actual[i], 1e-12 * scale, message + ", component " + i);
        }
    }

    private static MultiLayerNetwork mlp(Activation h1, Activation h2, Activation out, LossFunction loss, double l2) {
        return DenseTestNetworks.mlp(5, 6, h1, h2, out, loss, l2, 0);
    }

    private record Data(List<MiniBatch> batches, MiniBatch all) {
    }

    /** {@value #EXAMPLES} Gaussian examples in minibatches of {@value #BATCH}; one-hot labels for MCXENT/XENT. */
    private static Data data(LossFunction loss, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[EXAMPLES][5];
        double[][] y = new double[EXAMPLES][3];
        for (int i = 0; i < EXAMPLES; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            if (loss == LossFunction.MSE) {
                for (int c = 0; c < 3; c++) {
                    y[i][c] = rnd.nextGaussian();
                }
            } else {
                y[i][rnd.nextInt(3)] = 1.0;
            }
        }
        MiniBatch all = new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        List<MiniBatch> batches = new ArrayList<>();
        for (int k = 0; k < EXAMPLES / BATCH; k++) {
            batches.add(new MiniBatch(all.rows(k * BATCH, (k + 1) * BATCH).features(),
                    all.rows(k * BATCH, (k + 1) * BATCH).labels()));
        }
        return new Data(batches, all);
    }

    private static long[] allIndices(long n) {
        long[] out = new long[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }
}
