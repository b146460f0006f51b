package org.sgdobservatory.sim.distance;

import java.util.Arrays;

/** Validation and sorting of samples. */
final class Samples {

    private Samples() {
    }

    /** A sorted copy of a non-empty sample of finite values. */
    static double[] sortedCopy(double[] sample) {
        if (sample == null || sample.length == 0) {
            throw new IllegalArgumentException("sample must hold at least one value, was "
                    + (sample == null ? "null" : "empty") + "; pass the recorded parameter trace");
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException("sample[" + i + "] must be finite, was " + sample[i]
                        + "; drop non-finite values (a diverged run) before comparing distributions");
            }
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    static void checkEdges(double[] edges) {
        if (edges == null || edges.length == 0) {
            throw new IllegalArgumentException("edges must hold at least one bin edge, was "
                    + (edges == null ? "null" : "empty") + "; pass increasing interior edges");
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("edges[" + i + "] must be finite, was " + edges[i]
                        + "; the two open tail bins are added automatically");
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing, but edges[" + i + "] = "
                        + edges[i] + " <= edges[" + (i - 1) + "] = " + edges[i - 1] + "; sort them");
            }
        }
    }
}
