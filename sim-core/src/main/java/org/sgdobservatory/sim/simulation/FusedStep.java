package org.sgdobservatory.sim.simulation;

import java.nio.DoubleBuffer;
import java.util.Arrays;
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
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * A whole optimizer step of the separable quadratic with independent Gaussian noise in one pass over the
 * state, {@code g = h_d x + s sigma_d z} ({@link NoisyGradient} of a diagonal {@link QuadraticLandscape}
 * and diagonal {@link GaussianNoise}, {@code z ~ N(0, 1)}): the pieces, random streams and moments shared
 * by the updaters' kernels, {@link FusedSgdStep} and {@link FusedRmsPropStep}, which say what a step does
 * to one value.
 *
 * <p>Why: as separate whole-array ND4J operations (Gaussian fill, noise scaling, gradient, add, the
 * updater's passes, subtract, then the moments' shift, square and two reductions) a step reads and writes
 * the chain arrays ten times or more; here each chain's normal is drawn, used and forgotten while its state
 * is in a register, and the per-group shifted sums of the moments are taken from the same load
 * (BENCHMARKS.md#sim-core-throughput). The other statistics keep their ND4J passes.
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
abstract class FusedStep {
    private static final int BLOCK = 64;
    private static final int PARALLEL_THRESHOLD = 1 << 15;
    /** The most values {@link #advance} is given at once. */
    static final int SCRATCH_LENGTH = 1024;
    /**
     * Per thread: a piece of {@value #SCRATCH_LENGTH} states copied out of native memory in bulk, stepped
     * in a plain array (in cache) and copied back: 20% to 30% less time per chain-step than
     * {@code DoubleBuffer.get(i)}/{@code put(i, v)} on the native buffer
     * (BENCHMARKS.md#why-the-hot-loops-are-java-loops). The pieces do not change the order of the draws or of the sums.
     */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[SCRATCH_LENGTH]);

    /** The number of dimensions {@code D}. */
    final int dims;
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

    FusedStep(int dims, int chains, int groups, RandomStreams random) {
        this.dims = dims;
        this.groups = groups;
        this.chainsPerGroup = chains / groups;
        this.parallel = groups > 1 && (long) chains * dims >= PARALLEL_THRESHOLD;
        this.random = random;
        this.shift = new double[groups * dims];
        this.blockSum = new double[groups * dims];
        this.blockSquares = new double[groups * dims];
    }

    /**
     * The fused step for this problem, or empty when there is none: another landscape or noise model, a
     * full Hessian or covariance, an updater other than {@link Sgd} and {@link RmsProp}, or more than
     * {@code Integer.MAX_VALUE} values (the buffers are addressed with int indices).
     *
     * @param l2 the summed L2 coefficients (added to the gradient before the updater)
     * @param decay the summed weight-decay coefficients, already multiplied by the learning rate where
     *     DL4J does (added to the update after the updater)
     */
    static Optional<FusedStep> of(GradientOracle oracle, Updater updater, double l2, double decay, int chains,
            int groups, RandomStreams random) {
        if (!(oracle instanceof NoisyGradient noisy && noisy.landscape() instanceof QuadraticLandscape quadratic
                && noisy.noise() instanceof GaussianNoise gaussian)) {
            return Optional.empty();
        }
        Optional<double[]> curvatures = quadratic.diagonalCurvatures();
        Optional<double[]> variances = gaussian.diagonalVariances();
        if (curvatures.isEmpty() || variances.isEmpty()
                || (long) chains * curvatures.get().length > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        double[] noiseDeviations = variances.get();
        for (int d = 0; d < noiseDeviations.length; d++) {
            noiseDeviations[d] = noisy.noiseScale() * Math.sqrt(noiseDeviations[d]);
        }
        if (updater instanceof Sgd sgd) {
            return Optional.of(FusedSgdStep.of(sgd, curvatures.get(), noiseDeviations, l2, decay, chains, groups,
                    random));
        }
        if (updater instanceof RmsProp rmsProp) {
            return Optional.of(new FusedRmsPropStep(rmsProp, curvatures.get(), noiseDeviations, l2, decay, chains,
                    groups, random));
        }
        return Optional.empty();
    }

    /**
     * Steps {@code length} consecutive values in place: {@code values[i]} is state number {@code first + i}
     * of the {@code c}-order {@code chains x dims} array, of dimension {@code (firstDim + i) % dims}. Draws
     * the normals from {@code normal} in the order of the values.
     */
    abstract void advance(double[] values, int first, int length, int firstDim, SplittableRandom normal);

    /**
     * Advances every chain by one step, first folding the current states into {@code record} when it is
     * present.
     *
     * @param states {@code chains x dims}, double precision, {@code c} order, not a view; updated in place
     * @param record the moments to add the current states to, or empty on a step that is not recorded
     */
    final void step(INDArray states, Optional<StreamingMoments> record) {
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
        (parallel ? range.parallel() : range).forEach(g -> advanceGroup(memory, g, generators[g], recording,
                newBlock));
        if (recording) {
            blockTarget = record.get();
            blockCount += chainsPerGroup;
            if (++blockObservations == BLOCK) {
                flush();
            }
        }
    }

    private void advanceGroup(DoubleBuffer x, int group, SplittableRandom normal, boolean recording,
            boolean newBlock) {
        int first = group * chainsPerGroup * dims;
        int end = first + chainsPerGroup * dims;
        int cell = group * dims;
        if (recording && newBlock) {
            x.get(first, shift, cell, dims);
        }
        double[] values = SCRATCH.get();
        double sum = 0;       // one dimension: the group's sums in registers
        double squares = 0;
        for (int piece = first; piece < end; piece += SCRATCH_LENGTH) {
            int length = Math.min(SCRATCH_LENGTH, end - piece);
            int pieceDim = (piece - first) % dims;   // the dimension of the piece's first value
            x.get(piece, values, 0, length);
            if (recording && dims == 1) {
                double c = shift[group];
                for (int i = 0; i < length; i++) {
                    double deviation = values[i] - c;
                    sum += deviation;
                    squares += deviation * deviation;
                }
            } else if (recording) {
                for (int i = 0, d = pieceDim; i < length; i++, d = d + 1 == dims ? 0 : d + 1) {
                    double deviation = values[i] - shift[cell + d];
                    blockSum[cell + d] += deviation;
                    blockSquares[cell + d] += deviation * deviation;
                }
            }
            advance(values, piece, length, pieceDim, normal);
            x.put(piece, values, 0, length);
        }
        if (recording && dims == 1) {
            blockSum[group] += sum;
            blockSquares[group] += squares;
        }
    }

    /** Merges the open block of recorded observations into its moments. */
    final void flush() {
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
        Arrays.fill(blockSum, 0);
        Arrays.fill(blockSquares, 0);
        blockCount = 0;
        blockObservations = 0;
        blockTarget = null;
    }
}
