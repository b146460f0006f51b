package org.sgdobservatory.sim.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdobservatory.sim.gradient.GradientOracle;
import org.sgdobservatory.sim.gradient.GradientSampler;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.GradientUpdater;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.stats.Histogram;
import org.sgdobservatory.sim.stats.StreamingCovariance;
import org.sgdobservatory.sim.stats.StreamingCrossMoments;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * Runs {@code C} independent chains of a stochastic optimizer together: each step is a handful of
 * whole-array ND4J operations on {@code chains x dims} buffers
 * ({@code g = g_hat(x)}; {@code g += l2 x}; {@code u = updater(g)}; {@code u += wd x};
 * {@code x -= u}). Plain SGD and RMSProp on a diagonal quadratic with diagonal Gaussian noise (without
 * the {@link Statistic#FDR}) take the step and the moments in one fused pass instead
 * ({@code FusedSgdStep}, {@code FusedRmsPropStep}). After {@code burnIn} steps, every {@code thin}-th
 * state is folded into streaming, mergeable statistics; see {@link SimulationResult}.
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
    private final List<Regularization> regularization;
    private final int chains;
    private final int steps;
    private final int burnIn;
    private final int thin;
    private final long seed;
    private final double[] initialState;
    private final Set<Statistic> statistics;
    private final double histogramLower;
    private final double histogramUpper;
    private final int histogramBins;
    private final int tracedChains;
    private final int maxTraceLength;

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
        long started = System.nanoTime();
        int dims = oracle.dims();
        int groups = groupCount(chains);
        // Fewer than 8 independent chain groups: standard errors come from (chain group x time block)
        // cells instead, 16 equal time blocks (the last recorded % 16 samples are dropped).
        int timeBlocks = groups >= 8 || recordedSteps() < 32 ? 1 : 16;
        int recorded = recordedSteps() / timeBlocks * timeBlocks;
        int blockLength = recorded / timeBlocks;
        double l2 = 0;
        double decay = 0;
        for (Regularization r : regularization) {
            if (r instanceof Regularization.L2 l) {
                l2 += l.coefficient();
            } else if (r instanceof Regularization.WeightDecay w) {
                decay += w.coefficient() * (w.applyLearningRate() ? updater.learningRate() : 1.0);
            }
        }
        try (RandomStreams random = RandomStreams.of(seed)) {
            INDArray x = Nd4j.create(DataType.DOUBLE, chains, dims);
            x.addiRowVector(Nd4j.createFromArray(initialState).reshape(1, dims));
            // The FDR needs the update u itself; every other statistic reads only the states.
            FusedStep fused = statistics.contains(Statistic.FDR) ? null
                    : FusedStep.of(oracle, updater, l2, decay, chains, groups, random).orElse(null);
            INDArray g = fused != null ? null : Nd4j.create(DataType.DOUBLE, chains, dims);
            INDArray scratch = fused == null && (l2 != 0 || decay != 0)
                    ? Nd4j.create(DataType.DOUBLE, chains, dims) : null;
            GradientSampler sampler = fused != null ? null : oracle.open(chains, random);
            GradientUpdater state = fused != null ? null : updater.instantiate(chains, dims);

            List<StreamingMoments> moments = new ArrayList<>();
            List<StreamingCrossMoments> cross = new ArrayList<>();
            for (int t = 0; t < timeBlocks; t++) {
                moments.add(new StreamingMoments(groups, dims));
                if (statistics.contains(Statistic.FDR)) {
                    cross.add(new StreamingCrossMoments(groups, dims));
                }
            }
            StreamingCovariance covariance = statistics.contains(Statistic.COVARIANCE)
                    ? new StreamingCovariance(groups, dims) : null;
            Histogram[] histograms = null;
            if (statistics.contains(Statistic.HISTOGRAM)) {
                histograms = new Histogram[dims];
                for (int d = 0; d < dims; d++) {
                    histograms[d] = new Histogram(histogramLower, histogramUpper, histogramBins);
                }
            }
            int traceLength = Math.min(recorded, maxTraceLength);
            INDArray trace = statistics.contains(Statistic.AUTOCORRELATION) && traceLength > 1
                    ? Nd4j.create(DataType.DOUBLE, traceLength, (long) tracedChains * dims) : null;
            INDArray traced = trace == null ? null
                    : x.get(NDArrayIndex.interval(0, tracedChains), NDArrayIndex.all());

            StreamingCrossMoments lagged = statistics.contains(Statistic.AUTOCORRELATION)
                    ? new StreamingCrossMoments(groups, dims) : null;
            INDArray previous = lagged == null ? null : Nd4j.create(DataType.DOUBLE, chains, dims);
            int total = burnIn + steps;
            int recordedSoFar = 0;
            for (int step = 0; step < total; step++) {
                int sinceBurnIn = step - burnIn;
                boolean record = sinceBurnIn >= 0 && sinceBurnIn % thin == 0 && recordedSoFar < recorded;
                int block = record ? Math.min(recordedSoFar / blockLength, timeBlocks - 1) : -1;
                if (fused != null) {
                    // One pass: the moments of the current states, then the step (the other
                    // statistics below read the states before it, as on the general path).
                    if (record) {
                        recordStates(x, covariance, histograms, lagged, previous, recordedSoFar, trace, traced,
                                traceLength);
                        recordedSoFar++;
                    }
                    fused.step(x, record ? Optional.of(moments.get(block)) : Optional.empty());
                    progress.onStep(step + 1, total);
                    continue;
                }
                sampler.sample(x, g);
                if (l2 != 0) {
                    g.addi(scratch.assign(x).muli(l2));
                }
                state.applyUpdater(g, step);
                if (decay != 0) {
                    g.addi(scratch.assign(x).muli(decay));
                }
                if (record) {
                    moments.get(block).add(x);
                    if (!cross.isEmpty()) {
                        cross.get(block).add(x, g);
                    }
                    recordStates(x, covariance, histograms, lagged, previous, recordedSoFar, trace, traced,
                            traceLength);
                    recordedSoFar++;
                }
                x.subi(g);
                progress.onStep(step + 1, total);
            }
            if (fused != null) {
                fused.flush();
            }
            StreamingMoments pooled = mergeBlocks(moments, timeBlocks, groups, dims);
            StreamingCrossMoments pooledCross = cross.isEmpty() ? null : mergeCross(cross, groups, dims);
            return new SimulationResult(this, pooled, pooledCross, lagged, covariance, histograms,
                    trace == null ? null : trace.dup('c').data().asDouble(), tracedChains,
                    x.dup('c').data().asDouble(),
                    recordedSoFar, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Folds the states into the statistics that read only the states (not the moments, not the FDR). */
    private void recordStates(INDArray x, StreamingCovariance covariance, Histogram[] histograms,
            StreamingCrossMoments lagged, INDArray previous, int recordedSoFar, INDArray trace, INDArray traced,
            int traceLength) {
        if (covariance != null) {
            covariance.add(x);
        }
        if (histograms != null) {
            addToHistograms(histograms, x);
        }
        if (lagged != null) {
            if (recordedSoFar > 0) {
                lagged.add(previous, x);
            }
            previous.assign(x);
        }
        if (trace != null && recordedSoFar < traceLength) {
            trace.getRow(recordedSoFar).assign(traced.reshape(1, (long) tracedChains * x.columns()));
        }
    }

    private static void addToHistograms(Histogram[] histograms, INDArray x) {
        int dims = histograms.length;
        if (dims == 1) {
            histograms[0].addAll(x.data().asDouble());
            return;
        }
        double[][] columns = x.transpose().toDoubleMatrix();
        for (int d = 0; d < dims; d++) {
            histograms[d].addAll(columns[d]);
        }
    }

    /** Regroups time-blocked accumulators so each (chain group, time block) cell counts as a group. */
    private static StreamingMoments mergeBlocks(List<StreamingMoments> blocks, int timeBlocks, int groups, int dims) {
        if (timeBlocks == 1) {
            return blocks.get(0);
        }
        return StreamingMoments.stack(blocks);
    }

    private static StreamingCrossMoments mergeCross(List<StreamingCrossMoments> blocks, int groups, int dims) {
        StreamingCrossMoments all = new StreamingCrossMoments(groups, dims);
        for (StreamingCrossMoments b : blocks) {
            all.merge(b);
        }
        return all;
    }

    /** The largest divisor of {@code chains} not above {@value #MAX_GROUPS}. */
    static int groupCount(int chains) {
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
