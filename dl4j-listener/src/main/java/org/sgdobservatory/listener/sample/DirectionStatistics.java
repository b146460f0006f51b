package org.sgdobservatory.listener.sample;

import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.TraceMoments;

/**
 * The projections' samples at one stride: mergeable {@link TraceMoments} of size {@code k} (at least 1) and a
 * histogram per direction. Not thread-safe.
 */
final class DirectionStatistics {

    /** Bins of the projections' histograms. */
    static final int HISTOGRAM_BINS = 64;

    private final TraceMoments moments;
    private final DoublingHistogram[] histograms;

    /**
     * @param k directions
     * @param blockLength samples per block of the statistics
     * @param maxBlocks block capacity of the statistics
     */
    DirectionStatistics(int k, int blockLength, int maxBlocks) {
        this.moments = new TraceMoments(Math.max(1, k), blockLength, maxBlocks);
        this.histograms = new DoublingHistogram[k];
        for (int i = 0; i < k; i++) {
            histograms[i] = new DoublingHistogram(HISTOGRAM_BINS);
        }
    }

    /** Adds the projections {@code before} the step and the {@code update} along them (both finite). */
    void add(double[] before, double[] update) {
        moments.add(before, update);
        for (int k = 0; k < histograms.length; k++) {
            histograms[k].add(before[k]);
        }
    }

    /** Samples added. */
    long count() {
        return moments.count();
    }

    /** The moments. */
    TraceMoments moments() {
        return moments;
    }

    /** The histogram of direction {@code k}. */
    DoublingHistogram.Bins histogram(int k) {
        return histograms[k].counts();
    }
}
