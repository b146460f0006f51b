package org.sgdobservatory.sim.noise;

/** Cholesky factorisation {@code A = L L^T} of a small symmetric positive-definite matrix. */
final class Cholesky {
    private Cholesky() {
    }

    static double[][] lower(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("covariance must be square: row " + i + " has "
                        + a[i].length + " entries, expected " + n);
            }
            for (int j = 0; j <= i; j++) {
                if (!(Math.abs(a[i][j] - a[j][i]) <= 1e-12 * Math.max(1, Math.abs(a[i][j])))) {
                    throw new IllegalArgumentException("covariance must be symmetric: [" + i + "][" + j
                            + "]=" + a[i][j] + " but [" + j + "][" + i + "]=" + a[j][i]);
                }
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("covariance must be positive definite (pivot "
                                + i + " is " + s + "); use GaussianNoise.diagonal for independent noise"
                                + " or add a small ridge");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
