package org.sgdobservatory.sim.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sgdobservatory.sim.gradient.GradientOracle;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.stats.StreamingCovariance;

/**
 * Runs {@code C} independent chains of a stochastic optimizer together: each step is a handful of
 * whole-array ND4J operations on {@code chains x dims} buffers
 * ({@code g = g_hat(x)}; {@code g += l2 x}; {@code u = updater(g)}; {@code u += wd x};
 * {@code x -= u}). Plain SGD and RMSProp on a diagonal quadratic with diagonal Gaussian noise (without
 * the {@link Statistic#FDR}) take the step and the moments in one fused pass instead
 * ({@code FusedSgdStep}, {@code FusedRmsPropStep}). After {@code burnIn} steps, every {@code thin}-th
 * state is folded into streaming, mergeable statistics; see {@link SimulationResult}. Each
 * {@link #run()} is carried out by a {@code SimulationRun}.
 *
 * <p>A {@code Simulation} is an immutable configuration made by {@link #builder()}; {@link #run()}
 * may be called repeatedly and gives bitwise-identical results for the same seed on the same
 * backend; the work done in Java (the Gaussian draws, the fused step) is split into fixed chunks with
 * their own generators, so the number of Java threads does not change them. Thread-safe (each run
 * has its own state).
 */
public final class Simulation {
    private static final int MAX_GROUPS = 32;

    private final GradientOracle oracle;
    private final Updater updater;
    private final int chains;
    private final int steps;
    // Package-private: the settings SimulationRun and StateRecorder read (never written after construction).
    final List<Regularization> regularization;
    final int burnIn;
    final int thin;
    final long seed;
    final double[] initialState;
    final Set<Statistic> statistics;
    final double histogramLower;
    final double histogramUpper;
    final int histogramBins;
    final int tracedChains;
    final int maxTraceLength;

    private Simulation(Builder b) {
        this.oracle = b.oracle;
        this.updater = b.updater;
        this.regularization = List.copyOf(b.regularization);
        this.chains = b.chains;
        this.steps = b.steps;
        this.burnIn = b.burnIn;
        this.thin = b.thin;
        this.seed = b.seed;
        this.initialState = b.initialState == null ? new double[oracle.dims()] : b.initialState.clone();
        this.statistics = b.statistics.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(b.statistics);
        this.histogramLower = b.histogramLower;
        this.histogramUpper = b.histogramUpper;
        this.histogramBins = b.histogramBins;
        this.tracedChains = Math.min(b.tracedChains, chains);
        this.maxTraceLength = b.maxTraceLength;
    }

    /** A builder with defaults: 1000 chains, 10 000 steps, burn-in 1000, thin 1, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of chains. */
    public int chains() {
        return chains;
    }

    /** The optimizer. */
    public Updater updater() {
        return updater;
    }

    /** The gradient source. */
    public GradientOracle oracle() {
        return oracle;
    }

    /** All steps of a run, burn-in included. */
    public int totalSteps() {
        return burnIn + steps;
    }

    /** Recorded steps after burn-in and thinning. */
    public int recordedSteps() {
        return steps / thin;
    }

    /** Runs the chains and returns the statistics. */
    public SimulationResult run() {
        return run(SimulationProgress.NONE);
    }

    /** Runs the chains, reporting progress, and returns the statistics. */
    public SimulationResult run(SimulationProgress progress) {
        return new SimulationRun(this, progress).run();
    }

    /**
     * The number of independent chain groups a run of {@code chains} chains uses for its standard errors: the
     * largest divisor of {@code chains} not above {@value #MAX_GROUPS}.
     */
    public static int groupCount(int chains) {
        for (int g = Math.min(MAX_GROUPS, chains); g > 1; g--) {
            if (chains % g == 0) {
                return g;
            }
        }
        return 1;
    }

    @Override
    public String toString() {
        return "Simulation(" + oracle + ", " + updater + ", reg=" + regularization + ", chains=" + chains
                + ", steps=" + steps + ", burnIn=" + burnIn + ", thin=" + thin + ", seed=" + seed + ")";
    }

    /** Builds a {@link Simulation}; every setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private GradientOracle oracle;
        private Updater updater;
        private final List<Regularization> regularization = new ArrayList<>();
        private int chains = 1000;
        private int steps = 10_000;
        private int burnIn = 1000;
        private int thin = 1;
        private long seed = 42;
        private double[] initialState;
        private final Set<Statistic> statistics = EnumSet.noneOf(Statistic.class);
        private double histogramLower = Double.NaN;
        private double histogramUpper = Double.NaN;
        private int histogramBins;
        private int tracedChains = 16;
        private int maxTraceLength = 100_000;

        private Builder() {
        }

        /** The source of stochastic gradients (required). */
        public Builder gradient(GradientOracle oracle) {
            this.oracle = java.util.Objects.requireNonNull(oracle, "oracle");
            return this;
        }

