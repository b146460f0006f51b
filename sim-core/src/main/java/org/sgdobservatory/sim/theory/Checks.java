package org.sgdobservatory.sim.theory;

/**
 * Argument checks in the positive form ({@code if (x > 0) return}), so that NaN fails them too.
 * Messages name the parameter, the value, the allowed range and a remedy.
 */
final class Checks {

    private Checks() {
    }

    static double positive(String name, double value, String remedy) {
        if (value > 0 && value < Double.POSITIVE_INFINITY) {
            return value;
        }
        throw new IllegalArgumentException(
                name + " must be finite and > 0, was " + value + "; " + remedy);
    }

    static double nonNegative(String name, double value, String remedy) {
        if (value >= 0 && value < Double.POSITIVE_INFINITY) {
            return value;
        }
        throw new IllegalArgumentException(
                name + " must be finite and >= 0, was " + value + "; " + remedy);
    }

    static double finite(String name, double value, String remedy) {
        if (Double.isFinite(value)) {
            return value;
        }
        throw new IllegalArgumentException(name + " must be finite, was " + value + "; " + remedy);
    }

    static double inRange(String name, double value, double lowInclusive, double highExclusive,
            String remedy) {
        if (value >= lowInclusive && value < highExclusive) {
            return value;
        }
        throw new IllegalArgumentException(name + " must be in [" + lowInclusive + ", " + highExclusive
                + "), was " + value + "; " + remedy);
    }

    /** Checks a square matrix of finite entries and returns its dimension. */
    static int square(String name, double[][] m) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty square matrix, was "
                    + (m == null ? "null" : "0 x 0") + "; pass a D x D array with D >= 1");
        }
        int d = m.length;
        for (int i = 0; i < d; i++) {
            if (m[i] == null || m[i].length != d) {
                throw new IllegalArgumentException(name + " must be square " + d + " x " + d
                        + ", but row " + i + " has length " + (m[i] == null ? "null" : m[i].length)
                        + "; pass a D x D array");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite, was "
                            + m[i][j] + "; remove NaN/infinite entries before solving");
                }
            }
        }
        return d;
    }

    static void sameDimension(String name, double[][] m, int d) {
        int dm = square(name, m);
        if (dm != d) {
            throw new IllegalArgumentException(name + " must be " + d + " x " + d + " like the curvature,"
                    + " was " + dm + " x " + dm + "; pass matrices of one dimension");
        }
    }

    /** Checks symmetry to a relative tolerance of {@code 1e-10} of the largest entry. */
    static void symmetric(String name, double[][] m) {
        int d = m.length;
        double scale = 0;
        for (double[] row : m) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tol = 1e-10 * scale;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (!(Math.abs(m[i][j] - m[j][i]) <= tol)) {
                    throw new IllegalArgumentException(name + " must be symmetric, but " + name + "[" + i
                            + "][" + j + "] = " + m[i][j] + " differs from " + name + "[" + j + "][" + i
                            + "] = " + m[j][i] + "; symmetrise it as (M + M^T)/2 or use the discrete solver");
                }
            }
        }
    }
}
