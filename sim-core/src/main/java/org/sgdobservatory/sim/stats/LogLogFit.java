package org.sgdobservatory.sim.stats;

import java.util.Objects;
import java.util.Optional;

/**
 * A straight line through {@code (log x_i, log y_i)}: the power law {@code y = e^a x^b} fitted by least
 * squares, e.g. the temperature-vs-noise slope {@code d log T / d log sigma^2} (1 for SGD, about 1/2
 * for RMSProp, 0 for the variance-normalised rule). Natural logarithms; the slope does not depend on
 * the base, the intercept {@code a = log y} at {@code x = 1} does.
 *
 * <p><b>Usable points.</b> A point is used when {@code x} and {@code y} are finite and {@code > 0} (and,
 * weighted, its standard error is finite and {@code > 0}); the others are dropped and counted, never
 * an exception. With fewer than 3 usable points (2 determine a line and leave no residual to estimate
 * the error from), or no spread in {@code log x}, the answer is {@link NotFitted} with the reason.
 *
 * <p><b>Ordinary least squares</b> ({@link #of}), with {@code u = log x}, {@code v = log y},
 * {@code N} usable points:
 * <pre>
 *   b = Suv/Suu,  a = v_bar - b u_bar,   Suu = sum (u - u_bar)^2,  Suv = sum (u - u_bar)(v - v_bar)
 *   s^2 = sum (v - a - b u)^2 / (N - 2)
 *   SE(b) = s / sqrt(Suu),   SE(a) = s sqrt(1/N + u_bar^2/Suu),   Cov(a, b) = -u_bar s^2/Suu
 * </pre>
 * <p><b>Weighted least squares</b> ({@link #weighted}), given the standard error {@code SE(y_i)} of each
 * {@code y_i}: by the delta method {@code SE(log y_i) = SE(y_i)/y_i}, and the weights are
 * {@code w_i = 1/SE(log y_i)^2}; the sums above become weighted, with weighted means. The reported
 * standard errors use the weights as <em>relative</em>: {@code s^2 = chi^2/(N - 2)},
 * {@code chi^2 = sum w_i (v - a - b u)^2}, and {@code SE(b) = s/sqrt(Suu_w)}, so scatter beyond the
 * stated errors (e.g. points that do not lie on one power law) widens the interval; with equal weights
 * this is exactly OLS. If the point errors are trusted as absolute, {@link Line#reducedChiSquare()}
 * tests them ({@code ~ 1} when consistent) and {@code SE(b)/sqrt(reducedChiSquare)} is the
 * absolute-error standard error.
 *
 * <p>Errors in {@code x} are ignored: a noisy abscissa (a measured {@code sigma^2}) biases the slope
 * toward 0 by the factor {@code Var(u)/(Var(u) + Var(noise in u))} (regression dilution). The
 * standard errors assume independent points. Each result is an immutable record; the factories are
 * stateless and thread-safe.
 */
public sealed interface LogLogFit permits LogLogFit.Line, LogLogFit.NotFitted {

    /** Why no line was fitted. */
    enum Reason {
        /** Fewer than 3 usable points. */
        TOO_FEW_POINTS,
        /** All usable {@code x} are equal: the slope is undetermined. */
        NO_SPREAD_IN_X
    }

    /** Whether a line was fitted. */
    boolean isFitted();

    /** The slope with its standard error if a line was fitted, else empty. */
    Optional<Estimate> fittedSlope();

    /** Points used. */
    int usablePoints();

    /** Points dropped (non-finite or non-positive {@code x}, {@code y}, or standard error). */
    int droppedPoints();

    /**
     * Ordinary least squares of {@code log y} on {@code log x}.
     *
     * @param x abscissae (e.g. noise variances); not modified
     * @param y ordinates (e.g. temperatures), one per {@code x}; not modified
     * @return the line, or why there is none
     * @throws IllegalArgumentException if the arrays have different lengths
     */
    static LogLogFit of(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        requireSameLength("y", y.length, x.length);
        return fit(x, y, null);
    }