        /** The optimizer (required). */
        public Builder updater(Updater updater) {
            this.updater = java.util.Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** Adds L2 or weight decay, applied as DL4J does. */
        public Builder regularization(Regularization r) {
            this.regularization.add(java.util.Objects.requireNonNull(r, "regularization"));
            return this;
        }

        /** Number of independent chains, {@code >= 1}. */
        public Builder chains(int chains) {
            this.chains = positive("chains", chains);
            return this;
        }

        /** Steps recorded after burn-in, {@code >= 1}. */
        public Builder steps(int steps) {
            this.steps = positive("steps", steps);
            return this;
        }

        /** Steps discarded before recording, {@code >= 0}. */
        public Builder burnIn(int burnIn) {
            if (!(burnIn >= 0)) {
                throw new IllegalArgumentException("burnIn must be >= 0, was " + burnIn);
            }
            this.burnIn = burnIn;
            return this;
        }

        /** Record every {@code thin}-th step, {@code >= 1}. */
        public Builder thin(int thin) {
            this.thin = positive("thin", thin);
            return this;
        }

        /** The seed of every random draw of the run. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The state every chain starts from (default: the origin). */
        public Builder initialState(double... initialState) {
            for (double v : initialState) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("initialState must be finite, was "
                            + Arrays.toString(initialState));
                }
            }
            this.initialState = initialState.clone();
            return this;
        }

        /** Extra statistics to collect. */
        public Builder collect(Statistic first, Statistic... more) {
            statistics.add(first);
            statistics.addAll(Arrays.asList(more));
            return this;
        }

        /** Histogram grid {@code [lower, upper)} with {@code bins} bins; enables {@link Statistic#HISTOGRAM}. */
        public Builder histogram(double lower, double upper, int bins) {
            if (!(upper > lower) || !(bins >= 1)) {
                throw new IllegalArgumentException("histogram needs lower < upper and bins >= 1, got ["
                        + lower + ", " + upper + ") with " + bins + " bins");
            }
            this.histogramLower = lower;
            this.histogramUpper = upper;
            this.histogramBins = bins;
            statistics.add(Statistic.HISTOGRAM);
            return this;
        }

        /** How many chains keep full traces for autocorrelation (default 16). */
        public Builder tracedChains(int tracedChains) {
            this.tracedChains = positive("tracedChains", tracedChains);
            return this;
        }

        /** The longest trace kept per traced chain (default 100 000 recorded steps). */
        public Builder maxTraceLength(int maxTraceLength) {
            this.maxTraceLength = positive("maxTraceLength", maxTraceLength);
            return this;
        }

        /**
         * Validates the whole configuration and builds it.
         *
         * @throws IllegalArgumentException naming the missing or inconsistent setting
         */
        public Simulation build() {
            if (oracle == null) {
                throw new IllegalArgumentException("no gradient source: call gradient(...) with e.g."
                        + " NoisyGradient.of(landscape, noise)");
            }
            if (updater == null) {
                throw new IllegalArgumentException("no optimizer: call updater(...) with e.g. new Sgd(0.1)");
            }
            if (initialState != null && initialState.length != oracle.dims()) {
                throw new IllegalArgumentException("initialState has " + initialState.length
                        + " entries but the problem has " + oracle.dims() + " dims");
            }
            if (statistics.contains(Statistic.HISTOGRAM) && Double.isNaN(histogramLower)) {
                throw new IllegalArgumentException("HISTOGRAM needs a grid: call histogram(lower, upper, bins)");
            }
            if (statistics.contains(Statistic.COVARIANCE) && oracle.dims() > StreamingCovariance.MAX_DIMS) {
                throw new IllegalArgumentException("COVARIANCE is kept for at most "
                        + StreamingCovariance.MAX_DIMS + " dims, the problem has " + oracle.dims());
            }
            if (steps / thin < 1) {
                throw new IllegalArgumentException("steps/thin must be >= 1, got " + steps + "/" + thin);
            }
            return new Simulation(this);
        }

        private static int positive(String name, int value) {
            if (value >= 1) {
                return value;
            }
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }
}
