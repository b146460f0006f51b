package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.Nesterovs;

import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * The fused SGD step ({@link FusedSgdStep}: plain SGD, diagonal quadratic, diagonal Gaussian noise):
 * the stationary variance of every dimension against the exact discrete result, on the fused path and
 * on the general path of separate ND4J operations (forced by the FDR statistic); bitwise
 * determinism under a seed, whatever the number of threads.
 */
class FusedSgdStepTest {
    private static final double[] CURVATURES = FusedProblem.CURVATURES;
    private static final double[] NOISE_VARIANCES = FusedProblem.NOISE_VARIANCES;

    private static Simulation.Builder problem(int dims, double learningRate, double l2, double decay) {
        return FusedProblem.builder(dims, new Sgd(learningRate), l2, decay);
    }

    /**
     * Rows: dims, chains (32 groups; 5 groups, so 16 time blocks per group; 25 groups), learning rate,
     * L2, weight decay (times the learning rate, as DL4J's default), steps, thinning, whether the general
     * path runs too (not with 5 chains: 400 000 steps of about 20 small ND4J calls would take minutes).
     */
    @ParameterizedTest(name = "dims={0}, chains={1}, eta={2}, l2={3}, wd={4}, thin={6}")
    @CsvSource({
        "1, 65536, 0.1, 0,   0,    400,    1, true",
        "1, 5,     0.5, 0,   0,    400000, 1, false",
        "3, 1000,  0.2, 0.5, 0.25, 4000,   1, true",
        "2, 4096,  0.1, 0,   0,    3000,   3, false",
    })
    void stationaryVarianceMatchesTheExactDiscreteResultOnTheFusedAndTheGeneralPath(int dims, int chains,
            double learningRate, double l2, double decay, int steps, int thin, boolean alsoGeneral) {
        // 1 - eta h_eff = 1 - eta (h + l2) - eta wd: the contraction of x' = a x + b z with both terms.
        SimulationResult fused = problem(dims, learningRate, l2, decay)
                .chains(chains).burnIn(400).steps(steps).thin(thin).seed(7).build().run();
        SimulationResult general = alsoGeneral ? problem(dims, learningRate, l2, decay)
                .chains(chains).burnIn(400).steps(steps).thin(thin).seed(7).collect(Statistic.FDR).build().run()
                : fused;
        double samples = (double) chains * (steps / thin);
        for (int d = 0; d < dims; d++) {
            SgdQuadratic1D theory = SgdQuadratic1D.of(learningRate, CURVATURES[d] + l2 + decay,
                    NOISE_VARIANCES[d]);
            double exact = theory.stationaryVariance();
            // Bartlett standard error of the sample variance of an AR(1) chain with coefficient rho and
            // Gaussian noise, SE = Var sqrt(2(1+rho^2)/((1-rho^2) N)), N = chains x recorded steps
            // (docs/estimators.md#standard-error-of-a-variance); every thin-th state of the chain is an AR(1) chain
            // with rho = r^thin.
            double rho = Math.pow(theory.contraction(), thin);
            double se = exact * Math.sqrt(2 * (1 + rho * rho) / ((1 - rho * rho) * samples));
            Estimate fusedVariance = fused.variance(d);
            Estimate generalVariance = general.variance(d);
            assertEquals(exact, fusedVariance.value(), 4 * se,
                    "fused path, dim " + d + ": variance vs eta s2/(h(2-eta h)) within 4 standard errors");
            assertEquals(exact, generalVariance.value(), 4 * se,
                    "general path, dim " + d + ": variance vs eta s2/(h(2-eta h)) within 4 standard errors");
            // Mean 0: SE of the mean of an AR(1) chain, sqrt(Var (1+rho)/((1-rho) N)).
            double meanSe = Math.sqrt(exact * (1 + rho) / ((1 - rho) * samples));
            assertEquals(0.0, fused.mean(d).value(), 4 * meanSe, "fused path, dim " + d + ": mean 0");
            // The group standard error estimates the same quantity: with >= 25 groups (or 5 x 16 cells)
            // its relative spread is at most 1/sqrt(2*24) = 15%, so it lies within 3 x 15% of Bartlett's.
            assertEquals(1.0, fusedVariance.standardError() / se, 0.45,
                    "fused path, dim " + d + ": group standard error vs Bartlett standard error");
        }
    }

    @Test
    void fusesSgdAndRmsPropOnTheSeparableQuadraticWithDiagonalGaussianNoiseOnly() {
        NoisyGradient separable = NoisyGradient.of(QuadraticLandscape.diagonal(1.0, 2.0),
                GaussianNoise.diagonal(1.0, 1.0));
        try (RandomStreams random = RandomStreams.of(1)) {
            assertTrue(FusedStep.of(separable, new Sgd(0.1), 0, 0, 64, 32, random).isPresent(),
                    "plain SGD, diagonal Hessian, diagonal noise: fused");
            assertTrue(FusedStep.of(NoisyGradient.scaled(separable.landscape(), separable.noise(), 3.0),
                    new Sgd(0.1), 0.1, 0.2, 64, 32, random).isPresent(), "scaled noise, L2 and decay: fused");
            assertTrue(FusedStep.of(separable, new Sgd(0.1), 0, 0, 64, 32, random).get() instanceof FusedSgdStep,
                    "SGD's kernel");
            assertTrue(FusedStep.of(separable, new RmsProp(0.1), 0.1, 0.2, 64, 32, random).get()
                    instanceof FusedRmsPropStep, "RMSProp, with L2 and decay: fused, with its own kernel");
            assertFalse(FusedStep.of(separable, new Nesterovs(0.1, 0.9), 0, 0, 64, 32, random).isPresent(),
                    "momentum: not fused");
            assertFalse(FusedStep.of(NoisyGradient.of(QuadraticLandscape.full(new double[][] {{1, 0.5}, {0.5, 1}}),
                    separable.noise()), new Sgd(0.1), 0, 0, 64, 32, random).isPresent(), "full Hessian: not fused");
            assertFalse(FusedStep.of(NoisyGradient.of(separable.landscape(),
                    GaussianNoise.covariance(new double[][] {{1, 0.5}, {0.5, 1}})), new Sgd(0.1), 0, 0, 64, 32,
                    random).isPresent(), "correlated noise: not fused");
        }
    }

    @Test
    void aSeedGivesBitwiseTheSameRunWhateverTheNumberOfThreads() throws Exception {
        // 2^16 chains x 2 dims: 32 groups of 4096 chains, stepped in parallel; 70 recorded steps
        // cross one merge of 64 observations; thinned, so some steps are not recorded.
        FusedProblem.assertSeedDeterminesTheRun(seed -> problem(2, 0.1, 0.0, 0.0).chains(65_536).burnIn(10)
                .steps(140).thin(2).seed(seed).build());
    }
}
