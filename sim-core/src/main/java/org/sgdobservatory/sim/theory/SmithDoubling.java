package org.sgdobservatory.sim.theory;

import java.util.Arrays;

/**
 * Smith's doubling iteration for the discrete Lyapunov series {@code S = sum_{j>=0} A^j Q (A^j)^T}:
 * {@code S <- S + A_k S A_k^T}, {@code A_k <- A_k^2}, which sums the series in {@code log2} of the number of
 * steps to convergence and detects instability by the growth of {@code A_k} (R. A. Smith, SIAM J. Appl. Math. 16
 * (1968) 198-201). Works on row-major flat copies with small dense kernels. Used by
 * {@link Lyapunov#discrete}, which checks the shapes first. Stateless and thread-safe.
 */
final class SmithDoubling {

    private static final int MAX_DOUBLINGS = 80;

    private SmithDoubling() {
    }

    /**
     * The series {@code sum_{j>=0} A^j Q (A^j)^T} for square {@code D x D} matrices of one dimension.
     *
     * @return a fresh {@code D x D} array
     * @throws IllegalArgumentException if the powers of {@code A} do not decay (spectral radius {@code >= 1})
     */
    static double[][] sum(double[][] a, double[][] q) {
        int d = a.length;
        double[] ak = flatten(a);
        double[] s = flatten(q);
        double[] tmp = new double[d * d];
        double[] inc = new double[d * d];
        double[] next = new double[d * d];
        for (int k = 0; k < MAX_DOUBLINGS; k++) {
            double normA = frobenius(ak);
            if (normA * normA <= 1e-18) {
                return unflatten(s, d);
            }
            if (!(normA < 1e150)) {
                break;
            }
            multiply(ak, s, tmp, d);          // tmp = A_k S
            multiplyTransposed(tmp, ak, inc, d); // inc = A_k S A_k^T
            for (int i = 0; i < s.length; i++) {
                s[i] += inc[i];
            }
            multiply(ak, ak, next, d);
            double[] swap = ak;
            ak = next;
            next = swap;
        }
        throw new IllegalArgumentException("A must have spectral radius < 1 for a stationary state, but "
                + "its powers do not decay (spectral radius >= 1, or within 1e-20 of 1); reduce the "
                + "learning rate or check that the curvature is positive definite");
    }

    private static double[] flatten(double[][] m) {
        int d = m.length;
        double[] f = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(m[i], 0, f, i * d, d);
        }
        return f;
    }

    private static double[][] unflatten(double[] f, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(f, i * d, m[i], 0, d);
        }
        return m;
    }

    /** {@code c = a b}. */
    private static void multiply(double[] a, double[] b, double[] c, int d) {
        Arrays.fill(c, 0);
        for (int i = 0; i < d; i++) {
            int ci = i * d;
            for (int k = 0; k < d; k++) {
                double aik = a[ci + k];
                if (aik == 0) {
                    continue;
                }
                int bk = k * d;
                for (int j = 0; j < d; j++) {
                    c[ci + j] += aik * b[bk + j];
                }
            }
        }
    }

    /** {@code c = a b^T}. */
    private static void multiplyTransposed(double[] a, double[] b, double[] c, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                int ai = i * d;
                int bj = j * d;
                for (int k = 0; k < d; k++) {
                    sum += a[ai + k] * b[bj + k];
                }
                c[i * d + j] = sum;
            }
        }
    }

    private static double frobenius(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
