package org.sgdobservatory.sim.spectral;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The orthonormal Krylov basis of one {@link Lanczos} run: {@code capacity} vectors of length
 * {@code n}, and the vector kernels the run needs (dot products, classical Gram-Schmidt applied twice,
 * the in-place change of basis to Ritz vectors).
 *
 * <p>Every kernel splits the coordinates into fixed chunks of {@value #CHUNK}; a chunk's partial sums
 * are formed in a fixed order and the chunk results are added in chunk order, so the results do not
 * depend on how many threads run the chunks (runs are reproducible bit for bit). Chunks run in
 * parallel on the common fork-join pool when there are at least {@value #PARALLEL_CHUNKS}. Not
 * thread-safe: one instance belongs to one run.
 *
 * <p>Speed: at large {@code n} these kernels, not the operator, dominate a run (at two million
 * coordinates and 40 basis vectors one reorthogonalisation reads 1.3 GB). They are arranged to read
 * the basis as few times as possible and to keep the floating-point units busy: a chunk is small
 * enough that its slice of every basis vector stays in the core's cache between the passes of
 * {@link #orthogonalize} (three sweeps over the basis, not four), and the loops take four basis
 * vectors at a time ({@link DotProducts#four}: eight independent sums for four dot products; one load
 * and store of the target for four updates).
 */
final class KrylovBasis {
    static final int CHUNK = 1 << 11;
    /**
     * Chunks run in parallel from this many on. Below it, waking the pool's workers for every kernel costs more than
     * the arithmetic: with a diagonal operator, 16 pairs at 4 810 and 8 192 coordinates (three and four chunks) took
     * 40 to 70 ms in parallel against 14 to 63 ms (mostly about 23) on the caller's thread; at 12 288 (six chunks)
     * parallel chunks won, 70 against 90 ms, and at 65 536, 130 against 210 ms. Five chunks were not measured and run
     * on the caller's thread.
     */
    static final int PARALLEL_CHUNKS = 6;
    /** Rotation chunks are grouped into at most this many tasks, each reusing one work block. */
    private static final int ROTATION_TASKS = 64;
    /** Coordinates per rotation slice. */
    private static final int ROTATION_SLICE = 256;

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
        return indices(chunks);
    }

    /** {@code 0 .. count-1}, in parallel when the basis has {@value #PARALLEL_CHUNKS} chunks or more. */
    private IntStream indices(int count) {
        IntStream range = IntStream.range(0, count);
        return chunks >= PARALLEL_CHUNKS ? range.parallel() : range;
    }

    private int start(int chunk) {
        return chunk * CHUNK;
    }

    private int end(int chunk) {
        return Math.min(n, (chunk + 1) * CHUNK);
    }

    /** {@code a . b}, chunk-wise in a fixed order. */
    double dot(double[] a, double[] b) {
        double[] sums = new double[chunks];
        chunkRange().forEach(c -> sums[c] = DotProducts.one(a, b, start(c), end(c)));
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
            for (int i = start(c), end = end(c); i < end; i++) {
                target[i] = source[i] * factor;
            }
        });
    }

    /**
     * Classical Gram-Schmidt against basis vectors {@code 0..count-1}, applied twice ("twice is
     * enough": Giraud, Langou &amp; Rozloznik, Comput. Math. Appl. 50 (2005) 1069-1075): after the second
     * pass {@code w} is orthogonal to the basis to working precision whatever the cancellation in the
     * first. The coefficients of both passes are added into {@code coefficients[0..count)} (cleared
     * first), so {@code coefficients[i]} is {@code v_i . w} of the original {@code w}. The first pass's
     * update and the second pass's dot products run in one sweep, chunk by chunk (the update of a
     * coordinate needs only the first pass's global coefficients).
     */
    void orthogonalize(double[] w, int count, double[] coefficients) {
        chunkRange().forEach(c -> dots(w, count, start(c), end(c), partial[c]));
        double[] first = chunkSums(count);
        chunkRange().forEach(c -> {
            subtract(w, count, first, start(c), end(c));
            dots(w, count, start(c), end(c), partial[c]);
        });
        double[] second = chunkSums(count);
        chunkRange().forEach(c -> subtract(w, count, second, start(c), end(c)));
        for (int j = 0; j < count; j++) {
            coefficients[j] = first[j] + second[j];
        }
    }

    /** The chunks' partial dot products added in chunk order. */
    private double[] chunkSums(int count) {
        double[] h = new double[count];
        for (int c = 0; c < chunks; c++) {
            double[] p = partial[c];
            for (int j = 0; j < count; j++) {
                h[j] += p[j];
            }
        }
        return h;
    }

    /** {@code out[j] = v_j . w} over coordinates {@code [start, end)}, four basis vectors at a time. */
    private void dots(double[] w, int count, int start, int end, double[] out) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            DotProducts.four(vectors[j], vectors[j + 1], vectors[j + 2], vectors[j + 3], w, start, end, out, j);
        }
        for (; j < count; j++) {
            out[j] = DotProducts.one(vectors[j], w, start, end);
        }
    }

    /** {@code w -= sum_j h_j v_j} over coordinates {@code [start, end)}, four basis vectors at a time. */
    private void subtract(double[] w, int count, double[] h, int start, int end) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            double[] v0 = vectors[j];
            double[] v1 = vectors[j + 1];
            double[] v2 = vectors[j + 2];
            double[] v3 = vectors[j + 3];
            double h0 = h[j];
            double h1 = h[j + 1];
            double h2 = h[j + 2];
            double h3 = h[j + 3];
            for (int i = start; i < end; i++) {
                w[i] -= h0 * v0[i] + h1 * v1[i] + h2 * v2[i] + h3 * v3[i];
            }
        }
        for (; j < count; j++) {
            double[] v = vectors[j];
            double hj = h[j];
            for (int i = start; i < end; i++) {
                w[i] -= hj * v[i];
            }
        }
    }

    /**
     * Change of basis in place: {@code v_i <- sum_{j<count} v_j Y[j][columns[i]]} for
     * {@code i < columns.length}, i.e. the first {@code columns.length} basis vectors become the Ritz
     * vectors {@code V y}. The coordinates are cut into slices of {@value #ROTATION_SLICE}, grouped into at
     * most {@value #ROTATION_TASKS} tasks by chunk; a task copies a slice of all {@code count} vectors into its
     * work block ({@code count x} {@value #ROTATION_SLICE} doubles, 80 KB at 40 vectors: it stays in the core's
     * cache while every new vector's slice is formed from it) and writes the slice's new vectors from it. Each
     * coordinate's sums run in the same order however the coordinates are cut.
     */
    void rotate(double[][] y, int count, int[] columns) {
        int tasks = Math.min(chunks, ROTATION_TASKS);
        indices(tasks).forEach(t -> {
            double[] block = new double[count * ROTATION_SLICE];
            double[] coefficients = new double[count];
            int from = start((int) ((long) t * chunks / tasks));
            int to = end((int) ((long) (t + 1) * chunks / tasks) - 1);
            for (int start = from; start < to; start += ROTATION_SLICE) {
                int len = Math.min(ROTATION_SLICE, to - start);
                for (int j = 0; j < count; j++) {
                    System.arraycopy(vectors[j], start, block, j * len, len);
                }
                for (int i = 0; i < columns.length; i++) {
                    for (int j = 0; j < count; j++) {
                        coefficients[j] = y[j][columns[i]];
                    }
                    combine(block, len, coefficients, count, vectors[i], start);
                }
            }
        });
    }

    /** {@code target[start + r] = sum_j a_j block[j len + r]} for {@code r < len}, four terms at a time. */
    private static void combine(double[] block, int len, double[] a, int count, double[] target, int start) {
        Arrays.fill(target, start, start + len, 0.0);
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            double a0 = a[j];
            double a1 = a[j + 1];
            double a2 = a[j + 2];
            double a3 = a[j + 3];
            int o0 = j * len;
            int o1 = o0 + len;
            int o2 = o1 + len;
            int o3 = o2 + len;
            for (int r = 0; r < len; r++) {
                target[start + r] += a0 * block[o0 + r] + a1 * block[o1 + r] + a2 * block[o2 + r]
                        + a3 * block[o3 + r];
            }
        }
        for (; j < count; j++) {
            double aj = a[j];
            int o = j * len;
            for (int r = 0; r < len; r++) {
                target[start + r] += aj * block[o + r];
            }
        }
    }
}
