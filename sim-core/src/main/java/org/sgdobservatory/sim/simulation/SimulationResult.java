package org.sgdobservatory.sim.simulation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sgdobservatory.sim.stats.Autocorrelation;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.stats.Histogram;
import org.sgdobservatory.sim.stats.StreamingCovariance;
import org.sgdobservatory.sim.stats.StreamingCrossMoments;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * The statistics of one {@link Simulation} run, pooled over chains and recorded steps.
 *
 * <p>Standard errors come from the spread over independent groups of chains (or, with fewer than 8
 * groups, over (group, time block) cells), so they need no autocorrelation model. Optional
 * statistics not requested return {@link Optional#empty()}. Immutable after construction; safe to
 * read from several threads.
 */
public final class SimulationResult {
    private final Simulation simulation;
    private final StreamingMoments moments;
    private final StreamingCrossMoments cross;
    private final StreamingCrossMoments lagged;
    private final StreamingCovariance covariance;
    private final Histogram[] histograms;
    private final double[] trace;          // recorded steps x (tracedChains * dims), row-major
    private final int tracedChains;
    private final double[] finalStates;    // chains x dims, row-major
    private final int recordedSteps;
    private final double seconds;

    SimulationResult(Simulation simulation, StreamingMoments moments, StreamingCrossMoments cross,
            StateRecorder states, double[] finalStates, int recordedSteps, double seconds) {
        this.simulation = simulation;
        this.moments = moments;
        this.cross = cross;
        this.lagged = states.lagged();
        this.covariance = states.covariance();
        this.histograms = states.histograms();
        this.trace = states.traceValues();
        this.tracedChains = states.tracedChains();
        this.finalStates = finalStates;
        this.recordedSteps = recordedSteps;
        this.seconds = seconds;
    }

    /** The configuration that produced this result. */
    public Simulation simulation() {
        return simulation;
    }

    /** Number of dimensions. */
    public int dims() {
        return simulation.oracle().dims();
    }

    /** Recorded steps per chain. */
    public int recordedSteps() {
        return recordedSteps;
    }

    /** Wall-clock seconds the run took. */
    public double seconds() {
        return seconds;
    }

    /** Chain-steps per second, burn-in included. */
    public double chainStepsPerSecond() {
        return (double) simulation.chains() * simulation.totalSteps() / seconds;
    }

    /** Whether every chain's final state is finite (false: the run diverged). */
    public boolean finite() {
        return Arrays.stream(finalStates).allMatch(Double::isFinite);
    }

    /** The stationary mean of dimension {@code d}. */
    public Estimate mean(int d) {
        return moments.mean(d);
    }

    /** The stationary variance of dimension {@code d} (population form). */
    public Estimate variance(int d) {
        return moments.variance(d);
    }

    /** All per-dimension variances, as values. */
    public double[] variances() {
        return varianceEstimates().stream().mapToDouble(Estimate::value).toArray();
    }

    /**
     * The stationary variance of every dimension, as {@link #variance(int)} gives it, computed in one pass
     * (calling {@code variance(d)} for every d is quadratic in the number of dimensions).
     */
    public List<Estimate> varianceEstimates() {
        return List.of(moments.variances());
    }

    /** The full covariance matrix, if {@link Statistic#COVARIANCE} was collected. */
    public Optional<double[][]> covariance() {
        return Optional.ofNullable(covariance).map(StreamingCovariance::covariance);
    }

    /** Standard errors of the covariance entries, if collected. */
    public Optional<double[][]> covarianceStandardErrors() {
        return Optional.ofNullable(covariance).map(StreamingCovariance::standardErrors);
    }

    /** The FDR ratio {@code 2 Cov(theta, u) / E[u^2]} of dimension {@code d}, if collected. */
    public Optional<Estimate> fdrRatio(int d) {
        return Optional.ofNullable(cross).map(c -> c.fdrRatio(d));
    }

    /**
     * The autocorrelation of dimension {@code d} at a lag of one recorded step ({@code thin} steps),
     * from all chains, if {@link Statistic#AUTOCORRELATION} was collected.
     */
    public Optional<Estimate> lagOneAutocorrelation(int d) {
        return Optional.ofNullable(lagged).map(l -> l.correlation(d));
    }

    /** The histogram of dimension {@code d}, if collected. */
    public Optional<Histogram> histogram(int d) {
        return Optional.ofNullable(histograms).map(h -> h[d]);
    }

    /** The recorded trace of traced chain {@code chain} in dimension {@code d}, if collected. */
    public Optional<double[]> trace(int chain, int d) {
        if (trace == null) {
            return Optional.empty();
        }
        if (!(chain >= 0 && chain < tracedChains)) {
            throw new IllegalArgumentException("chain must be in [0, " + tracedChains + "), was " + chain);
        }
        int width = tracedChains * dims();
        int column = chain * dims() + d;
        double[] t = new double[trace.length / width];
        for (int i = 0; i < t.length; i++) {
            t[i] = trace[i * width + column];
        }
        return Optional.of(t);
    }

    /** Traces of dimension {@code d} of every traced chain. */
    public Optional<double[][]> traces(int d) {
        if (trace == null) {
            return Optional.empty();
        }
        double[][] all = new double[tracedChains][];
        for (int c = 0; c < tracedChains; c++) {
            all[c] = trace(c, d).orElseThrow();
        }
        return Optional.of(all);
    }

    /** The mean autocorrelation function of dimension {@code d} up to {@code maxLag}, if traced. */
    public Optional<double[]> autocorrelation(int d, int maxLag) {
        return traces(d).map(t -> Autocorrelation.function(t, maxLag));
    }

    /** Integrated autocorrelation time of dimension {@code d} (Sokal window), if traced. */
    public Optional<Autocorrelation.IntegratedTime> integratedTime(int d) {
        return traces(d).map(Autocorrelation::integratedTime);
    }

    /** The final state of every chain, {@code chains x dims} (a copy). */
    public double[][] finalStates() {
        int dims = dims();
        double[][] states = new double[finalStates.length / dims][];
        for (int c = 0; c < states.length; c++) {
            states[c] = Arrays.copyOfRange(finalStates, c * dims, (c + 1) * dims);
        }
        return states;
    }
}
