package org.sgdobservatory.sim.spectral;

import java.util.stream.IntStream;

/**
 * The orthonormal Krylov basis of one {@link Lanczos} run: {@code capacity} vectors of length
 * {@code n}, and the vector kernels the run needs (dot products, classical Gram-Schmidt applied twice,
 * the in-place change of basis to Ritz vectors).
 *
 * <p>Every kernel splits the coordinates into fixed chunks of {@value #CHUNK}; a chunk's partial sums
 * are formed in a fixed order and the chunk results are added in chunk order, so the results do not
 * depend on how many threads run the chunks (runs are reproducible bit for bit). Chunks run in
 * parallel on the common fork-join pool when there are at least two. Not thread-safe: one instance
 * belongs to one run.
 */
final class KrylovBasis {
    static final int CHUNK = 1 << 13;
    private static final int ROTATION_CHUNK = 1 << 10;

    private final int n;
    private final double[][] vectors;
    private final int chunks;
    private final double[][] partial;

    KrylovBasis(int n, int capacity) {
        this.n = n;
        this.vectors = new double[capacity][n];
        this.chunks = (n + CHUNK - 1) / CHUNK;
        this.partial = new double[chunks][capacity];
    }

    /** Basis vector {@code i} (the live array, not a copy). */
    double[] vector(int i) {
        return vectors[i];
    }

    /** Hands the first {@code count} vectors over (the basis must not be used afterwards). */
    double[][] release(int count) {
        double[][] out = new double[count][];
        System.arraycopy(vectors, 0, out, 0, count);
        return out;
    }

    private IntStream chunkRange() {
        IntStream range = IntStream.range(0, chunks);
        return chunks > 1 ? range.parallel() : range;
    }

    /** {@code a . b}, chunk-wise in a fixed order. */
    double dot(double[] a, double[] b) {
        double[] sums = new double[chunks];
        chunkRange().forEach(c -> {
            int end = Math.min(n, (c + 1) * CHUNK);
            double s = 0;
            for (int i = c * CHUNK; i < end; i++) {
                s += a[i] * b[i];
            }
            sums[c] = s;
        });
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total;
    }

    /** {@code ||a||}. */
    double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code target = source * factor}. */
    void scaleInto(double[] source, double factor, double[] target) {
        chunkRange().forEach(c -> {
            int end = Math.min(n, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                target[i] = source[i] * factor;
            }
        });
    }

    /**
     * Classical Gram-Schmidt against basis vectors {@code 0..count-1}, applied twice ("twice is
     * enough": Giraud, Langou &amp; Rozloznik, Comput. Math. Appl. 50 (2005) 1069-1075): after the second
     * pass {@code w} is orthogonal to the basis to working precision whatever the cancellation in the
     * first. The coefficients of both passes are added into {@code coefficients[0..count)} (cleared
     * first), so {@code coefficients[i]} is {@code v_i . w} of the original {@code w}.
     */
    void orthogonalize(double[] w, int count, double[] coefficients) {
        java.util.Arrays.fill(coefficients, 0, count, 0.0);
        for (int pass = 0; pass < 2; pass++) {
            chunkRange().forEach(c -> {
                int start = c * CHUNK;
                int end = Math.min(n, start + CHUNK);
                double[] p = partial[c];
                for (int j = 0; j < count; j++) {
                    double[] v = vectors[j];
                    double s = 0;
                    for (int i = start; i < end; i++) {
                        s += v[i] * w[i];
                    }
                    p[j] = s;
                }
            });
            double[] h = new double[count];
            for (int c = 0; c < chunks; c++) {
                for (int j = 0; j < count; j++) {
                    h[j] += partial[c][j];
                }
            }
            chunkRange().forEach(c -> {
                int start = c * CHUNK;
                int end = Math.min(n, start + CHUNK);
                for (int j = 0; j < count; j++) {
                    double[] v = vectors[j];
                    double hj = h[j];
                    for (int i = start; i < end; i++) {
                        w[i] -= hj * v[i];
                    }
                }
            });
            for (int j = 0; j < count; j++) {
                coefficients[j] += h[j];
            }
        }
    }

    /**
     * Change of basis in place: {@code v_i <- sum_{j<count} v_j Y[j][columns[i]]} for
     * {@code i < columns.length}, i.e. the first {@code columns.length} basis vectors become the Ritz
     * vectors {@code V y}. Uses a work block of {@code count x 1024} doubles per running chunk.
     */
    void rotate(double[][] y, int count, int[] columns) {
        int keep = columns.length;
        int rotationChunks = (n + ROTATION_CHUNK - 1) / ROTATION_CHUNK;
        IntStream range = IntStream.range(0, rotationChunks);
        (rotationChunks > 1 ? range.parallel() : range).forEach(c -> {
            int start = c * ROTATION_CHUNK;
            int len = Math.min(n, start + ROTATION_CHUNK) - start;
            double[] block = new double[count * len];
            for (int j = 0; j < count; j++) {
                System.arraycopy(vectors[j], start, block, j * len, len);
            }
            for (int i = 0; i < keep; i++) {
                double[] target = vectors[i];
                int col = columns[i];
                for (int r = 0; r < len; r++) {
                    target[start + r] = 0;
                }
                for (int j = 0; j < count; j++) {
                    double yji = y[j][col];
                    int offset = j * len;
                    for (int r = 0; r < len; r++) {
                        target[start + r] += yji * block[offset + r];
                    }
                }
            }
        });
    }
}
