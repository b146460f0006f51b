package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.RmsPropMeanField;

/**
 * The fused RMSProp step ({@link FusedRmsPropStep}: DL4J's RMSProp, diagonal quadratic, diagonal Gaussian
 * noise): a few noiseless steps against the formula worked by hand, on the fused and on the general path
 * (separate ND4J operations, forced by the FDR statistic); the stationary variance of every dimension on
 * both paths against each other and against the mean-field theory; bitwise determinism under a seed,
 * whatever the number of threads.
 */
class FusedRmsPropStepTest {
    private static final double[] CURVATURES = FusedProblem.CURVATURES;
    private static final double[] NOISE_VARIANCES = FusedProblem.NOISE_VARIANCES;

    private static Simulation.Builder problem(int dims, RmsProp rmsProp, double l2, double decay) {
        return FusedProblem.builder(dims, rmsProp, l2, decay);
    }

    /**
     * One chain, no noise (noise scale 0: the normals are drawn and multiplied by 0), h = 2, L2 0.5, weight
     * decay 0.1 times the learning rate 0.1, rmsDecay 0.9, epsilon 1e-8, x0 = 1, v0 = epsilon. By hand:
     * <pre>
     *   step 1: g = (2 + 0.5) 1 = 2.5;  v = 0.9e-8 + 0.1 * 2.5^2 = 0.625000009;
     *           u = 0.1 * 2.5 / (sqrt(0.625000009) + 1e-8) = 0.3162277597...;  x = 1 - u - 0.01 = 0.6737722402...
     *   step 2: g = 2.5 * 0.6737722402 = 1.6844306006...;  v = 0.9 * 0.625000009 + 0.1 g^2 = 0.8462306529...;
     *           u = 0.1830985997...;  x = 0.6737722402 - u - 0.006737722402 = 0.4839259181...
     *   step 3: g = 1.2098147953...;  v = 0.9079727715...;  u = 0.1269645489...;  x = 0.3521221099...
     * </pre>
     * (the digits from the same recursion in Python's doubles). Tolerance: a few units in the last place,
     * 1e-14 relative, for the order of rounding (a fused multiply-add, the noise term 0 z).
     */
    @ParameterizedTest(name = "after {0} steps")
    @CsvSource({
        "1, 0.6737722402600018",
        "2, 0.48392591813828084",
        "3, 0.35212210995877274",
    })
    void noiselessStepsFollowTheFormulaByHandOnTheFusedAndTheGeneralPath(int stepsTaken, double expected) {
        for (boolean general : new boolean[] {false, true}) {
            Simulation.Builder builder = Simulation.builder()
                    .gradient(NoisyGradient.scaled(QuadraticLandscape.diagonal(2.0), GaussianNoise.diagonal(1.0), 0.0))
                    .updater(new RmsProp(0.1, 0.9, 1e-8))
                    .regularization(new Regularization.L2(0.5))
                    .regularization(new Regularization.WeightDecay(0.1, true))
                    .chains(1).initialState(1.0).burnIn(stepsTaken - 1).steps(1).seed(5);
            if (general) {
                builder.collect(Statistic.FDR);
            }
            double x = builder.build().run().finalStates()[0][0];
            assertEquals(expected, x, 1e-14 * expected,
                    (general ? "general" : "fused") + " path: x after " + stepsTaken + " steps vs the formula");
        }
    }

    /**
     * Rows: dims, chains (32 groups each), learning rate, rmsDecay, L2, weight decay (times the learning
     * rate, DL4J's default), burn-in, steps, the band of simulated / mean-field variance of
     * docs/theory.md#rmsprop for that rmsDecay (0 0 when weight decay rules the mean field out). lr h/sigma is 0.01 to
     * 0.1, inside the table's range (<= 0.8).
     */
    @ParameterizedTest(name = "dims={0}, chains={1}, lr={2}, rho={3}, l2={4}, wd={5}")
    @CsvSource({
        "1, 4096, 0.01, 0.95, 0,   0,   1000, 2000, 0.980, 0.984",
        "3, 1024, 0.02, 0.9,  0.5, 0,   1000, 3000, 0.964, 0.971",
        "2, 2048, 0.05, 0.95, 0,   0.1, 600,  2000, 0,     0",
    })
    void stationaryVarianceAgreesOnTheFusedAndTheGeneralPathAndWithTheMeanField(int dims, int chains,
            double learningRate, double rmsDecay, double l2, double decay, int burnIn, int steps,
            double lowerRatio, double upperRatio) {
        RmsProp rmsProp = new RmsProp(learningRate, rmsDecay, RmsProp.DEFAULT_EPSILON);
        // Different seeds: the two runs are independent, so the difference of their estimates has
        // SE = sqrt(se_fused^2 + se_general^2).
        SimulationResult fused = problem(dims, rmsProp, l2, decay)
                .chains(chains).burnIn(burnIn).steps(steps).seed(11).build().run();
        SimulationResult general = problem(dims, rmsProp, l2, decay)
                .chains(chains).burnIn(burnIn).steps(steps).seed(12).collect(Statistic.FDR).build().run();
        for (int d = 0; d < dims; d++) {
            Estimate fusedVariance = fused.variance(d);
            Estimate generalVariance = general.variance(d);
            // Each standard error is the spread of the 32 independent chain groups' variances over sqrt(32)
            // (StreamingMoments): no model of the RMSProp chain's autocorrelation is needed. It is itself
            // known to 1/sqrt(2 x 31) = 13%, so 4 x SE covers a 3-SE event even with SE 25% low.
            double se = Math.hypot(fusedVariance.standardError(), generalVariance.standardError());
            assertEquals(generalVariance.value(), fusedVariance.value(), 4 * se, "dim " + d
                    + ": fused vs general path variance within 4 standard errors of the difference");
            assertEquals(0.0, fused.mean(d).value(), 4 * fused.mean(d).standardError(), "fused path, dim " + d
                    + ": mean 0 within 4 standard errors");
            if (upperRatio > 0) {
                double meanField = RmsPropMeanField.of(learningRate, CURVATURES[d], NOISE_VARIANCES[d])
                        .withL2(l2).meanFieldVariance();
                // docs/theory.md#rmsprop: simulated / mean-field lay in [lower, upper] for this rmsDecay; the
                // simulated ratio has relative SE se/V, so it must lie in the band widened by 4 of those.
                double ratio = fusedVariance.value() / meanField;
                double ratioSe = fusedVariance.standardError() / meanField;
                assertTrue(ratio >= lowerRatio - 4 * ratioSe && ratio <= upperRatio + 4 * ratioSe,
                        "fused path, dim " + d + ": simulated / mean-field variance " + ratio + " +- " + ratioSe
                                + " vs the band of docs/theory.md#rmsprop [" + lowerRatio + ", " + upperRatio + "]");
            }
        }
    }

    @Test
    void aSeedGivesBitwiseTheSameRunWhateverTheNumberOfThreads() throws Exception {
        // 2^16 chains x 2 dims: 32 groups of 4096 chains, stepped in parallel; 70 recorded steps cross one
        // merge of 64 observations; thinned, so some steps are not recorded; L2 and weight decay on.
        FusedProblem.assertSeedDeterminesTheRun(seed -> problem(2, new RmsProp(0.05, 0.9, 1e-8), 0.1, 0.2)
                .chains(65_536).burnIn(10).steps(140).thin(2).seed(seed).build());
    }
}
