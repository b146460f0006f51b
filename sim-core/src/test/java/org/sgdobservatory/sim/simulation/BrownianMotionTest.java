package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Sgd;

/** Acceptance (e): with {@code g = 0} and {@code Sigma = I}, SGD is Brownian motion, {@code Var = eta t}. */
class BrownianMotionTest {
    private static final int CHAINS = 20_000;

    @ParameterizedTest(name = "eta={0}, steps={1}")
    @CsvSource({"0.1, 50", "0.1, 400", "0.01, 400"})
    void varianceGrowsAsLearningRateTimesTime(double eta, int steps) {
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(0.0), GaussianNoise.diagonal(1.0)))
                .updater(new Sgd(eta))
                .chains(CHAINS).burnIn(steps).steps(1).seed(7L * steps)
                .build().run();
        double time = steps * eta;              // t = k eta (docs/theory.md#sgd-as-a-stochastic-differential-equation)
        double expected = eta * time;
        double[][] finals = result.finalStates();
        double sumSquares = 0;
        for (double[] x : finals) {
            sumSquares += x[0] * x[0];
        }
        double variance = sumSquares / CHAINS;  // the mean is exactly 0
        // The final states are i.i.d. N(0, eta t): the sample second moment has SE = Var sqrt(2/C).
        double se = expected * Math.sqrt(2.0 / CHAINS);
        assertEquals(expected, variance, 4 * se, "Var(x_k) = eta t = eta^2 k");
    }
}
