package org.sgdobservatory.sim.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.RmsProp;

/**
 * {@link RmsProp}'s step of the separable quadratic with independent Gaussian noise as one pass
 * ({@link FusedStep}), with DL4J's semantics as {@code RmsProp.instantiate} has them, per chain and
 * dimension:
 * <pre>
 *   g = h_d x + s sigma_d z + l2 x                  (z ~ N(0, 1); L2 before the updater)
 *   v <- rmsDecay v + (1 - rmsDecay) g^2             (v starts at epsilon; the current gradient included)
 *   u = g / (sqrt(v) + epsilon) * learningRate       (epsilon outside the root, no bias correction)
 *   x <- x - (u + wd x)                              (weight decay after the updater)
 * </pre>
 * in the order of operations of the ND4J path, so without noise both give the same numbers up to
 * rounding. The state {@code v} is a heap array of {@code chains x dims} doubles in the states' order
 * (1 GB at 128 chains x 10^6 dimensions, where the ND4J path holds five such arrays).
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
final class FusedRmsPropStep extends FusedStep {
    /** Per thread: the normals of one piece. */
    private static final ThreadLocal<double[]> NORMALS = ThreadLocal.withInitial(() -> new double[SCRATCH_LENGTH]);

    private final double[] curvatures;       // h_d
    private final double[] noiseDeviations;  // s sigma_d
    private final double l2;
    private final double decay;              // wd, times the learning rate where DL4J does
    private final double learningRate;
    private final double rmsDecay;
    private final double epsilon;
    private final double[] meanSquare;       // v, chains x dims

    /**
     * @param curvatures {@code h_d}
     * @param noiseDeviations {@code s sigma_d}
     * @param l2 the summed L2 coefficients
     * @param decay the summed weight-decay coefficients, already multiplied by the learning rate where DL4J does
     */
    FusedRmsPropStep(RmsProp rmsProp, double[] curvatures, double[] noiseDeviations, double l2, double decay,
            int chains, int groups, RandomStreams random) {
        super(curvatures.length, chains, groups, random);
        this.curvatures = curvatures.clone();
        this.noiseDeviations = noiseDeviations.clone();
        this.l2 = l2;
        this.decay = decay;
        this.learningRate = rmsProp.learningRate();
        this.rmsDecay = rmsProp.rmsDecay();
        this.epsilon = rmsProp.epsilon();
        this.meanSquare = new double[chains * curvatures.length];
        Arrays.fill(meanSquare, epsilon);
    }

    /**
     * The normals are drawn first, in the order of the values (so the numbers are those of a per-value
     * loop), then the arithmetic runs over stretches of consecutive dimensions: a counted loop over plain
     * arrays, which the JIT can compile to vector instructions, sqrt and division included. It was 1.3x
     * faster on one core (BENCHMARKS.md#sim-core-throughput); the assembly was not inspected.
     */
    @Override
    void advance(double[] values, int first, int length, int firstDim, SplittableRandom normal) {
        double[] z = NORMALS.get();
        for (int i = 0; i < length; i++) {
            z[i] = normal.nextGaussian();
        }
        if (dims == 1) {
            stepOneDim(values, z, first, length);
            return;
        }
        for (int i = 0, d = firstDim; i < length; d = 0) {
            int run = Math.min(length - i, dims - d);
            stepRun(values, z, i, first + i, d, run);
            i += run;
        }
    }

    /** Values {@code [i, i + run)}, states {@code [state, state + run)}, dimensions {@code [d, d + run)}. */
    private void stepRun(double[] values, double[] z, int i, int state, int d, int run) {
        double keep = rmsDecay;
        double add = 1 - rmsDecay;
        for (int k = 0; k < run; k++) {
            double x = values[i + k];
            double g = curvatures[d + k] * x + noiseDeviations[d + k] * z[i + k] + l2 * x;
            double v = meanSquare[state + k] * keep + g * g * add;
            meanSquare[state + k] = v;
            double u = g / (Math.sqrt(v) + epsilon) * learningRate;
            values[i + k] = x - (u + decay * x);
        }
    }

    private void stepOneDim(double[] values, double[] z, int first, int length) {
        double keep = rmsDecay;
        double add = 1 - rmsDecay;
        double h = curvatures[0];
        double noise = noiseDeviations[0];
        for (int i = 0; i < length; i++) {
            double x = values[i];
            double g = h * x + noise * z[i] + l2 * x;
            double v = meanSquare[first + i] * keep + g * g * add;
            meanSquare[first + i] = v;
            double u = g / (Math.sqrt(v) + epsilon) * learningRate;
            values[i] = x - (u + decay * x);
        }
    }
}
