package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.theory.Lyapunov;

/**
 * Acceptance (f): least squares on a finite data set ({@code n = 200, d = 5, B = 10}) with i.i.d.
 * minibatches. The noise is not assumed: it emerges from the examples drawn. The covariance equals
 * the discrete Lyapunov solution with {@code Sigma_B = C/B} computed from the data at the optimum,
 * times {@code (n-B)/(n-1)} when a batch is drawn without replacement.
 */
class FiniteDataAcceptanceTest {
    private static final int N = 200;
    private static final int D = 5;
    private static final int B = 10;

    static LeastSquaresDataset dataset() {
        Random rng = new Random(5);
        double[][] x = new double[N][D];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double shared = rng.nextGaussian();
            for (int j = 0; j < D; j++) {
                x[i][j] = rng.nextGaussian() + 0.5 * shared;   // correlated features
            }
            y[i] = x[i][0] - 2 * x[i][1] + 0.5 * x[i][4] + rng.nextGaussian();
        }
        return LeastSquaresDataset.of(x, y);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataOrder.class, names = {"IID_WITH_REPLACEMENT", "IID_WITHOUT_REPLACEMENT"})
    void covarianceIsTheLyapunovSolutionWithTheDataNoise(DataOrder order) {
        LeastSquaresDataset data = dataset();
        double eta = 0.02;
        SimulationResult r = Simulation.builder()
                .gradient(MinibatchGradient.of(data, B, order))
                .updater(new Sgd(eta))
                .chains(2_000).burnIn(1_000).steps(3_000).seed(order.ordinal())
                .collect(Statistic.COVARIANCE)
                .build().run();
        double[][] perExample = data.perExampleCovariance(new double[D]);
        double factor = order == DataOrder.IID_WITHOUT_REPLACEMENT ? (N - B) / (N - 1.0) : 1.0;
        double[][] sigmaB = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                sigmaB[i][j] = perExample[i][j] / B * factor;
            }
        }
        double[][] hessian = ((org.sgdobservatory.sim.landscape.QuadraticLandscape) data.landscape()).hessian();
        double[][] exact = Lyapunov.discreteSgd(hessian, sigmaB, eta);
        double[][] simulated = r.covariance().orElseThrow();
        // Per-entry relative SE ~ sqrt(2 tau/N) with tau <= 2/(eta lambda_min) (lambda_min ~ 0.9:
        // ~110 steps) and N = 6e6: ~0.6%. The noise also grows with the distance from the optimum
        // (per-example gradients are a_i(a_i.x + r_i)), adding O(eta |a|^2 / B) ~ 1%. 5% is the
        // issue's bound.
        double error = LyapunovAcceptanceTest.relativeFrobenius(simulated, exact);
        assertTrue(error < 0.05, order + ": relative Frobenius error vs Lyapunov " + error);
        for (int i = 0; i < D; i++) {
            assertEquals(1.0, simulated[i][i] / exact[i][i], 0.05, order + ": variance of dim " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void aBatchOfAllExamplesGivesTheExactGradient() {
        LeastSquaresDataset data = dataset();
        org.nd4j.linalg.api.ndarray.INDArray states = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, D).subi(0.5);
        org.nd4j.linalg.api.ndarray.INDArray sampled = states.ulike();
        try (org.sgdobservatory.sim.noise.RandomStreams random = org.sgdobservatory.sim.noise.RandomStreams.of(1)) {
            MinibatchGradient.of(data, N, DataOrder.CYCLIC).open(3, random).sample(states, sampled);
        }
        double[][] exact = data.landscape().gradient(states).toDoubleMatrix();
        double[][] actual = sampled.toDoubleMatrix();
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < D; j++) {
                // The optimum's residuals sum to zero against every feature (normal equations), so
                // the full-batch mean gradient is exactly H (x - x*); 1e-12 covers rounding.
                assertEquals(exact[c][j], actual[c][j], 1e-12, "full-batch gradient, chain " + c + " dim " + j);
            }
        }
    }
}
