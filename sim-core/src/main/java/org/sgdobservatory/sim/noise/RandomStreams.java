package org.sgdobservatory.sim.noise;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The random numbers of one simulation run, derived from one seed: a native ND4J generator for
 * bulk Gaussian draws (filled in place, no allocation) and a {@link SplittableRandom} for index
 * sampling (minibatches, permutations). Two runs with the same seed draw the same numbers.
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
public final class RandomStreams implements AutoCloseable {
    private final long seed;
    private final Random nativeRandom;
    private final SplittableRandom javaRandom;

    private RandomStreams(long seed) {
        this.seed = seed;
        this.nativeRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        this.javaRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    }

    /** Streams for a run seeded with {@code seed}. */
    public static RandomStreams of(long seed) {
        return new RandomStreams(seed);
    }

    /** The seed these streams were made from. */
    public long seed() {
        return seed;
    }

    /** Fills {@code target} in place with independent standard normal draws and returns it. */
    public INDArray fillStandardNormal(INDArray target) {
        Nd4j.getExecutioner().exec(new GaussianDistribution(target, 0.0, 1.0), nativeRandom);
        return target;
    }

    /** The Java-side generator for integer and scalar draws. */
    public SplittableRandom java() {
        return javaRandom;
    }

    /** Releases the native generator's state. */
    @Override
    public void close() {
        try {
            nativeRandom.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release the native random generator", e);
        }
    }
}
