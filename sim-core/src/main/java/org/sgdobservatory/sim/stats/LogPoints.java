package org.sgdobservatory.sim.stats;

/**
 * The usable points of a {@link LogLogFit}: {@code u = log x}, {@code v = log y} and the weight
 * {@code w = 1/SE(log y)^2} (1 unweighted) of each point whose {@code x}, {@code y} (and standard error) are
 * finite and {@code > 0}, packed at the front of the arrays in input order.
 *
 * @param u {@code log x} of the usable points (the first {@code used} entries)
 * @param v {@code log y} of the usable points
 * @param w their weights
 * @param used how many points are usable
 */
record LogPoints(double[] u, double[] v, double[] w, int used) {

    /** The usable points of {@code (x, y)}, weighted by {@code se} when it is not null. */
    static LogPoints of(double[] x, double[] y, double[] se) {
        int n = x.length;
        double[] u = new double[n];
        double[] v = new double[n];
        double[] w = new double[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = x[i] > 0 && x[i] < Double.POSITIVE_INFINITY && y[i] > 0 && y[i] < Double.POSITIVE_INFINITY;
            double weight = 1;
            if (ok && se != null) {
                double rel = se[i] / y[i];
                ok = rel > 0 && rel < Double.POSITIVE_INFINITY;
                weight = 1 / (rel * rel);
                ok &= weight < Double.POSITIVE_INFINITY;
            }
            if (ok) {
                u[used] = Math.log(x[i]);
                v[used] = Math.log(y[i]);
                w[used] = weight;
                used++;
            }
        }
        return new LogPoints(u, v, w, used);
    }
}
