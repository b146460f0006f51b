package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongFunction;

import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.optim.Updater;

/**
 * The problem the fused-step tests share: a diagonal quadratic with curvatures {@link #CURVATURES} and diagonal
 * Gaussian noise with variances {@link #NOISE_VARIANCES} (the first {@code dims} of each), with optional L2 and
 * weight decay (times the learning rate, DL4J's default), which is the case {@code Simulation} runs fused.
 */
final class FusedProblem {

    static final double[] CURVATURES = {1.0, 0.5, 2.0};
    static final double[] NOISE_VARIANCES = {1.0, 4.0, 0.25};

    private FusedProblem() {
    }

    /** A builder for that problem with {@code updater}; L2 and decay are left out when 0. */
    static Simulation.Builder builder(int dims, Updater updater, double l2, double decay) {
        Simulation.Builder builder = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(Arrays.copyOf(CURVATURES, dims)),
                        GaussianNoise.diagonal(Arrays.copyOf(NOISE_VARIANCES, dims))))
                .updater(updater);
        if (l2 > 0) {
            builder.regularization(new Regularization.L2(l2));
        }
        if (decay > 0) {
            builder.regularization(new Regularization.WeightDecay(decay, true));
        }
        return builder;
    }

    /**
     * Asserts that a seed determines a run bitwise, whatever the number of threads: runs of seed 3 repeated, on one
     * thread and on three give the same final states (chains 0, 4095, 4096 and 65 535: the edges of the first two
     * chain groups and the last chain) and the same mean and variance estimates of both dimensions; seed 4 draws
     * otherwise.
     *
     * @param bySeed the simulation, 2^16 chains x 2 dimensions, with the given seed
     */
    static void assertSeedDeterminesTheRun(LongFunction<Simulation> bySeed) throws Exception {
        Simulation simulation = bySeed.apply(3);
        SimulationResult common = simulation.run();
        SimulationResult again = simulation.run();
        SimulationResult oneThread = new ForkJoinPool(1).submit(() -> simulation.run()).get();
        SimulationResult threeThreads = new ForkJoinPool(3).submit(() -> simulation.run()).get();
        for (SimulationResult other : new SimulationResult[] {again, oneThread, threeThreads}) {
            for (int chain : new int[] {0, 4095, 4096, 65_535}) {
                assertArrayEquals(common.finalStates()[chain], other.finalStates()[chain],
                        "final state of chain " + chain);
            }
            for (int d = 0; d < 2; d++) {
                assertEquals(common.variance(d), other.variance(d), "variance estimate of dim " + d);
                assertEquals(common.mean(d), other.mean(d), "mean estimate of dim " + d);
            }
        }
        SimulationResult otherSeed = bySeed.apply(4).run();
        assertNotEquals(common.finalStates()[0][0], otherSeed.finalStates()[0][0], "another seed, other draws");
        assertTrue(common.finite(), "finite states");
    }
}
