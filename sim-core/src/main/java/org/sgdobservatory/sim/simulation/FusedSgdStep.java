package org.sgdobservatory.sim.simulation;

import java.nio.DoubleBuffer;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.gradient.GradientOracle;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * The whole SGD step of the separable quadratic with independent Gaussian noise, in one pass over the
 * state: with {@code g = h_d x + s sigma_d z} ({@link NoisyGradient} of a diagonal
 * {@link QuadraticLandscape} and diagonal {@link GaussianNoise}), {@link Sgd}'s {@code u = eta g},
 * L2 {@code l2 x} added to {@code g} and weight decay {@code wd x} added to {@code u}, the update
 * {@code x <- x - u} is the affine map
 * {@code x <- a_d x + b_d z}, {@code a_d = 1 - eta (h_d + l2) - wd}, {@code b_d = -eta s sigma_d},
 * {@code z ~ N(0, 1)}.
 *
 * <p>Why: as separate whole-array ND4J operations (Gaussian fill, noise scaling, gradient, add,
 * learning rate, subtract, then the moments' shift, square and two reductions) the step reads and
 * writes the chain arrays about ten times; here each chain's normal is drawn, used and forgotten
 * while its state is in a register, and the per-group shifted sums of the moments are taken from the
 * same load (BENCHMARKS.md, "Current figures"). The other statistics keep their ND4J passes.
 *
 * <p>Work and random numbers are split by chain group ({@code groups} consecutive blocks of chains,
 * those of the moments): each step splits one generator per group from the run's Gaussian stream,
 * in group order, and the groups run in parallel on the common fork-join pool. So a seed gives the
 * same numbers and the same sums whatever the number of threads. Moments are taken about a shift per
 * group and dimension (the group's first chain when the block of {@value #BLOCK} observations
 * starts) and merged into the {@link StreamingMoments} every {@value #BLOCK} recorded observations,
 * when the target changes and on {@link #flush()}, as {@link StreamingMoments#add} does.
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
final class FusedSgdStep {
    private static final int BLOCK = 64;
    private static final int PARALLEL_THRESHOLD = 1 << 15;
    private static final int SCRATCH_LENGTH = 1024;
    /**
     * Per thread: a piece of {@value #SCRATCH_LENGTH} states copied out of native memory in bulk, stepped
     * in a plain array (in cache) and copied back: 20% to 30% less time per chain-step than
     * {@code DoubleBuffer.get(i)}/{@code put(i, v)} on the native buffer (BENCHMARKS.md). The pieces
     * do not change the order of the draws or of the sums.
     */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[SCRATCH_LENGTH]);

    private final double[] retention;   // a_d
    private final double[] noiseGain;   // b_d
    private final int dims;
    private final int groups;
    private final int chainsPerGroup;
    private final boolean parallel;
    private final RandomStreams random;
    private final double[] shift;       // groups x dims
    private final double[] blockSum;    // groups x dims, sum (x - shift)
    private final double[] blockSquares; // groups x dims, sum (x - shift)^2
    private double blockCount;          // observations per group in the open block
    private int blockObservations;
    private StreamingMoments blockTarget;
    private INDArray stepped;           // the states array of this run, checked once
    private DoubleBuffer memory;        // its native buffer

    private FusedSgdStep(double[] retention, double[] noiseGain, int chains, int groups, RandomStreams random) {
        this.retention = retention;
        this.noiseGain = noiseGain;
        this.dims = retention.length;
        this.groups = groups;
        this.chainsPerGroup = chains / groups;
        this.parallel = groups > 1 && (long) chains * dims >= PARALLEL_THRESHOLD;
        this.random = random;
        this.shift = new double[groups * dims];
        this.blockSum = new double[groups * dims];
        this.blockSquares = new double[groups * dims];
    }

    /**
     * The fused step for this problem, or empty when the step is not the affine map above (another
     * landscape, noise model or updater; a full Hessian or covariance).
     *
     * @param l2 the summed L2 coefficients
     * @param decay the summed weight-decay coefficients, already multiplied by the learning rate where
     *     DL4J does
     */
    static Optional<FusedSgdStep> of(GradientOracle oracle, Updater updater, double l2, double decay, int chains,
            int groups, RandomStreams random) {
        if (!(oracle instanceof NoisyGradient noisy && updater instanceof Sgd sgd
                && noisy.landscape() instanceof QuadraticLandscape quadratic
                && noisy.noise() instanceof GaussianNoise gaussian)) {
            return Optional.empty();
        }
        Optional<double[]> curvatures = quadratic.diagonalCurvatures();
        Optional<double[]> variances = gaussian.diagonalVariances();
        if (curvatures.isEmpty() || variances.isEmpty()
                || (long) chains * curvatures.get().length > Integer.MAX_VALUE) {
            return Optional.empty();   // the native buffer is addressed with int indices here
        }
        double eta = sgd.learningRate();
        double[] h = curvatures.get();
        double[] v = variances.get();
        double[] a = new double[h.length];
        double[] b = new double[h.length];
        for (int d = 0; d < h.length; d++) {
            a[d] = 1 - eta * (h[d] + l2) - decay;
            b[d] = -eta * noisy.noiseScale() * Math.sqrt(v[d]);
        }
        return Optional.of(new FusedSgdStep(a, b, chains, groups, random));
    }

    /**
     * Advances every chain by one step, first folding the current states into {@code record} when it is
     * present.
     *
     * @param states {@code chains x dims}, double precision, {@code c} order, not a view; updated in place
     * @param record the moments to add the current states to, or empty on a step that is not recorded
     */
    void step(INDArray states, Optional<StreamingMoments> record) {
        if (states != stepped) {
            if (states.dataType() != DataType.DOUBLE || states.isView() || states.ordering() != 'c'
                    || states.data().length() != states.length()
                    || states.length() != (long) groups * chainsPerGroup * dims) {
                throw new IllegalArgumentException("states must be a dense c-order double array of "
                        + groups * chainsPerGroup + " x " + dims + ", was " + states.shapeInfoToString());
            }
            stepped = states;
            memory = states.data().asNioDouble();   // the native memory itself, no copy
        }
        if (record.isPresent() && blockTarget != null && record.get() != blockTarget) {
            flush();   // a new time block; steps that are not recorded (thinning) leave the block open
        }
        boolean recording = record.isPresent();
        boolean newBlock = recording && blockObservations == 0;
        SplittableRandom[] generators = new SplittableRandom[groups];
        for (int g = 0; g < groups; g++) {
            generators[g] = random.splitGaussianStream();
        }
        IntStream range = IntStream.range(0, groups);
        (parallel ? range.parallel() : range).forEach(g -> {
            if (dims == 1) {
                advanceOneDim(memory, g, generators[g], recording, newBlock);
            } else {
                advance(memory, g, generators[g], recording, newBlock);
            }
        });
        if (recording) {
            blockTarget = record.get();
            blockCount += chainsPerGroup;
            if (++blockObservations == BLOCK) {
                flush();
            }
        }
    }

    private void advanceOneDim(DoubleBuffer x, int group, SplittableRandom normal, boolean recording,
            boolean newBlock) {
        int start = group * chainsPerGroup;
        int end = start + chainsPerGroup;
        double a = retention[0];
        double b = noiseGain[0];
        double[] values = SCRATCH.get();
        if (recording && newBlock) {
            shift[group] = x.get(start);
        }
        double c = shift[group];
        double sum = 0;
        double squares = 0;
        for (int piece = start; piece < end; piece += SCRATCH_LENGTH) {
            int length = Math.min(SCRATCH_LENGTH, end - piece);
            x.get(piece, values, 0, length);
            if (recording) {
                for (int i = 0; i < length; i++) {
                    double deviation = values[i] - c;
                    sum += deviation;
                    squares += deviation * deviation;
                }
            }
            for (int i = 0; i < length; i++) {
                values[i] = a * values[i] + b * normal.nextGaussian();
            }
            x.put(piece, values, 0, length);
        }
        if (recording) {
            blockSum[group] += sum;
            blockSquares[group] += squares;
        }
    }

    private void advance(DoubleBuffer x, int group, SplittableRandom normal, boolean recording, boolean newBlock) {
        int first = group * chainsPerGroup * dims;
        int end = first + chainsPerGroup * dims;
        int cell = group * dims;
        if (recording && newBlock) {
            x.get(first, shift, cell, dims);
        }
        double[] values = SCRATCH.get();
        for (int piece = first; piece < end; piece += SCRATCH_LENGTH) {
            int length = Math.min(SCRATCH_LENGTH, end - piece);
            int pieceDim = (piece - first) % dims;   // the dimension of the piece's first value
            x.get(piece, values, 0, length);
            if (recording) {
                for (int i = 0, d = pieceDim; i < length; i++, d = d + 1 == dims ? 0 : d + 1) {
                    double deviation = values[i] - shift[cell + d];
                    blockSum[cell + d] += deviation;
                    blockSquares[cell + d] += deviation * deviation;
                }
            }
            for (int i = 0, d = pieceDim; i < length; i++, d = d + 1 == dims ? 0 : d + 1) {
                values[i] = retention[d] * values[i] + noiseGain[d] * normal.nextGaussian();
            }
            x.put(piece, values, 0, length);
        }
    }

    /** Merges the open block of recorded observations into its moments. */
    void flush() {
        if (blockObservations == 0) {
            return;
        }
        double n = blockCount;
        double[][] means = new double[groups][dims];
        double[][] m2 = new double[groups][dims];
        for (int g = 0; g < groups; g++) {
            for (int d = 0; d < dims; d++) {
                int cell = g * dims + d;
                double deviationMean = blockSum[cell] / n;
                means[g][d] = shift[cell] + deviationMean;
                m2[g][d] = blockSquares[cell] - blockSum[cell] * deviationMean;
            }
        }
        blockTarget.merge(n, means, m2);
        java.util.Arrays.fill(blockSum, 0);
        java.util.Arrays.fill(blockSquares, 0);
        blockCount = 0;
        blockObservations = 0;
        blockTarget = null;
    }
}
