package org.sgdobservatory.sim.spectral;

/**
 * Dot products of long double vectors over a range of coordinates, in a fixed summation order (the same bits
 * however the callers cut their ranges into tasks), arranged to keep the floating-point units busy: Java does not
 * reorder a sum, so one running sum is one chain of dependent additions. {@link #four} takes four vectors against one
 * at a time (each element of the shared vector loaded once for the four) with two partial sums each, over the even
 * and odd offsets from the range's start: eight independent chains. {@link #fourTwice} takes four vectors against two
 * (each element of the four loaded once for both): eight chains again, one per product. Used by {@link KrylovBasis}'s
 * reorthogonalisation and by the listener's projections on the eigen-directions. Stateless.
 */
public final class DotProducts {

    private DotProducts() {
    }

    /**
     * {@code out[at + j] = a_j . x} over coordinates {@code [start, end)}, for {@code j = 0..3}.
     */
    public static void four(double[] a0, double[] a1, double[] a2, double[] a3, double[] x, int start, int end,
                            double[] out, int at) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = start;
        for (; i + 1 < end; i += 2) {
            double xi = x[i];
            double yi = x[i + 1];
            s0 += a0[i] * xi;
            s1 += a1[i] * xi;
            s2 += a2[i] * xi;
            s3 += a3[i] * xi;
            t0 += a0[i + 1] * yi;
            t1 += a1[i + 1] * yi;
            t2 += a2[i + 1] * yi;
            t3 += a3[i + 1] * yi;
        }
        if (i < end) {
            double xi = x[i];
            s0 += a0[i] * xi;
            s1 += a1[i] * xi;
            s2 += a2[i] * xi;
            s3 += a3[i] * xi;
        }
        out[at] = s0 + t0;
        out[at + 1] = s1 + t1;
        out[at + 2] = s2 + t2;
        out[at + 3] = s3 + t3;
    }

    /**
     * {@code outX[at + j] = a_j . x} and {@code outY[at + j] = a_j . y} over coordinates {@code [start, end)}, for
     * {@code j = 0..3}, each a single running sum in coordinate order. One pass over the four vectors instead of the
     * two of calling {@link #four} for {@code x} and for {@code y}: 16 vectors of 4 810 against two took 23 to 24 us
     * against 31 to 35 us (a one-off harness, warm caches).
     */
    public static void fourTwice(double[] a0, double[] a1, double[] a2, double[] a3, double[] x, double[] y,
                                 int start, int end, double[] outX, double[] outY, int at) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        for (int i = start; i < end; i++) {
            double xi = x[i];
            double yi = y[i];
            double b0 = a0[i];
            double b1 = a1[i];
            double b2 = a2[i];
            double b3 = a3[i];
            s0 += b0 * xi;
            s1 += b1 * xi;
            s2 += b2 * xi;
            s3 += b3 * xi;
            t0 += b0 * yi;
            t1 += b1 * yi;
            t2 += b2 * yi;
            t3 += b3 * yi;
        }
        outX[at] = s0;
        outX[at + 1] = s1;
        outX[at + 2] = s2;
        outX[at + 3] = s3;
        outY[at] = t0;
        outY[at + 1] = t1;
        outY[at + 2] = t2;
        outY[at + 3] = t3;
    }

    /** {@code a . x} over coordinates {@code [start, end)}, with two partial sums as in {@link #four}. */
    public static double one(double[] a, double[] x, int start, int end) {
        double even = 0;
        double odd = 0;
        int i = start;
        for (; i + 1 < end; i += 2) {
            even += a[i] * x[i];
            odd += a[i + 1] * x[i + 1];
        }
        if (i < end) {
            even += a[i] * x[i];
        }
        return even + odd;
    }
}
