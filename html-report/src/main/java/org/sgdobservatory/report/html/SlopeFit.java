package org.sgdobservatory.report.html;

import java.util.List;

/**
 * Ordinary least-squares line {@code y = intercept + slope x}, used for {@code log T} against
 * {@code log sigma^2_B} (THEORY.md 2: slope 1 for SGD, about 1/2 for RMSProp, 0 for one shared temperature).
 *
 * @param slope fitted slope
 * @param standardError the slope's standard error {@code sqrt(s^2 / Sxx)} with {@code s^2 = RSS/(n-2)}
 * @param intercept fitted intercept
 * @param points number of points fitted
 */
record SlopeFit(double slope, double standardError, double intercept, int points) {

    /**
     * The fit of {@code ys} on {@code xs}, or empty with fewer than 3 points or no spread in x.
     *
     * @param xs abscissae (finite)
     * @param ys ordinates (finite), same length
     */
    static java.util.Optional<SlopeFit> of(List<Double> xs, List<Double> ys) {
        int n = xs.size();
        if (n != ys.size()) {
            throw new IllegalArgumentException("xs has " + n + " values but ys has " + ys.size()
                    + "; pass one y per x");
        }
        if (n < 3) {
            return java.util.Optional.empty();
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xs.get(i);
            my += ys.get(i);
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = xs.get(i) - mx;
            sxx += dx * dx;
            sxy += dx * (ys.get(i) - my);
        }
        if (!(sxx > 0)) {
            return java.util.Optional.empty();
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = ys.get(i) - intercept - slope * xs.get(i);
            rss += r * r;
        }
        return java.util.Optional.of(new SlopeFit(slope, Math.sqrt(rss / (n - 2) / sxx), intercept, n));
    }
}
