package org.sgdobservatory.sim.theory;

/**
 * The exact scaling law of Deeplearning4j's {@code RmsProp} on a 1-D quadratic with additive Gaussian
 * noise, and the mean-field fixed point in the scaled units: the coordinates of
 * {@link RmsPropStationaryTable}.
 *
 * <p><b>The problem.</b> Loss {@code L = h x^2/2}, minibatch gradient {@code g = h x + sigma xi} with
 * {@code xi ~ N(0, 1)} independent across steps ({@code sigma^2} the per-step noise variance, batch size
 * included). DL4J's rule, with {@code rho} its {@code rmsDecay}:
 * <pre>
 *   v <- rho v + (1 - rho) g^2              (v starts at epsilon; the current g is included)
 *   x <- x - lr g / (sqrt(v) + epsilon)     (epsilon outside the root, no bias correction)
 * </pre>
 *
 * <p><b>Scaling.</b> Substitute {@code x = (sigma/h) y} and {@code v = sigma^2 w}. Then
 * {@code g = sigma (y + xi)}, the second line becomes
 * {@code sigma^2 w <- rho sigma^2 w + (1 - rho) sigma^2 (y + xi)^2}, i.e. {@code w <- rho w + (1 - rho)(y + xi)^2},
 * and the update becomes {@code (sigma/h) y <- (sigma/h) y - lr sigma (y + xi)/(sigma sqrt(w) + epsilon)};
 * multiplying by {@code h/sigma}:
 * <pre>
 *   w <- rho w + (1 - rho)(y + xi)^2,     y <- y - a (y + xi)/(sqrt(w) + e),
 *   a = lr h / sigma,                     e = epsilon / sigma.
 * </pre>
 * The scaled chain depends on {@code (a, rho, e)} only, so its stationary variance is a function
 * {@code f(a, rho, e)} and {@code Var(x) = (sigma^2/h^2) f(a, rho, e)} exactly. Note {@code a = lr h/sigma},
 * not {@code lr h}: RMSProp's step is invariant to the scale of the gradient, so the learning rate has the
 * units of {@code x}, and {@code lr h/sigma} is the dimensionless combination. Only the initial state
 * {@code w_0 = epsilon/sigma^2} is not a function of {@code (a, rho, e)}; it is forgotten in the stationary state.
 * An L2 coefficient adds to {@code h} (it enters the gradient before the updater); weight decay, acting on
 * the update after the updater, adds {@code wd x} with its own scale and breaks the law.
 *
 * <p><b>Mean field in these units.</b> Treating {@code v} as its mean {@code E[g^2] = sigma^2 (1 + f)} makes
 * RMSProp SGD with step {@code lr/(sqrt(v) + epsilon)}, whose exact variance gives the fixed point
 * <pre>
 *   F = E / (2 - E),    E = a / (s + e),    s = sqrt(1 + F),
 * </pre>
 * ({@code E} is the mean-field {@code eta h}, always in {@code (0, 2)}). It is the root in {@code F >= 0} of
 * {@code H(F) = F (2 (sqrt(1 + F) + e) - a) - a}, which is {@code -a < 0} at 0 and convex, so the root is
 * unique and Newton's method from any point with {@code H >= 0} decreases to it monotonically. Starting points
 * with {@code H >= 0}: {@code a/(2(1 + e) - a)} when {@code a < 2(1 + e)} (because {@code sqrt(1 + F) >= 1}), and
 * {@code a + a^2/4} always (there {@code 2 sqrt(1 + F) - a = 2}). The same number, times
 * {@code sigma^2/h^2}, is {@link RmsPropMeanField#meanFieldVariance()}.
 *
 * <p><b>Table coordinates.</b> {@link RmsPropStationaryTable} tabulates {@code f/F} over {@code F} and
 * {@code p = s/(s + e)}, the share of {@code sqrt(v)} in RMSProp's denominator at the fixed point
 * ({@code p = 1}: epsilon negligible; {@code p -> 0}: epsilon dominates and RMSProp is SGD with rate
 * {@code lr/epsilon}). Inverting: {@code s = sqrt(1 + F)}, {@code e = s (1 - p)/p}, {@code a = 2 F/(p s)}.
 *
 * <p>Static functions only; thread-safe.
 */
public final class RmsPropScaling {

    private static final int MAX_NEWTON_STEPS = 200;

    private RmsPropScaling() {
    }

