package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * Each example's exact directional derivatives ({@link DenseHessianProduct#exampleDerivatives}) against central
 * differences of DL4J's own per-example losses, on data whose hidden pre-activations stay 0.05 or more from every
 * kink, for the four hidden/output combinations of {@link GaussNewtonDiagonalTest}.
 */
class DenseHessianProductTest {

    /**
     * With {@code e = 1e-4 (1 + ||theta||) / ||w||} (a step {@code e ||w||} of about 4e-4 here) a pre-activation moves
     * by at most about 1e-3, so the
     * masks stay put and the differences err by truncation, {@code e^2/6 |D^3 l|} ~ 3e-8 for the first and
     * {@code e^2/12 |D^4 l|} ~ 1e-8 for the second (derivatives of order one, from the output), plus rounding,
     * {@code 1e-16 l / e} ~ 3e-13 and {@code 1e-16 l / e^2} ~ 6e-10. Tolerance {@code 1e-6 (|value| + scale)}, the
     * scale being the largest {@code |d_i|} or {@code |q_i|}: 30x those; a missing second-order term
     * ({@code 2 R a V}, or the output's {@code d . R2 z}) is of order one.
     */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @MethodSource("org.sgdobservatory.listener.probe.GaussNewtonDiagonalTest#exactStacks")
    void exampleDerivativesMatchCentralDifferencesOfDl4jLosses(Activation h1, Activation h2, Activation out,
                                                              LossFunction loss, double l2) {
        MultiLayerNetwork net = GaussNewtonDiagonalTest.mlp(h1, h2, out, loss, l2);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch set = GaussNewtonDiagonalTest.awayFromKinks(net, theta, loss, 22);
        GradientProbes probes = new GradientProbes(adapter, 0, 0);
        DenseHessianProduct exact = probes.exactHessianProduct(theta, set).orElseThrow();
        Random rnd = new Random(8);
        double[] w = new double[(int) net.numParams()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        double[][] dq = exact.exampleDerivatives(w);
        double norm = Nd4j.createFromArray(w).norm2Number().doubleValue();
        double e = 1e-4 * (1 + theta.norm2Number().doubleValue()) / norm;
        INDArray step = Nd4j.createFromArray(w).muli(e);
        double[] base = probes.exampleLosses(theta, set);
        double[] plus = probes.exampleLosses(theta.add(step), set);
        double[] minus = probes.exampleLosses(theta.sub(step), set);
        double dScale = 0;
        double qScale = 0;
        for (int i = 0; i < set.size(); i++) {
            dScale = Math.max(dScale, Math.abs(dq[0][i]));
            qScale = Math.max(qScale, Math.abs(dq[1][i]));
        }
        for (int i = 0; i < set.size(); i++) {
            double d = (plus[i] - minus[i]) / (2 * e);
            double q = (plus[i] - 2 * base[i] + minus[i]) / (e * e);
            assertEquals(d, dq[0][i], 1e-6 * (Math.abs(d) + dScale), "example " + i + ": w . grad l_i");
            assertEquals(q, dq[1][i], 1e-6 * (Math.abs(q) + qScale), "example " + i + ": w' H_i w");
        }
    }

    /**
     * The single-precision derivatives against the double ones: each GEMM entry of inner length {@code K} errs by at
     * most {@code K u} of the sum of its terms' magnitudes ({@code u = 6e-8}; {@code K <= 64} here, 4e-6), and the
     * chain of three layers with terms up to some ten times the result gives about 1e-4 of the largest
     * {@code |d_i|} or {@code |q_i|} as the tolerance; a product left in another precision or a wrong array would be
     * off by order one. The noise {@code Var_i(d_i)} agrees to the same relative tolerance.
     */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @MethodSource("org.sgdobservatory.listener.probe.GaussNewtonDiagonalTest#exactStacks")
    void singlePrecisionDerivativesAgreeWithDoubleToRounding(Activation h1, Activation h2, Activation out,
                                                            LossFunction loss, double l2) {
        Exact e = Exact.of(h1, h2, out, loss, l2);
        DenseHessianProduct exact = e.product();
        DenseHessianProduct.Derivatives single = exact.singlePrecision();
        double[] w = e.gaussian(new Random(9), 1);
        MiniBatch set = e.set();
        double[][] want = exact.exampleDerivatives(w);
        double[][] got = single.along(w);
        for (int part = 0; part < 2; part++) {
            double scale = 0;
            for (double x : want[part]) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < set.size(); i++) {
                assertEquals(want[part][i], got[part][i], 1e-4 * scale, (part == 0 ? "d" : "q") + " of example " + i);
            }
        }
        double c = DirectionNoiseProbe.summarise(want[0], want[1], 1)[0];
        assertEquals(c, DirectionNoiseProbe.summarise(got[0], got[1], 1)[0], 1e-4 * c, "Var_i(d_i)");
    }

    /**
     * The derivatives' work arrays are reused from one direction to the next: the derivatives along a direction are
     * the same bits before and after another direction's, in both precisions, and so are the products along a vector
     * before and after another's. Left-over state in a reused array (a GEMM accumulating onto the last direction's
     * values) would change them by order one.
     */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @MethodSource("org.sgdobservatory.listener.probe.GaussNewtonDiagonalTest#exactStacks")
    void reusedWorkArraysKeepNothingFromTheLastDirection(Activation h1, Activation h2, Activation out,
                                                        LossFunction loss, double l2) {
        Exact e = Exact.of(h1, h2, out, loss, l2);
        DenseHessianProduct exact = e.product();
        DenseHessianProduct.Derivatives single = exact.singlePrecision();
        Random rnd = new Random(10);
        double[] w = e.gaussian(rnd, 1);
        double[] other = e.gaussian(rnd, 3);
        double[][] doubleFirst = exact.exampleDerivatives(w);
        double[][] singleFirst = single.along(w);
        double[] productFirst = new double[e.numParams()];
        exact.apply(w, productFirst);
        exact.exampleDerivatives(other);
        single.along(other);
        double[] reused = new double[e.numParams()];
        exact.apply(other, reused);
        assertArrayEquals(doubleFirst[0], exact.exampleDerivatives(w)[0]);
        assertArrayEquals(doubleFirst[1], exact.exampleDerivatives(w)[1]);
        double[][] singleAgain = single.along(w);
        assertArrayEquals(singleFirst[0], singleAgain[0]);
        assertArrayEquals(singleFirst[1], singleAgain[1]);
        // into an array that holds the other direction's product: nothing of it may be left
        exact.apply(w, reused);
        assertArrayEquals(productFirst, reused);
    }

    /** The exact product of one of {@link GaussNewtonDiagonalTest}'s stacks on its examples clear of the kinks. */
    private record Exact(DenseHessianProduct product, MiniBatch set, int numParams) {
        static Exact of(Activation h1, Activation h2, Activation out, LossFunction loss, double l2) {
            MultiLayerNetwork net = GaussNewtonDiagonalTest.mlp(h1, h2, out, loss, l2);
            INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
            MiniBatch set = GaussNewtonDiagonalTest.awayFromKinks(net, theta, loss, 22);
            GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
            return new Exact(probes.exactHessianProduct(theta, set).orElseThrow(), set, (int) net.numParams());
        }

        /** A vector of independent normal draws times {@code scale}, one per parameter. */
        double[] gaussian(Random rnd, double scale) {
            double[] w = new double[numParams];
            for (int i = 0; i < w.length; i++) {
                w[i] = scale * rnd.nextGaussian();
            }
            return w;
        }
    }
}
