package org.sgdobservatory.sim.theory;

/**
 * The variance-normalised rule as an optimizer actually runs it: the noise variance in its rate
 * {@code eta = eta'/(s + epsilon)} is not the noise's {@code s2} but the optimizer's own exponential moving
 * average {@code s} of the squared deviation of the gradient from its moving mean,
 * {@code s <- beta s + (1-beta)(g - m)^2}, {@code m <- beta m + (1-beta) g} (as sim-core's
 * {@code VarianceNormalized.estimated} and the listener's {@code VarianceNormalizedSgd} updater do). Near the
 * minimum {@code g = h x + xi}, so {@code s} also sees the signal {@code h x}, and the stationary variance is the
 * fixed point of
 * <pre>
 *   V = eta s2 / (h (2 - eta h)),   eta = eta' / (E[s](V) + epsilon),
 *   E[s] = E[(g_t - m_{t-1})^2]
 *        = g0 - 2 (1-beta) G1 + ((1-beta)/(1+beta)) (g0 + 2 beta G1),
 *   g0 = h^2 V + s2,   G1 = (h^2 V r - h eta s2) / (1 - beta r),   r = 1 - eta h,
 * </pre>
 * from the autocovariances of {@code g} for SGD on a quadratic, {@code gamma_0 = h^2 V + s2},
 * {@code gamma_k = h^2 V r^k - h eta s2 r^(k-1)} ({@code k >= 1}), summed against the moving mean's geometric
 * weights. Its limits: a long memory ({@code beta -> 1}, the mean settles at 0 and {@code s -> E[g^2]}) gives
 * {@code V = eta'/(2h)} exactly, temperature {@code T = eta'/2} for every coordinate; a short one ({@code beta -> 0})
 * gives {@code E[s] = 2 gamma_0 - 2 gamma_1}. With known noise ({@code s = s2}) the rule is
 * {@link VarianceNormalizedQuadratic1D}, whose variance is higher by up to {@code 1/(1 - eta' h/(2 s2))}.
 *
 * <p>Mean field: {@code s} is treated as constant at its mean; its relative fluctuation is about
 * {@code sqrt((1-beta)/(1+beta) (2 + kappa))}, so the error of {@code E[1/s]} against {@code 1/E[s]} is of order
 * {@code (1-beta)}. The test holds it against simulations of the optimizer. Stateless.
 */
public final class EstimatedNoiseVarianceNormalized1D {

    private static final int MAX_ITERATIONS = 200;

    private EstimatedNoiseVarianceNormalized1D() {
    }

    /**
     * The stationary variance, or why there is none. Never throws.
     *
     * @param normalizedLearningRate {@code eta' > 0}
     * @param curvature {@code h > 0}
     * @param noiseVariance {@code s2 > 0}, the minibatch gradient's noise variance
     * @param averagingDecay {@code beta} in {@code [0, 1)}
     * @param epsilon {@code >= 0}, added to {@code s} in the rate
     */
    public static Prediction predict(double normalizedLearningRate, double curvature, double noiseVariance,
                                     double averagingDecay, double epsilon) {
        var screened = Applicability.screen(normalizedLearningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return screened.get();
        }
        if (!(noiseVariance > 0 && averagingDecay >= 0 && averagingDecay < 1 && epsilon >= 0)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT, "s2 = " + noiseVariance
                    + ", beta = " + averagingDecay + ", epsilon = " + epsilon + ": need s2 > 0, 0 <= beta < 1,"
                    + " epsilon >= 0");
        }
        double h = curvature;
        // the rate solves F(eta) = eta - eta'/(E[s](V(eta), eta) + epsilon) = 0 on (0, 2/h): F < 0 as eta -> 0
        // (E[s] -> s2) and F > 0 as eta -> 2/h (V and E[s] grow without bound), so bisection finds it
        double lo = 0;
        double hi = 2 / h;
        for (int it = 0; it < MAX_ITERATIONS && hi - lo > 1e-15 * hi; it++) {
            double eta = 0.5 * (lo + hi);
            if (eta - normalizedLearningRate / (emaVariance(variance(eta, h, noiseVariance), h, noiseVariance,
                    averagingDecay, eta) + epsilon) < 0) {
                lo = eta;
            } else {
                hi = eta;
            }
        }
        double eta = 0.5 * (lo + hi);
        if (!(eta * h < 2 * (1 - 1e-12))) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSTABLE, "the rule's effective eta h reaches 2:"
                    + " unstable");
        }
        return new Prediction.Stationary(variance(eta, h, noiseVariance), "variance-normalised SGD with the optimizer's"
                + " own moving average of the noise (beta = " + averagingDecay + "), decoupled coordinate, mean field"
                + " in s");
    }

    /** SGD's exact stationary variance at rate {@code eta}. */
    private static double variance(double eta, double h, double s2) {
        return eta * s2 / (h * (2 - eta * h));
    }

    /**
     * {@code E[(g_t - m_{t-1})^2]} for SGD at rate {@code eta} on {@code h x^2/2} with stationary variance {@code v}
     * and noise {@code s2}, the moving mean with decay {@code beta} (formula in the class comment).
     */
    static double emaVariance(double v, double h, double s2, double beta, double eta) {
        double r = 1 - eta * h;
        double g0 = h * h * v + s2;
        double g1 = (h * h * v * r - h * eta * s2) / (1 - beta * r);
        return g0 - 2 * (1 - beta) * g1 + (1 - beta) / (1 + beta) * (g0 + 2 * beta * g1);
    }
}