    /**
     * The dimensionless step {@code a = lr h/sigma}.
     *
     * @param learningRate {@code lr}
     * @param curvature {@code h} (L2 included)
     * @param noiseVariance {@code sigma^2}
     * @return {@code lr h / sqrt(sigma^2)}; NaN or infinite for invalid inputs (no check)
     */
    public static double scaledStep(double learningRate, double curvature, double noiseVariance) {
        return learningRate * curvature / Math.sqrt(noiseVariance);
    }

    /**
     * The dimensionless epsilon {@code e = epsilon/sigma}.
     *
     * @param epsilon RMSProp's epsilon
     * @param noiseVariance {@code sigma^2}
     * @return {@code epsilon / sqrt(sigma^2)}; NaN or infinite for invalid inputs (no check)
     */
    public static double scaledEpsilon(double epsilon, double noiseVariance) {
        return epsilon / Math.sqrt(noiseVariance);
    }

    /**
     * The mean-field stationary variance in noise units, {@code F(a, e)}: the root of
     * {@code F (2 (sqrt(1 + F) + e) - a) = a} (class comment), by Newton's method from above, to a relative
     * change below {@code 1e-14}.
     *
     * @param scaledStep {@code a > 0}, finite
     * @param scaledEpsilon {@code e >= 0}, finite
     * @return {@code F > 0}
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static double meanFieldScaledVariance(double scaledStep, double scaledEpsilon) {
        Checks.positive("scaledStep", scaledStep, "pass a = lr h/sigma > 0");
        Checks.nonNegative("scaledEpsilon", scaledEpsilon, "pass e = epsilon/sigma >= 0");
        double a = scaledStep;
        double e = scaledEpsilon;
        double f = a + 0.25 * a * a;
        double denominator = 2 * (1 + e) - a;
        if (denominator > 0) {
            f = Math.min(f, a / denominator);
        }
        for (int i = 0; i < MAX_NEWTON_STEPS; i++) {
            double s = Math.sqrt(1 + f);
            double h = f * (2 * (s + e) - a) - a;
            double slope = 2 * (s + e) - a + f / s;
            double next = f - h / slope;
            if (!(next < f)) {
                break;   // at the root to rounding: Newton from above only decreases
            }
            boolean converged = f - next <= 1e-14 * f;
            f = next;
            if (converged) {
                break;
            }
        }
        return f;
    }

    /**
     * {@code p = s/(s + e)} with {@code s = sqrt(1 + F)}: the share of {@code sqrt(v)} in the denominator
     * {@code sqrt(v) + epsilon} at the mean-field fixed point.
     *
     * @param meanFieldScaledVariance {@code F >= 0}
     * @param scaledEpsilon {@code e >= 0}
     * @return {@code p} in {@code (0, 1]}
     */
    public static double rootShare(double meanFieldScaledVariance, double scaledEpsilon) {
        double s = Math.sqrt(1 + meanFieldScaledVariance);
        return s / (s + scaledEpsilon);
    }

    /**
     * The scaled step {@code a} of the table point {@code (F, p)}: {@code a = 2 F/(p sqrt(1 + F))}.
     *
     * @param meanFieldScaledVariance {@code F > 0}
     * @param rootShare {@code p} in {@code (0, 1]}
     * @return {@code a}
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static double scaledStepAt(double meanFieldScaledVariance, double rootShare) {
        Checks.positive("meanFieldScaledVariance", meanFieldScaledVariance, "pass F > 0");
        checkShare(rootShare);
        return 2 * meanFieldScaledVariance / (rootShare * Math.sqrt(1 + meanFieldScaledVariance));
    }

    /**
     * The scaled epsilon {@code e} of the table point {@code (F, p)}: {@code e = sqrt(1 + F)(1 - p)/p}.
     *
     * @param meanFieldScaledVariance {@code F >= 0}
     * @param rootShare {@code p} in {@code (0, 1]}
     * @return {@code e >= 0}
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static double scaledEpsilonAt(double meanFieldScaledVariance, double rootShare) {
        Checks.nonNegative("meanFieldScaledVariance", meanFieldScaledVariance, "pass F >= 0");
        checkShare(rootShare);
        return Math.sqrt(1 + meanFieldScaledVariance) * (1 - rootShare) / rootShare;
    }

    private static void checkShare(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("rootShare p must be in (0, 1], was " + p
                    + "; p = sqrt(1 + F)/(sqrt(1 + F) + e), use 1 for a negligible epsilon");
        }
    }
}
