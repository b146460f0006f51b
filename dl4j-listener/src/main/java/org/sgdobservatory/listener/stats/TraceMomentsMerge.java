package org.sgdobservatory.listener.stats;

/**
 * Merges the {@link TraceMoments} of two consecutive segments of a trace (Chan, Golub and LeVeque 1983; the
 * listener's windows, threads or workers): the later segment's power sums are re-expressed about the earlier
 * segment's shift ({@code y' = y + d}, {@code d = s_later - s_earlier}, the powers of {@code y + d} expanded) and the
 * blocks are concatenated. Exact up to rounding when the earlier segment's count is a multiple of its block length;
 * otherwise its partial block is kept as a short block, which batch means skip. Stateless.
 */
final class TraceMomentsMerge {

    private TraceMomentsMerge() {
    }

    /**
     * A new instance holding {@code earlier} followed by {@code later}; neither input is modified.
     *
     * @throws IllegalArgumentException when sizes or block capacities differ
     */
    static TraceMoments merge(TraceMoments earlier, TraceMoments later) {
        int size = earlier.size;
        if (later.size != size || later.maxBlocks != earlier.maxBlocks) {
            throw new IllegalArgumentException("cannot merge moments of different shape: size " + size + "/"
                    + later.size + ", maxBlocks " + earlier.maxBlocks + "/" + later.maxBlocks);
        }
        TraceMoments out = new TraceMoments(size, Math.max(earlier.blockLength(), later.blockLength()),
                earlier.maxBlocks);
        long nb = later.count;
        out.count = earlier.count + nb;
        // an empty segment has no shift yet: take the other's
        double[] base = earlier.count == 0 ? later.shift : earlier.shift;
        System.arraycopy(base, 0, out.shift, 0, size);
        double[] d = new double[size];
        for (int p = 0; p < size; p++) {
            // the later segment about the earlier segment's shift: y' = y + d
            d[p] = later.count == 0 ? 0 : later.shift[p] - base[p];
            double dp = d[p];
            out.sumY[p] = earlier.sumY[p] + later.sumY[p] + nb * dp;
            out.sumY2[p] = earlier.sumY2[p] + later.sumY2[p] + 2 * dp * later.sumY[p] + nb * dp * dp;
            out.sumU[p] = earlier.sumU[p] + later.sumU[p];
            out.sumU2[p] = earlier.sumU2[p] + later.sumU2[p];
            out.sumYU[p] = earlier.sumYU[p] + later.sumYU[p] + dp * later.sumU[p];
            // (y + d)^3 and (y + d)^4 expanded
            out.sumY3[p] = earlier.sumY3[p] + later.sumY3[p] + 3 * dp * later.sumY2[p] + 3 * dp * dp * later.sumY[p]
                    + nb * dp * dp * dp;
            out.sumY4[p] = earlier.sumY4[p] + later.sumY4[p] + 4 * dp * later.sumY3[p] + 6 * dp * dp * later.sumY2[p]
                    + 4 * dp * dp * dp * later.sumY[p] + nb * dp * dp * dp * dp;
        }
        concatenateBlocks(earlier, later, d, out);
        double[] laterOpen = openBlockSums(later, 1);
        double[] laterOpen2 = openBlockSums(later, 2);
        for (int p = 0; p < size; p++) {
            out.blockStart[p] = out.sumY[p] - (laterOpen[p] + later.partialCount * d[p]);
            out.blockStart2[p] = out.sumY2[p] - (laterOpen2[p] + 2 * d[p] * laterOpen[p]
                    + later.partialCount * d[p] * d[p]);
        }
        out.partialCount = later.partialCount;
        return out;
    }

    /**
     * Appends to {@code out}'s blocks the earlier segment's closed blocks, its partial block (as a short block), and
     * the later segment's closed blocks shifted by {@code d}.
     */
    private static void concatenateBlocks(TraceMoments earlier, TraceMoments later, double[] d, TraceMoments out) {
        int size = earlier.size;
        BlockSums first = earlier.blocks;
        BlockSums second = later.blocks;
        double[] row = new double[size];
        double[] row2 = new double[size];
        for (int i = 0; i < first.closed(); i++) {
            float[] s = first.sums(i);
            float[] s2 = first.sums2(i);
            for (int p = 0; p < size; p++) {
                row[p] = s[p];
                row2[p] = s2[p];
            }
            out.blocks.append(row, row2, first.count(i));
        }
        if (earlier.partialCount > 0) {
            out.blocks.append(openBlockSums(earlier, 1), openBlockSums(earlier, 2), earlier.partialCount);
        }
        for (int i = 0; i < second.closed(); i++) {
            long c = second.count(i);
            float[] s = second.sums(i);
            float[] s2 = second.sums2(i);
            for (int p = 0; p < size; p++) {
                double s1 = s[p];
                row[p] = s1 + c * d[p];
                row2[p] = s2[p] + 2 * d[p] * s1 + c * d[p] * d[p];
            }
            out.blocks.append(row, row2, c);
        }
    }

    /** The open block's sums of {@code y} (power 1) or {@code y^2} (power 2) of {@code m}. */
    private static double[] openBlockSums(TraceMoments m, int power) {
        double[] out = new double[m.size];
        for (int p = 0; p < m.size; p++) {
            out[p] = power == 1 ? m.sumY[p] - m.blockStart[p] : m.sumY2[p] - m.blockStart2[p];
        }
        return out;
    }
}
