package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.sim.spectral.Lanczos;
import org.sgdobservatory.sim.spectral.LanczosResult;
import org.sgdobservatory.sim.spectral.ResidualMode;

/**
 * The eigen-directions' Hessian-vector products ({@link HessianOperator}): exact ones ({@link DenseHessianProduct})
 * against central differences of DL4J's own gradient (the {@link GradientEngine#DL4J_PASSES} engine) on data whose
 * pre-activations stay clear of every kink, L2 included, cross-layer terms included; and forward differences at the
 * listener's step on a smooth network, which has no exact products.
 */
class HessianOperatorTest {

    /** Reference step: {@code r = STEP (1 + ||theta||)} along a unit direction, about 4e-5 here. */
    private static final double STEP = 1e-5;

    /**
     * {@code H u} for three random unit directions. The data keep every hidden pre-activation at least 0.05 from 0
     * and the reference step moves one by at most {@code r |a| ||u||} ~ 1e-4, so the masks are the same at both points
     * and the central difference errs by its truncation {@code r^2/6 |D^3 L|} ~ 3e-10 (third derivatives of order one,
     * from the output only) plus rounding ~1e-10. Tolerance 1e-6 of {@code ||H u||}: over 1000x those; a missing
     * cross-layer term (the Gauss-Newton product instead of the Hessian's) is of order one.
     */
    @ParameterizedTest(name = "hidden {0}, {1}; output {2} with {3}; l2 {4}")
    @MethodSource("org.sgdobservatory.listener.probe.GaussNewtonDiagonalTest#exactStacks")
    void exactProductsMatchCentralDifferencesOfDl4jGradient(Activation h1, Activation h2, Activation out,
                                                          LossFunction loss, double l2) {
        MultiLayerNetwork net = GaussNewtonDiagonalTest.mlp(h1, h2, out, loss, l2);
        Probed exact = Probed.of(net, theta -> GaussNewtonDiagonalTest.awayFromKinks(net, theta, loss, 21));
        assertTrue(exact.operator().exact(), h1 + "/" + h2 + " with " + out + "/" + loss + " gets exact products");
        assertAgree(exact.operator(), exact.centralDifferences(), 5, 1e-6, "exact H u");
    }

    /**
     * A tanh stack has no exact products: forward differences at the listener's relative step 1e-9 against central
     * ones at 1e-5 (error ~3e-10, as above). The forward difference's truncation {@code (r/2) |D^3 L|} ~ 2e-9 is
     * below its rounding {@code 2e-16 ||g|| / r} ~ 1e-7 (gradients of order one, {@code r} ~ 4e-9); tolerance 2e-6,
     * 20x that and 5x below Lanczos's tolerance.
     */
    @Test
    void forwardDifferencesAtTheListenerStepMatchCentralOnesOnASmoothStack() {
        MultiLayerNetwork net = GaussNewtonDiagonalTest.mlp(Activation.TANH, Activation.TANH, Activation.SOFTMAX,
                LossFunction.MCXENT, 1e-3);
        Probed forward = Probed.of(net, theta -> GaussNewtonDiagonalTest.data(LossFunction.MCXENT, 4, 30));
        assertFalse(forward.operator().exact(), "tanh hidden layers have no exact products");
        assertAgree(forward.operator(), forward.centralDifferences(), 6, 2e-6, "forward differences");
    }

    /**
     * The solve takes Lanczos's residual estimates when the products are exact, sparing one product per direction. On
     * the exact operator the estimate {@code |beta_m y_m|} and the recomputed {@code ||H v - lambda v||} differ by the
     * operator's asymmetry and the basis's loss of orthogonality, each a few units of rounding of {@code ||H||}
     * ({@code 2e-16} times sums over some 60 parameters and 100 examples: ~1e-14); tolerance {@code 1e-12 ||H||}, 100x
     * that and 1e7 below Lanczos's tolerance. A product that lost one of the Hessian's terms is not symmetric, and the
     * two residuals then part by orders of magnitude more.
     */
    @Test
    void withExactProductsLanczosEstimatesEqualRecomputedResiduals() {
        MultiLayerNetwork net = GaussNewtonDiagonalTest.mlp(Activation.RELU, Activation.RELU, Activation.SOFTMAX,
                LossFunction.MCXENT, 1e-3);
        HessianOperator exact = Probed.of(net, theta -> GaussNewtonDiagonalTest.awayFromKinks(net, theta,
                LossFunction.MCXENT, 23)).operator();
        LanczosResult estimated = lanczos(ResidualMode.LANCZOS_ESTIMATE).solve(exact);
        LanczosResult recomputed = lanczos(ResidualMode.TRUE).solve(exact);
        double scale = Math.abs(recomputed.eigenvalues()[0]);
        for (int i = 0; i < recomputed.size(); i++) {
            assertEquals(recomputed.pairs().get(i).residualNorm(), estimated.pairs().get(i).residualNorm(),
                    1e-12 * scale, "direction " + i + ": Lanczos's estimate against the recomputed residual");
        }
    }

    private static Lanczos lanczos(ResidualMode mode) {
        return Lanczos.builder().eigenpairs(6).seed(4).maxBasisVectors(14).tolerance(SpectralProbe.TOLERANCE)
                .residualMode(mode).build();
    }

    /** A network's DOUBLE parameters, probe examples, frame, and the operator the listener makes of them. */
    private record Probed(NetworkAdapter adapter, INDArray theta, MiniBatch set, DirectionFrame frame,
                          HessianOperator operator) {

        /** The listener's operator on {@code net} over the examples {@code data} gives for its parameters. */
        static Probed of(MultiLayerNetwork net, java.util.function.Function<INDArray, MiniBatch> data) {
            NetworkAdapter adapter = NetworkAdapter.of(net);
            INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
            MiniBatch set = data.apply(theta);
            DirectionFrame frame = DirectionFrame.of(adapter, 0, 0).frame().orElseThrow();
            return new Probed(adapter, theta, set, frame, new HessianOperator(new GradientProbes(adapter, 0, 0), theta,
                    set, frame, SpectralProbe.FORWARD_STEP));
        }

        /** The reference: central differences of DL4J's own gradient at {@value #STEP}. */
        HessianOperator centralDifferences() {
            return HessianOperator.differences(new GradientProbes(adapter, 0, 0, GradientEngine.DL4J_PASSES), theta,
                    set, frame, FiniteDifference.CENTRAL, STEP);
        }
    }

    /** {@code tested} and {@code reference} agree within {@code tolerance} of {@code ||H u||} on 3 random unit u. */
    private static void assertAgree(HessianOperator tested, HessianOperator reference, long seed, double tolerance,
                                    String what) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 3; trial++) {
            double[] u = unit(rnd, tested.dimension());
            double error = relativeDifference(apply(tested, u), apply(reference, u));
            assertTrue(error < tolerance, "direction " + trial + ": " + what + " against central differences of"
                    + " DL4J's gradient differ by " + error + " of ||H u||");
        }
    }

    private static double[] apply(HessianOperator op, double[] u) {
        double[] out = new double[u.length];
        op.apply(u, out);
        return out;
    }

    private static double[] unit(Random rnd, int n) {
        double[] u = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextGaussian();
            norm += u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < n; i++) {
            u[i] /= norm;
        }
        return u;
    }

    private static double relativeDifference(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }
}
