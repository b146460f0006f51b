package org.sgdobservatory.listener.sample;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.TraceMoments;

/**
 * Samples the projections {@code s_k = a_k . theta} of all parameters on the eigen-directions, before and after each
 * observed step, into mergeable {@link TraceMoments} of size {@code k} and a histogram per direction: one matrix-vector product of the {@code k x P}
 * projection matrix (kept in the network's data type, so the parameter view is read in place) with the parameter
 * vector per read, into a preallocated output; no allocation per iteration. Never writes to the network. Not
 * thread-safe.
 */
public final class DirectionSampler {

    private final DirectionBasis basis;
    private final INDArray projections;
    private final INDArray out;
    private final TraceMoments moments;
    private final DoublingHistogram[] histograms;
    private final double[] before;
    private final double[] update;
    private boolean pending;

    /**
     * A sampler for {@code basis} on a network whose parameters have data type {@code type}.
     *
     * @param blockLength samples per block of the statistics
     * @param maxBlocks block capacity of the statistics
     */
    public DirectionSampler(DirectionBasis basis, DataType type, int blockLength, int maxBlocks) {
        this.basis = basis;
        int k = basis.size();
        double[][] rows = new double[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = basis.projection(i);
        }
        this.projections = Nd4j.createFromArray(rows).castTo(type);
        this.out = Nd4j.create(type, k, 1);
        this.moments = new TraceMoments(Math.max(1, k), blockLength, maxBlocks);
        this.histograms = new DoublingHistogram[k];
        for (int i = 0; i < k; i++) {
            histograms[i] = new DoublingHistogram(HISTOGRAM_BINS);
        }
        this.before = new double[k];
        this.update = new double[k];
    }

    /** Reads the projections before the step. */
    public void beforeStep(NetworkAdapter adapter) {
        project(adapter, before);
        pending = true;
    }

    /** Reads them after the step and adds the sample; false when a projection is not finite (skipped). */
    public boolean afterStep(NetworkAdapter adapter) {
        if (!pending) {
            return true;
        }
        pending = false;
        project(adapter, update);
        for (int k = 0; k < update.length; k++) {
            update[k] = before[k] - update[k];
            if (!Double.isFinite(update[k]) || !Double.isFinite(before[k])) {
                return false;
            }
        }
        moments.add(before, update);
        for (int k = 0; k < histograms.length; k++) {
            histograms[k].add(before[k]);
        }
        return true;
    }

    private void project(NetworkAdapter adapter, double[] into) {
        INDArray params = adapter.params();
        projections.mmul(params.reshape(params.length(), 1), out);
        for (int k = 0; k < into.length; k++) {
            into[k] = out.getDouble(k);
        }
    }

    /** The basis. */
    public DirectionBasis basis() {
        return basis;
    }

    /** The projections' statistics. */
    public TraceMoments moments() {
        return moments;
    }

    /** Bins of the projections' histograms. */
    static final int HISTOGRAM_BINS = 64;

    /** The histogram of all observed values of projection {@code k}. */
    public DoublingHistogram.Bins histogram(int k) {
        return histograms[k].counts();
    }

    /** Bytes held: the projection matrix and the statistics. */
    public long bytesHeld() {
        return projections.length() * projections.dataType().width() + moments.bytesPerParameter() * moments.size();
    }
}
