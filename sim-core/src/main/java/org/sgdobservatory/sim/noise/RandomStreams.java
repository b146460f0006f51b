package org.sgdobservatory.sim.noise;

import java.nio.DoubleBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The random numbers of one simulation run, derived from one seed: bulk Gaussian draws filled in
 * place into an array's memory, and a {@link SplittableRandom} for index sampling (minibatches,
 * permutations). Two runs with the same seed draw the same numbers, whatever the thread count.
 *
 * <p>Gaussian draws: ND4J's native Gaussian op costs 33-50 ns per sample on this project's
 * machines, 72% of a simulation step, while JDK 17's {@link SplittableRandom#nextGaussian()}
 * (a modified ziggurat) costs 6 ns (BENCHMARKS.md#why-the-hot-loops-are-java-loops). So a contiguous
 * double-precision buffer is filled from Java directly in its native memory, in fixed chunks of
 * {@value #CHUNK} values, each with its own generator split from the run's generator in chunk
 * order, the chunks in parallel. Other buffers fall back to the native op with a seeded generator.
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
public final class RandomStreams implements AutoCloseable {
    private static final int CHUNK = 1 << 15;

    private final long seed;
    private final SplittableRandom gaussianRandom;
    private final Random nativeRandom;
    private final SplittableRandom javaRandom;

    private RandomStreams(long seed) {
        this.seed = seed;
        this.nativeRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        this.javaRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        this.gaussianRandom = new SplittableRandom(seed);
    }

    /** Streams for a run seeded with {@code seed}. */
    public static RandomStreams of(long seed) {
        return new RandomStreams(seed);
    }

    /**
     * An independent seed for stream number {@code stream} of a run seeded with {@code seed}: the SplitMix64
     * finaliser (Steele, Lea and Flood 2014, the mixing function of {@link SplittableRandom}) applied to
     * {@code seed + (stream + 1) * 0x9E3779B97F4A7C15}. Distinct streams of one seed, and the same stream of
     * nearby seeds, give unrelated seeds; the derivation is fixed, so a seed always splits the same way.
     *
     * @param seed the user's seed
     * @param stream the stream's number ({@code >= 0}), fixed per purpose by the caller
     */
    public static long childSeed(long seed, int stream) {
        if (!(stream >= 0)) {
            throw new IllegalArgumentException("stream must be >= 0, was " + stream);
        }
        long z = seed + (stream + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed these streams were made from. */
    public long seed() {
        return seed;
    }

    /** Fills {@code target} in place with independent standard normal draws and returns it. */
    public INDArray fillStandardNormal(INDArray target) {
        if (target.dataType() != DataType.DOUBLE || target.isView() || !"c".equals(String.valueOf(target.ordering()))
                || target.data().length() != target.length()) {
            Nd4j.getExecutioner().exec(new GaussianDistribution(target, 0.0, 1.0), nativeRandom);
            return target;
        }
        DoubleBuffer memory = target.data().asNioDouble();
        int length = (int) target.length();
        int chunks = (length + CHUNK - 1) / CHUNK;
        SplittableRandom[] generators = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) {
            generators[c] = gaussianRandom.split();
        }
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            SplittableRandom g = generators[c];
            int end = Math.min(length, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                memory.put(i, g.nextGaussian());
            }
        });
        return target;
    }

    /**
     * A new generator split from the Gaussian stream, for a kernel that draws its normals itself, one
     * generator per fixed chunk of its work (as {@link #fillStandardNormal} does per chunk), so the
     * numbers do not depend on which thread runs the chunk. Splits are taken in call order: split in
     * an order that does not depend on the thread count, e.g. chunk by chunk before a parallel loop.
     */
    public SplittableRandom splitGaussianStream() {
        return gaussianRandom.split();
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
