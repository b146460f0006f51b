package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * The exact Hessian diagonal of dense stacks with piecewise-linear hidden activations ({@link GaussNewtonDiagonal}
 * through {@link GradientProbes#hessianDiagonal}) against central differences of DL4J's own gradient (the
 * {@link GradientEngine#DL4J_PASSES} engine) along unit vectors, L2 included; and which networks get it.
 */
class GaussNewtonDiagonalTest {

    private static final int EXAMPLES = 30;
    private static final int IN = 4;
    private static final int OUT = 3;
    /** Every hidden pre-activation of the test data is at least this far from the ReLU kink at 0. */
    private static final double KINK_MARGIN = 0.05;
    /** Finite-difference step factor: {@code r = STEP (1 + rms theta)}, about 1.3e-5 here. */
    private static final double STEP = 1e-5;

    /**
     * Each parameter's exact {@code h_ii} against {@code [g(theta + r e_i) - g(theta - r e_i)] / (2 r)}, DL4J's
     * gradient. With no pre-activation within {@value #KINK_MARGIN} of a kink, and a unit step moving any
     * pre-activation by at most {@code r |a| sum|W|} ~ 1e-4, the masks are the same at both points, so the loss is
     * smooth along the difference and the central difference errs by its truncation term
     * {@code r^2/6 |d^3 L / d theta_i^3|} ~ 3e-11 (third derivatives of order one, from softmax/sigmoid only) plus
     * rounding {@code ~ eps |g| sqrt(n) / r} ~ 1e-10 for double gradients of order one summed over 30 examples.
     * Tolerance: 1e-6 of {@code |h_ii|} (the brief's relative agreement) plus 1e-8 absolute, 100x that floor.
     */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @MethodSource("exactStacks")
    void exactDiagonalMatchesCentralDifferencesOfDl4jGradient(Activation h1, Activation h2, Activation out,
                                                              LossFunction loss, double l2) {
        MultiLayerNetwork net = mlp(h1, h2, out, loss, l2);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        GradientProbes exact = new GradientProbes(adapter, 0, 0);
        GradientProbes reference = new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch set = awayFromKinks(net, theta, loss, 21);
        assertEquals(CurvatureMethod.EXACT_GAUSS_NEWTON, exact.curvatureMethod(set), "a " + h1 + "/" + h2
                + " stack with " + out + "/" + loss + " gets the exact diagonal");
        assertEquals(CurvatureMethod.HUTCHINSON, reference.curvatureMethod(set), "DL4J_PASSES keeps Hutchinson");
        long[] all = new long[(int) net.numParams()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[][] h = exact.hessianDiagonal(theta, set, 2, 6e-6, 1, all);
        for (int i = 0; i < all.length; i++) {
            double fd = reference.hessianBlock(theta, set, new long[] {i}, STEP)[0][0];
            assertEquals(fd, h[i][0], 1e-6 * Math.abs(fd) + 1e-8, "exact h_ii of parameter " + i + " vs central"
                    + " differences of DL4J's gradient");
        }
        // the standard error over the probe set's examples: each example alone gives its own exact diagonal t_i, and
        // the batch's value is their mean, so its standard error is sd(t_i)/sqrt(m), computed here directly
        int m = set.size();
        double[][] perExample = new double[m][];
        for (int e = 0; e < m; e++) {
            perExample[e] = exact.hessianDiagonal(theta, set.example(e), 2, 6e-6, 1, all)[0].length == 0 ? null
                    : column(exact.hessianDiagonal(theta, set.example(e), 2, 6e-6, 1, all));
        }
        for (int i = 0; i < all.length; i++) {
            double mean = 0;
            for (double[] t : perExample) {
                mean += t[i] / m;
            }
            double ss = 0;
            for (double[] t : perExample) {
                ss += (t[i] - mean) * (t[i] - mean);
            }
            double se = Math.sqrt(ss / (m - 1) / m);
            // the same sums in another order; where the true se is ~0 (MSE output biases: every t_i = 2/nOut) the
            // one-pass variance sum t^2/m - mean^2 rounds to ~eps mean^2, whose root is ~1.5e-8 |h|: tolerance 1e-7 |h|
            assertEquals(se, h[i][1], 1e-7 * Math.abs(h[i][0]) + 1e-12, "standard error of h_ii, parameter " + i);
        }
    }

    /**
     * Hidden activations, output activation, loss and L2 of the stacks the exact probes take: every piecewise-linear
     * hidden activation and every supported output pair, with and without L2.
     */
    static Stream<Arguments> exactStacks() {
        return Stream.of(
                Arguments.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3),
                Arguments.of(Activation.LEAKYRELU, Activation.IDENTITY, Activation.SOFTMAX,
                        LossFunction.NEGATIVELOGLIKELIHOOD, 0.0),
                Arguments.of(Activation.RELU, Activation.LEAKYRELU, Activation.IDENTITY, LossFunction.MSE, 1e-2),
                Arguments.of(Activation.IDENTITY, Activation.RELU, Activation.SIGMOID, LossFunction.XENT, 1e-3));
    }

    private static double[] column(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }

    /**
     * A probe set that holds some examples several times (a reservoir drawn over several epochs) gets the diagonal
     * and standard error of its rows, though each distinct example is passed once: against the per-example exact
     * diagonals {@code t_i} counted as often as each row occurs, to rounding (sums in another order: 1e-12 relative
     * for the mean, 1e-7 of {@code |h|} for the SE as above). Rows 0-9 occur twice and rows 5-7 three times.
     */
    @Test
    void repeatedExamplesCountAsOftenAsTheProbeSetHoldsThem() {
        MultiLayerNetwork net = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch distinct = awayFromKinks(net, theta, LossFunction.MCXENT, 21);
        MiniBatch set = MiniBatch.concat(List.of(distinct, distinct.rows(0, 10), distinct.rows(5, 8)));
        int[] source = new int[set.size()];
        for (int r = 0; r < source.length; r++) {
            source[r] = r < EXAMPLES ? r : r < EXAMPLES + 10 ? r - EXAMPLES : r - EXAMPLES - 10 + 5;
        }
        long[] all = new long[(int) net.numParams()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[][] h = probes.hessianDiagonal(theta, set, 2, 6e-6, 1, all);
        double[][] perExample = new double[EXAMPLES][];
        for (int e = 0; e < EXAMPLES; e++) {
            perExample[e] = column(probes.hessianDiagonal(theta, distinct.example(e), 2, 6e-6, 1, all));
        }
        int m = set.size();
        for (int i = 0; i < all.length; i++) {
            double mean = 0;
            for (int r : source) {
                mean += perExample[r][i] / m;
            }
            double ss = 0;
            for (int r : source) {
                ss += (perExample[r][i] - mean) * (perExample[r][i] - mean);
            }
            double se = Math.sqrt(ss / (m - 1) / m);
            assertEquals(mean, h[i][0], 1e-12 * Math.abs(mean), "h_ii of parameter " + i + " over " + m + " rows");
            assertEquals(se, h[i][1], 1e-7 * Math.abs(h[i][0]) + 1e-12, "standard error of h_ii, parameter " + i);
        }
    }

    /**
     * The tracked entries summed from their per-example columns ({@link GaussNewtonDiagonal#trackedRows}, the path of
     * networks that track at most a sixteenth of their parameters) equal the GEMMs over every parameter, with and
     * without repeated rows: the same sums in another order, so the means agree to 1e-12 relative and the standard
     * errors, whose second moment less the squared mean cancels, to 1e-7 of {@code |h|} as above.
     */
    @Test
    void trackedEntriesFromTheirColumnsEqualTheProductsOverEveryParameter() {
        MultiLayerNetwork net = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch set = awayFromKinks(net, theta, LossFunction.MCXENT, 21);
        DenseStack stack = NetworkAdapter.of(net).denseStack().orElseThrow();
        GaussNewtonDiagonal gn = GaussNewtonDiagonal.of(stack, net.numParams(), ProbeThreads.SINGLE).orElseThrow();
        DenseBatchGradients.Forward f = DenseBatchGradients.forward(stack, theta, set.features());
        double[] counts = new double[set.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + i % 3;
        }
        long[] all = new long[(int) net.numParams()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (double[] c : new double[][] {null, counts}) {
            INDArray mean = gn.diagonal(f, c);
            double[] se = gn.standardError(f, mean).toDoubleVector();
            double[] h = mean.toDoubleVector();
            double[][] rows = gn.trackedRows(f, c, all);
            for (int i = 0; i < all.length; i++) {
                String what = "parameter " + i + (c == null ? "" : ", repeated rows");
                assertEquals(h[i], rows[i][0], 1e-12 * Math.abs(h[i]) + 1e-15, "h_ii of " + what);
                assertEquals(se[i], rows[i][1], 1e-7 * Math.abs(h[i]) + 1e-12, "standard error of " + what);
            }
        }
    }

    /** L2 adds its coefficient to the weights' curvature and nothing to the biases' (DL4J's .l2 skips biases). */
    @Test
    void l2AddsItsCoefficientToWeightsOnly() {
        double l2 = 0.25;
        MultiLayerNetwork with = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, l2);
        MultiLayerNetwork without = mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 0);
        INDArray theta = with.params().castTo(DataType.DOUBLE).dup().reshape(with.numParams());
        MiniBatch set = awayFromKinks(with, theta, LossFunction.MCXENT, 5);
        long[] idx = {0, with.getParam("0_W").length(), with.numParams() - 1};
        double[][] a = new GradientProbes(NetworkAdapter.of(with), 0, 0).hessianDiagonal(theta, set, 2, 6e-6, 1, idx);
        double[][] b = new GradientProbes(NetworkAdapter.of(without), 0, 0).hessianDiagonal(theta, set, 2, 6e-6, 1,
                idx);
        // the same data term computed twice: equal up to the rounding of adding 0.25, ~1e-16
        assertEquals(b[0][0] + l2, a[0][0], 1e-14, "weight 0_W[0][0]: data curvature + l2");
        assertEquals(b[1][0], a[1][0], 1e-14, "bias 0_b[0]: no L2");
        assertEquals(b[2][0], a[2][0], 1e-14, "bias of the output layer: no L2");
    }

    /** Hutchinson stays for smooth hidden activations, unsupported output pairs and weighted losses. */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}")
    @CsvSource({
        "TANH,    RELU,     SOFTMAX,  MCXENT",
        "RELU,    SIGMOID,  SOFTMAX,  MCXENT",
        "RELU,    RELU,     SOFTMAX,  MSE",
        "RELU,    RELU,     TANH,     MSE",
        "RELU,    RELU,     IDENTITY, L2",
    })
    void otherNetworksKeepHutchinson(Activation h1, Activation h2, Activation out, LossFunction loss) {
        MultiLayerNetwork net = mlp(h1, h2, out, loss, 0);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        MiniBatch set = data(loss, 3, EXAMPLES);
        assertTrue(probes.batched(List.of(set)), "still a dense stack on the batched engine");
        assertEquals(CurvatureMethod.HUTCHINSON, probes.curvatureMethod(set), h1 + "/" + h2 + " with " + out + "/"
                + loss + " is not eligible");
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        double[][] h = probes.hessianDiagonal(theta, set, 4, 6e-6, 1, new long[] {0, 1});
        assertTrue(h[0][1] > 0, "Hutchinson's estimate carries a positive standard error, was " + h[0][1]);
    }

    @Test
    void weightedCrossEntropyKeepsHutchinson() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(1.0, 2.0, 0.5))).nIn(5).nOut(OUT)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        assertEquals(CurvatureMethod.HUTCHINSON, probes.curvatureMethod(data(LossFunction.MCXENT, 3, EXAMPLES)),
                "a class-weighted MCXENT has another output Hessian");
    }

    static MultiLayerNetwork mlp(Activation h1, Activation h2, Activation out, LossFunction loss, double l2) {
        MultiLayerNetwork net = DenseTestNetworks.mlp(IN, 5, h1, h2, out, loss, l2, 0);
        // non-zero biases, so that ReLU units are not all switched by the same hyperplanes through the origin
        Random rnd = new Random(3);
        for (String key : List.of("0_b", "1_b", "2_b")) {
            INDArray bias = net.getParam(key);
            for (long k = 0; k < bias.length(); k++) {
                bias.putScalar(k, 0.3 * rnd.nextGaussian());
            }
        }
        return net;
    }

    /**
     * {@value #EXAMPLES} examples whose hidden pre-activations at {@code theta} are all at least {@value #KINK_MARGIN}
     * from 0 (candidates closer are skipped), so that no ReLU mask changes within the finite-difference step.
     */
    static MiniBatch awayFromKinks(MultiLayerNetwork net, INDArray theta, LossFunction loss, long seed) {
        MiniBatch candidates = data(loss, seed, 20 * EXAMPLES);
        List<Integer> kept = new ArrayList<>();
        INDArray a = candidates.features();
        INDArray minDistance = Nd4j.valueArrayOf(new long[] {a.size(0)}, Double.POSITIVE_INFINITY, DataType.DOUBLE);
        for (int l = 0; l < net.getnLayers() - 1; l++) {
            INDArray w = net.getParam(l + "_W").castTo(DataType.DOUBLE);
            INDArray b = net.getParam(l + "_b").castTo(DataType.DOUBLE);
            INDArray z = a.mmul(w).addiRowVector(b);
            minDistance = Nd4j.math.min(minDistance, org.nd4j.linalg.ops.transforms.Transforms.abs(z, true).min(1));
            a = ((FeedForwardLayer) net.getLayer(l).conf().getLayer()).getActivationFn().getActivation(z, false);
        }
        for (int i = 0; i < a.size(0) && kept.size() < EXAMPLES; i++) {
            if (minDistance.getDouble(i) >= KINK_MARGIN) {
                kept.add(i);
            }
        }
        assertEquals(EXAMPLES, kept.size(), "enough candidates away from the kinks");
        double[][] x = new double[EXAMPLES][];
        double[][] y = new double[EXAMPLES][];
        for (int i = 0; i < EXAMPLES; i++) {
            x[i] = candidates.features().getRow(kept.get(i)).toDoubleVector();
            y[i] = candidates.labels().getRow(kept.get(i)).toDoubleVector();
        }
        assertEquals(theta.length(), net.numParams(), "theta is the network's parameter vector");
        return new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    /** Gaussian features; Gaussian targets for MSE/L2, one-hot labels otherwise. */
    static MiniBatch data(LossFunction loss, long seed, int n) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][IN];
        double[][] y = new double[n][OUT];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < IN; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            if (loss == LossFunction.MSE || loss == LossFunction.L2) {
                for (int c = 0; c < OUT; c++) {
                    y[i][c] = rnd.nextGaussian();
                }
            } else {
                y[i][rnd.nextInt(OUT)] = 1.0;
            }
        }
        return new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }
}