    /**
     * Weighted least squares of {@code log y} on {@code log x} with weights {@code (y_i/SE(y_i))^2}.
     *
     * @param x abscissae; not modified
     * @param y ordinates; not modified
     * @param yStandardErrors {@code SE(y_i)}, one per point; a point with a non-finite or
     *     non-positive standard error is dropped
     * @return the line, or why there is none
     * @throws IllegalArgumentException if the arrays have different lengths
     */
    static LogLogFit weighted(double[] x, double[] y, double[] yStandardErrors) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(yStandardErrors, "yStandardErrors");
        requireSameLength("y", y.length, x.length);
        requireSameLength("yStandardErrors", yStandardErrors.length, x.length);
        return fit(x, y, yStandardErrors);
    }

    private static void requireSameLength(String name, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException(name + " has " + length + " entries but x has " + expected
                    + "; pass one value per point");
        }
    }

    private static LogLogFit fit(double[] x, double[] y, double[] se) {
        int n = x.length;
        LogPoints pts = LogPoints.of(x, y, se);
        double[] u = pts.u();
        double[] v = pts.v();
        double[] w = pts.w();
        int used = pts.used();
        int dropped = n - used;
        if (used < 3) {
            return new NotFitted(Reason.TOO_FEW_POINTS, used + " usable point(s) of " + n
                    + " (x and y finite and > 0" + (se != null ? ", standard error finite and > 0" : "")
                    + "); a slope with an error needs at least 3", used, dropped);
        }
        double sw = 0;
        double su = 0;
        double sv = 0;
        for (int i = 0; i < used; i++) {
            sw += w[i];
            su += w[i] * u[i];
            sv += w[i] * v[i];
        }
        double ubar = su / sw;
        double vbar = sv / sw;
        double suu = 0;
        double suv = 0;
        for (int i = 0; i < used; i++) {
            double du = u[i] - ubar;
            suu += w[i] * du * du;
            suv += w[i] * du * (v[i] - vbar);
        }
        if (!(suu > 0)) {
            return new NotFitted(Reason.NO_SPREAD_IN_X, "all " + used + " usable x equal " + Math.exp(ubar)
                    + ": the slope is undetermined", used, dropped);
        }
        double b = suv / suu;
        double a = vbar - b * ubar;
        double chi2 = 0;
        for (int i = 0; i < used; i++) {
            double r = v[i] - a - b * u[i];
            chi2 += w[i] * r * r;
        }
        // Weights enter as relative: scale them so they sum to N; then s^2 = chi2/(N-2) is in log-y units.
        double scale = used / sw;
        double s2 = chi2 * scale / (used - 2);
        double suuScaled = suu * scale;
        double seB = Math.sqrt(s2 / suuScaled);
        double seA = Math.sqrt(s2 * (1.0 / used + ubar * ubar / suuScaled));
        double cov = -ubar * s2 / suuScaled;
        double reducedChi2 = se == null ? Double.NaN : chi2 / (used - 2);
        return new Line(new Estimate(b, seB, used), new Estimate(a, seA, used), cov, Math.sqrt(s2),
                reducedChi2, used, dropped, se != null);
    }

    /**
     * A fitted line {@code log y = a + b log x}.
     *
     * @param slope {@code b} with its standard error; effective sample size = usable points
     * @param intercept {@code a} (log y at {@code x = 1}) with its standard error
     * @param slopeInterceptCovariance {@code Cov(a, b)}, for the error of {@code a + b log x} at any x
     * @param residualStandardDeviation {@code s}, the (weight-normalised) scatter of {@code log y} about
     *     the line
     * @param reducedChiSquare {@code chi^2/(N - 2)} with the given point errors (weighted fit only;
     *     {@code NaN} for OLS)
     * @param usablePoints {@code N >= 3}
     * @param droppedPoints points not used
     * @param weighted whether per-point standard errors weighted the fit
     */
    record Line(Estimate slope, Estimate intercept, double slopeInterceptCovariance,
            double residualStandardDeviation, double reducedChiSquare, int usablePoints, int droppedPoints,
            boolean weighted) implements LogLogFit {

        /** Validates the components. */
        public Line {
            Objects.requireNonNull(slope, "slope");
            Objects.requireNonNull(intercept, "intercept");
            if (!(usablePoints >= 3 && droppedPoints >= 0)) {
                throw new IllegalArgumentException("a line needs usablePoints >= 3 and droppedPoints >= 0, was "
                        + usablePoints + " and " + droppedPoints + "; return NotFitted instead");
            }
        }

        @Override
        public boolean isFitted() {
            return true;
        }

        @Override
        public Optional<Estimate> fittedSlope() {
            return Optional.of(slope);
        }

        /**
         * {@code log y} predicted at {@code x}, with the standard error
         * {@code sqrt(SE(a)^2 + log(x)^2 SE(b)^2 + 2 log(x) Cov(a, b))} of the line (not of a new point).
         *
         * @param x abscissa, finite and {@code > 0}
         * @return the fitted {@code log y}
         */
        public Estimate logYAt(double x) {
            if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("x must be finite and > 0, was " + x
                        + "; the line is in log x");
            }
            double u = Math.log(x);
            double b = slope.standardError();
            double var = intercept.standardError() * intercept.standardError() + u * u * b * b
                    + 2 * u * slopeInterceptCovariance;
            return new Estimate(intercept.value() + slope.value() * u, Math.sqrt(Math.max(0, var)),
                    usablePoints);
        }

        @Override
        public String toString() {
            return "slope " + slope + ", intercept " + intercept + " (" + usablePoints + " points"
                    + (weighted ? ", weighted, reduced chi^2 " + reducedChiSquare : "") + ")";
        }
    }

    /**
     * No line: too few usable points or no spread in {@code x}.
     *
     * @param reason the category
     * @param explanation a sentence with the counts; not blank
     * @param usablePoints points that were usable
     * @param droppedPoints points dropped
     */
    record NotFitted(Reason reason, String explanation, int usablePoints, int droppedPoints) implements LogLogFit {

        /** Validates the components. */
        public NotFitted {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            if (explanation.isBlank()) {
                throw new IllegalArgumentException("explanation must not be blank; say how many points were usable");
            }
        }

        @Override
        public boolean isFitted() {
            return false;
        }

        @Override
        public Optional<Estimate> fittedSlope() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "not fitted: " + reason + " (" + explanation + ")";
        }
    }
}
