package org.sgdobservatory.sim.theory;

/**
 * How RMSProp's tabulated stationary variance responds to the curvature and the noise: the elasticities
 * {@code d ln Var / d ln h} and {@code d ln Var / d ln sigma^2} of {@code Var = (sigma^2/h^2) R(F, p) F}
 * ({@link RmsPropScaling}, {@link RmsPropStationaryTable}), which carry the probes' errors into the prediction's
 * standard error without evaluating the table four more times.
 *
 * <p><b>Chain rule.</b> With {@code a = lr h/sigma} and {@code e = epsilon/sigma},
 * {@code d ln a/d ln h = 1}, {@code d ln a/d ln sigma^2 = d ln e/d ln sigma^2 = -1/2}, so
 * <pre>
 *   d ln Var/d ln h       = -2 + D_a,
 *   d ln Var/d ln sigma^2 = 1 - (D_a + D_e)/2,        D_x = d ln (R F)/d ln x.
 * </pre>
 * {@code F(a, e)} is the root of {@code G = F (2 (s + e) - a) - a}, {@code s = sqrt(1 + F)}; implicit
 * differentiation with {@code G_F = 2 (s + e) - a + F/s} gives
 * {@code d ln F/d ln a = a (1 + F)/(F G_F)} and {@code d ln F/d ln e = -2 e/G_F}. The root share
 * {@code p = s/(s + e)} moves with {@code F} and {@code e}: {@code dp/d ln F = F e/(2 s (s + e)^2)},
 * {@code (dp/d ln e) at fixed F = -e s/(s + e)^2}. With the interpolant's slopes {@code r_F = d ln R/d ln F} and
 * {@code r_p = d ln R/d p},
 * <pre>
 *   D_x = (1 + r_F) d ln F/d ln x + r_p dp/d ln x,
 *   dp/d ln a = (dp/d ln F) d ln F/d ln a,     dp/d ln e = (dp/d ln F) d ln F/d ln e - e s/(s + e)^2.
 * </pre>
 * Limits: small steps ({@code F ~ a/(2(1 + e))}, {@code R} flat) give {@code -1} and {@code 1/2}
 * ({@code Var ~ lr sigma/(2h)}); large steps ({@code F ~ a^2/4}) give 0 and 0 ({@code Var ~ lr^2/4}).
 *
 * @param curvature {@code d ln Var / d ln h}; NaN when unknown
 * @param noiseVariance {@code d ln Var / d ln sigma^2}; NaN when unknown
 */
record RmsPropScalingElasticities(double curvature, double noiseVariance) {

    /** Unknown (a slope across a cell touching an omitted node). */
    static final RmsPropScalingElasticities UNKNOWN = new RmsPropScalingElasticities(Double.NaN, Double.NaN);

    /**
     * The elasticities at a table point.
     *
     * @param a {@code lr h/sigma > 0}
     * @param e {@code epsilon/sigma >= 0}
     * @param f the mean-field {@code F(a, e) > 0}
     * @param logSlope {@code d ln R/d ln F} of the interpolant at fixed {@code p}
     * @param shareSlope {@code d ln R/d p} of the interpolant at fixed {@code F}
     */
    static RmsPropScalingElasticities of(double a, double e, double f, double logSlope, double shareSlope) {
        double s = Math.sqrt(1 + f);
        double lnFlnA = logMeanFieldPerLogStep(a, e, f);
        double lnFlnE = logMeanFieldPerLogEpsilon(a, e, f);
        double se2 = (s + e) * (s + e);
        double pLnF = f * e / (2 * s * se2);
        double pLnA = pLnF * lnFlnA;
        double pLnE = pLnF * lnFlnE - e * s / se2;
        double dA = (1 + logSlope) * lnFlnA + shareSlope * pLnA;
        double dE = (1 + logSlope) * lnFlnE + shareSlope * pLnE;
        return new RmsPropScalingElasticities(-2 + dA, 1 - 0.5 * (dA + dE));
    }

    /** {@code d ln F/d ln a = a (1 + F)/(F G_F)} at the mean-field root {@code F(a, e)}. */
    static double logMeanFieldPerLogStep(double a, double e, double f) {
        return a * (1 + f) / (f * slope(a, e, f));
    }

    /** {@code d ln F/d ln e = -2 e/G_F} at the mean-field root {@code F(a, e)}. */
    static double logMeanFieldPerLogEpsilon(double a, double e, double f) {
        return -2 * e / slope(a, e, f);
    }

    /** {@code G_F = 2 (s + e) - a + F/s}, {@code s = sqrt(1 + F)}. */
    private static double slope(double a, double e, double f) {
        double s = Math.sqrt(1 + f);
        return 2 * (s + e) - a + f / s;
    }
}
