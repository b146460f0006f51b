package org.sgdobservatory.benchmarks;

import java.util.SplittableRandom;

/**
 * The baseline a user would write by hand: 1-D SGD with Gaussian gradient noise on
 * {@code L = h x^2 / 2}, one scalar Java loop over the chains per step,
 * {@code x_i <- x_i - eta (h x_i + sigma z_i)} with {@code z_i} from
 * {@link SplittableRandom#nextGaussian()} (JDK 17: {@code RandomSupport.computeNextGaussian}, McFarland's
 * modified ziggurat over SplittableRandom's SplitMix64 stream).
 *
 * <p>To do the same bookkeeping as sim-core's {@code Simulation} (which folds every recorded state into
 * per-group streaming moments), each recorded step computes, in the same pass over the chains, the
 * mean and {@code M2} of every one of {@code groups} consecutive blocks of chains with Welford's
 * update, and merges them into running per-group accumulators with Chan et al.'s formula. With
 * {@code recordMoments = false} it is the bare stepping loop.
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
public final class ScalarSgdLoop {
    private final double curvature;
    private final double learningRate;
    private final double noiseStandardDeviation;
    private final int groups;
    private final double[] states;
    private final double[] groupMean;
    private final double[] groupM2;
    private double countPerGroup;
    private final SplittableRandom random;

    /**
     * @param chains number of chains, a multiple of {@code groups}
     * @param groups number of chain groups for the moments (sim-core uses the largest divisor of
     *     {@code chains} not above 32)
     * @param curvature {@code h}
     * @param learningRate {@code eta}
     * @param noiseVariance {@code sigma^2 >= 0}
     * @param seed seed of the {@link SplittableRandom}
     */
    public ScalarSgdLoop(int chains, int groups, double curvature, double learningRate, double noiseVariance,
            long seed) {
        if (!(groups >= 1 && chains >= groups && chains % groups == 0)) {
            throw new IllegalArgumentException("chains must be a positive multiple of groups, were chains="
                    + chains + ", groups=" + groups);
        }
        if (!(noiseVariance >= 0)) {
            throw new IllegalArgumentException("noiseVariance must be >= 0, was " + noiseVariance);
        }
        this.curvature = curvature;
        this.learningRate = learningRate;
        this.noiseStandardDeviation = Math.sqrt(noiseVariance);
        this.groups = groups;
        this.states = new double[chains];
        this.groupMean = new double[groups];
        this.groupM2 = new double[groups];
        this.random = new SplittableRandom(seed);
    }

    /**
     * Runs {@code steps} steps of every chain.
     *
     * @param recordMoments fold every step into the per-group moments (as sim-core does after burn-in)
     */
    public void run(int steps, boolean recordMoments) {
        for (int s = 0; s < steps; s++) {
            if (recordMoments) {
                stepAndRecord();
            } else {
                step();
            }
        }
    }

    private void step() {
        double[] x = states;
        double eta = learningRate;
        double h = curvature;
        double sigma = noiseStandardDeviation;
        SplittableRandom rng = random;
        for (int i = 0; i < x.length; i++) {
            x[i] -= eta * (h * x[i] + sigma * rng.nextGaussian());
        }
    }

    private void stepAndRecord() {
        double[] x = states;
        double eta = learningRate;
        double h = curvature;
        double sigma = noiseStandardDeviation;
        SplittableRandom rng = random;
        int perGroup = x.length / groups;
        // sim-core records the state before the update of the same step; the order does not change the cost.
        double na = countPerGroup;
        double nb = perGroup;
        double n = na + nb;
        for (int g = 0; g < groups; g++) {
            double mean = 0;
            double m2 = 0;
            int from = g * perGroup;
            for (int i = 0; i < perGroup; i++) {
                int k = from + i;
                double xi = x[k] - eta * (h * x[k] + sigma * rng.nextGaussian());
                x[k] = xi;
                double delta = xi - mean;
                mean += delta / (i + 1);
                m2 += delta * (xi - mean);
            }
            double d = mean - groupMean[g];
            groupM2[g] += m2 + d * d * na * nb / n;
            groupMean[g] += d * nb / n;
        }
        countPerGroup = n;
    }

    /** Pooled variance over all groups and recorded steps (population form), to check the run is sane. */
    public double pooledVariance() {
        double grand = 0;
        for (double m : groupMean) {
            grand += m;
        }
        grand /= groups;
        double total = 0;
        for (int g = 0; g < groups; g++) {
            double dm = groupMean[g] - grand;
            total += groupM2[g] / countPerGroup + dm * dm;
        }
        return total / groups;
    }

    /** The current state of chain 0 (keeps the JIT from discarding the loop). */
    public double firstState() {
        return states[0];
    }
}
