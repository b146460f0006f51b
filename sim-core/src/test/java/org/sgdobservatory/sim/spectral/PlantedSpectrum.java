package org.sgdobservatory.sim.spectral;

import java.util.SplittableRandom;

/**
 * A matrix-free symmetric operator with known top eigenpairs, shaped like a network Hessian (a few
 * outliers above a bulk): {@code A = (I - U U') D (I - U U') + U diag(s) U'}. {@code D} is diagonal
 * with entries uniform in {@code [0, 1)}; the columns {@code u_j} of {@code U} have disjoint random
 * supports of {@code support} coordinates with entries {@code +-1/sqrt(support)}, so they are
 * orthonormal. Then {@code A u_j = s_j u_j} exactly, and the remaining eigenvalues are those of
 * {@code D} compressed to the complement of {@code U}, inside {@code [0, 1)} (Cauchy interlacing):
 * every spike {@code s_j >= 1} is a top eigenvalue. A product costs {@code O(n + r support)} and one
 * work vector. Not thread-safe (work array).
 */
final class PlantedSpectrum implements SymmetricOperator {
    private final int n;
    private final double[] diagonal;
    private final double[] spikes;
    private final int[][] supports;
    private final double[][] entries;
    private final double[] projected;

    PlantedSpectrum(int n, double[] spikes, int support, long seed) {
        if (!((long) spikes.length * support <= n)) {
            throw new IllegalArgumentException("spikes x support must fit in n");
        }
        SplittableRandom random = new SplittableRandom(seed);
        this.n = n;
        this.diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = random.nextDouble();
        }
        this.spikes = spikes.clone();
        // Disjoint supports: a partial Fisher-Yates shuffle of the coordinates.
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int r = spikes.length;
        this.supports = new int[r][support];
        this.entries = new double[r][support];
        double scale = 1 / Math.sqrt(support);
        for (int j = 0; j < r; j++) {
            for (int t = 0; t < support; t++) {
                int pos = j * support + t;
                int swap = pos + random.nextInt(n - pos);
                int tmp = perm[pos];
                perm[pos] = perm[swap];
                perm[swap] = tmp;
                supports[j][t] = perm[pos];
                entries[j][t] = random.nextBoolean() ? scale : -scale;
            }
        }
        this.projected = new double[n];
    }

    /** Spikes {@code s_j} (the planted eigenvalues). */
    double[] spikes() {
        return spikes.clone();
    }

    /** The planted eigenvector {@code u_j} as a dense vector. */
    double[] spikeVector(int j) {
        double[] u = new double[n];
        for (int t = 0; t < supports[j].length; t++) {
            u[supports[j][t]] = entries[j][t];
        }
        return u;
    }

    private double dotSpike(int j, double[] x) {
        double s = 0;
        for (int t = 0; t < supports[j].length; t++) {
            s += entries[j][t] * x[supports[j][t]];
        }
        return s;
    }

    private void addSpike(int j, double c, double[] y) {
        for (int t = 0; t < supports[j].length; t++) {
            y[supports[j][t]] += c * entries[j][t];
        }
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void apply(double[] in, double[] out) {
        int r = spikes.length;
        double[] c = new double[r];
        System.arraycopy(in, 0, projected, 0, n);
        for (int j = 0; j < r; j++) {
            c[j] = dotSpike(j, in);
            addSpike(j, -c[j], projected);
        }
        for (int i = 0; i < n; i++) {
            out[i] = diagonal[i] * projected[i];
        }
        for (int j = 0; j < r; j++) {
            double d = dotSpike(j, out);
            addSpike(j, spikes[j] * c[j] - d, out);
        }
    }
}
