package org.sgdobservatory.sim.simulation;

import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdobservatory.sim.stats.Histogram;
import org.sgdobservatory.sim.stats.StreamingCovariance;
import org.sgdobservatory.sim.stats.StreamingCrossMoments;

/**
 * The statistics of one {@link Simulation} run that read only the recorded states, not the update: the
 * full covariance ({@link Statistic#COVARIANCE}), the per-dimension histograms ({@link Statistic#HISTOGRAM}),
 * and for {@link Statistic#AUTOCORRELATION} the lag-1 cross moments of consecutive recorded states and the
 * traces of the first chains. A statistic that was not requested is not allocated.
 *
 * <p>Made per run by {@link SimulationRun}; not thread-safe.
 */
final class StateRecorder {
    private final StreamingCovariance covariance;
    private final Histogram[] histograms;
    private final StreamingCrossMoments lagged;
    private final INDArray previous;
    private final INDArray trace;
    private final INDArray traced;
    private final int tracedChains;
    private final int traceLength;

    /**
     * Allocates the requested statistics.
     *
     * @param simulation the configuration (statistics, histogram grid, traced chains, trace length)
     * @param x the {@code chains x dims} states the run updates in place
     * @param groups independent groups of chains
     * @param recorded the number of states that will be recorded per chain
     */
    StateRecorder(Simulation simulation, INDArray x, int groups, int recorded) {
        Set<Statistic> statistics = simulation.statistics;
        int dims = simulation.oracle().dims();
        this.tracedChains = simulation.tracedChains;
        this.covariance = statistics.contains(Statistic.COVARIANCE) ? new StreamingCovariance(groups, dims) : null;
        if (statistics.contains(Statistic.HISTOGRAM)) {
            histograms = new Histogram[dims];
            for (int d = 0; d < dims; d++) {
                histograms[d] = new Histogram(simulation.histogramLower, simulation.histogramUpper,
                        simulation.histogramBins);
            }
        } else {
            histograms = null;
        }
        this.traceLength = Math.min(recorded, simulation.maxTraceLength);
        this.trace = statistics.contains(Statistic.AUTOCORRELATION) && traceLength > 1
                ? Nd4j.create(DataType.DOUBLE, traceLength, (long) tracedChains * dims) : null;
        this.traced = trace == null ? null : x.get(NDArrayIndex.interval(0, tracedChains), NDArrayIndex.all());
        this.lagged = statistics.contains(Statistic.AUTOCORRELATION) ? new StreamingCrossMoments(groups, dims) : null;
        this.previous = lagged == null ? null : Nd4j.create(DataType.DOUBLE, x.rows(), dims);
    }

    /**
     * Folds the current states into every allocated statistic.
     *
     * @param x the states
     * @param recordedSoFar how many states were recorded before this one
     */
    void record(INDArray x, int recordedSoFar) {
        if (covariance != null) {
            covariance.add(x);
        }
        if (histograms != null) {
            addToHistograms(x);
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

    private void addToHistograms(INDArray x) {
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

    /** The covariance accumulator, or null unless {@link Statistic#COVARIANCE} was requested. */
    StreamingCovariance covariance() {
        return covariance;
    }

    /** The histograms, or null unless {@link Statistic#HISTOGRAM} was requested. */
    Histogram[] histograms() {
        return histograms;
    }

    /** The lag-1 cross moments, or null unless {@link Statistic#AUTOCORRELATION} was requested. */
    StreamingCrossMoments lagged() {
        return lagged;
    }

    /** The traces, recorded steps x (traced chains x dims) row-major, or null when none were kept. */
    double[] traceValues() {
        return trace == null ? null : trace.dup('c').data().asDouble();
    }

    /** The number of chains whose traces are kept. */
    int tracedChains() {
        return tracedChains;
    }
}
