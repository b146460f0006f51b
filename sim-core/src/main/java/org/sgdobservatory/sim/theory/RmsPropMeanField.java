package org.sgdobservatory.sim.theory;

/**
 * Mean-field stationary variance of Deeplearning4j's {@code RmsProp} on one decoupled coordinate of a
 * quadratic {@code L = h x^2/2} with additive noise of variance {@code s2}
 * (docs/theory.md#rmsprop).
 *
 * <p>Near the minimum the second-moment state is {@code G ≈ E[g^2] = s2 + h^2 Var}, so RMSProp acts
 * as SGD with step {@code e = lr/(sqrt(G) + eps)} (epsilon outside the root, as in DL4J). The
 * mean-field prediction is the fixed point
 * <pre>
 *   V = e s2 / (h (2 - e h)),    e = lr / (sqrt(s2 + h^2 V) + eps),
 * </pre>
 * and the plain (noise-dominated) prediction is {@code T = lr s2/(2(sigma + eps)) ≈ lr sigma/2},
 * {@code Var = T/h}: the temperature scales with the noise standard deviation, not its variance.
 * An L2 coefficient {@code l2} (DL4J {@code L2Regularization}, applied to the gradient before the
 * updater) adds to the curvature: {@code h -> h + l2}.
 *
 * <p>Accuracy (docs/theory.md#rmsprop, simulation): the true variance is about {@code 1 - 0.35 (1 - rho)}
 * times the mean-field value (0.97 at rho = 0.9, 0.98 at the DL4J default 0.95) for
 * {@code lr h/sigma <= 0.8}; the plain formula is within 1-3% for {@code lr h/sigma <= 0.04} and up
 * to 18% low at 0.8. The simulator is the reference. The fixed point is unique ({@code V - g(V)} is
 * increasing) and found by bisection. Immutable and thread-safe.
 */
public final class RmsPropMeanField {

    /** DL4J's default {@code RmsProp} epsilon, {@code 1e-8}. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double learningRate;
    private final double curvature;
    private final double noiseVariance;
    private final double epsilon;
    private final double l2;

    private RmsPropMeanField(double learningRate, double curvature, double noiseVariance,
            double epsilon, double l2) {
        this.learningRate = learningRate;
        this.curvature = curvature;
        this.noiseVariance = noiseVariance;
        this.epsilon = epsilon;
        this.l2 = l2;
    }

    /**
     * A model with DL4J's default epsilon and no L2.
     *
     * @param learningRate {@code lr > 0}
     * @param curvature {@code h > 0} (curvature of the loss without L2)
     * @param noiseVariance {@code s2 > 0}
     * @return the model
     * @throws IllegalArgumentException if an argument is not finite or out of range
     */
    public static RmsPropMeanField of(double learningRate, double curvature, double noiseVariance) {
        return create(learningRate, curvature, noiseVariance, DEFAULT_EPSILON, 0);
    }

    /**
     * The same model with another epsilon.
     *
     * @param newEpsilon {@code eps >= 0}
     * @return a new model
     */
    public RmsPropMeanField withEpsilon(double newEpsilon) {
        return create(learningRate, curvature, noiseVariance, newEpsilon, l2);
    }

    /**
     * The same model with an L2 coefficient (added to the curvature).
     *
     * @param newL2 {@code l2 >= 0}
     * @return a new model
     */
    public RmsPropMeanField withL2(double newL2) {
        return create(learningRate, curvature, noiseVariance, epsilon, newL2);
    }

    private static RmsPropMeanField create(double lr, double h, double s2, double eps, double l2) {
        Applicability.requireApplicable(predict(lr, h, s2, eps, l2),
                "pass lr > 0, h + l2 > 0, s2 > 0, eps >= 0, l2 >= 0");
        return new RmsPropMeanField(lr, h, s2, eps, l2);
    }

    /**
     * The mean-field stationary variance, or why there is none. Never throws.
     *
     * @param learningRate {@code lr}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2}, must be {@code > 0}
     * @param epsilon {@code eps >= 0} (DL4J default {@link #DEFAULT_EPSILON})
     * @param l2 L2 coefficient {@code >= 0} (0 for none)
     * @return the prediction
     */
    public static Prediction predict(double learningRate, double curvature, double noiseVariance,
            double epsilon, double l2) {
        if (!(epsilon >= 0 && epsilon < Double.POSITIVE_INFINITY)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "epsilon = " + epsilon + " is not finite and >= 0");
        }
        if (!(l2 >= 0 && l2 < Double.POSITIVE_INFINITY)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "l2 = " + l2 + " is not finite and >= 0");
        }
        var screened = Applicability.screen(learningRate, curvature + l2, noiseVariance);
        if (screened.isPresent()) {
            return screened.get();
        }
        if (!(noiseVariance > 0)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "noise variance s2 = 0: RMSProp without noise is a sign-like deterministic map,"
                            + " no mean-field stationary variance");
        }
        return new Prediction.Stationary(
                fixedPoint(learningRate, curvature + l2, noiseVariance, epsilon),
                "RMSProp mean-field fixed point V = e s2/(h(2 - e h)), e = lr/(sqrt(s2 + h^2 V) + eps)"
                        + " (docs/theory.md#rmsprop; approximate, about 2% high at rho = 0.95)");
    }

    /** {@code g(V) = e s2/(h(2 - e h))} with {@code e = lr/(sqrt(s2 + h^2 V) + eps)}; +inf if unstable. */
    private static double meanFieldMap(double v, double lr, double h, double s2, double eps) {
        double e = lr / (Math.sqrt(s2 + h * h * v) + eps);
        double margin = 2 - e * h;
        return margin > 0 ? e * s2 / (h * margin) : Double.POSITIVE_INFINITY;
    }

    private static double fixedPoint(double lr, double h, double s2, double eps) {
        // f(V) = V - g(V) is strictly increasing (g decreases in V), so bisection finds the unique root.
        double lo = 0;
        double hi = meanFieldMap(0, lr, h, s2, eps);
        if (hi == Double.POSITIVE_INFINITY) {
            // e(0) h >= 2: the root lies where e h < 2; grow hi until f(hi) > 0.
            hi = s2 / (h * h);
            while (hi - meanFieldMap(hi, lr, h, s2, eps) <= 0) {
                lo = hi;
                hi *= 2;
            }
        }
        for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid - meanFieldMap(mid, lr, h, s2, eps) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return meanFieldMap(0.5 * (lo + hi), lr, h, s2, eps);
    }

    /** The effective curvature {@code h + l2}. */
    public double effectiveCurvature() {
        return curvature + l2;
    }

    /** The mean-field stationary variance (fixed point in the class comment). */
    public double meanFieldVariance() {
        return fixedPoint(learningRate, effectiveCurvature(), noiseVariance, epsilon);
    }

    /** The effective SGD step at the fixed point, {@code e = lr/(sqrt(s2 + h^2 V) + eps)}. */
    public double meanFieldLearningRate() {
        double h = effectiveCurvature();
        return learningRate / (Math.sqrt(noiseVariance + h * h * meanFieldVariance()) + epsilon);
    }

    /** Mean-field temperature {@code (h + l2) V}. */
    public double meanFieldTemperature() {
        return effectiveCurvature() * meanFieldVariance();
    }

    /** Plain temperature {@code lr s2 / (2 (sigma + eps))}, i.e. {@code lr sigma/2} for small eps. */
    public double plainTemperature() {
        return learningRate * noiseVariance / (2 * (Math.sqrt(noiseVariance) + epsilon));
    }

    /** Plain variance {@code plainTemperature / (h + l2)} ≈ {@code lr sigma/(2(h + l2))}. */
    public double plainVariance() {
        return plainTemperature() / effectiveCurvature();
    }

    /** {@code lr}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code h} without L2. */
    public double curvature() {
        return curvature;
    }

    /** {@code s2}. */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** {@code eps}. */
    public double epsilon() {
        return epsilon;
    }

    /** {@code l2}. */
    public double l2() {
        return l2;
    }

    @Override
    public String toString() {
        return "RmsPropMeanField[lr=" + learningRate + ", h=" + curvature + ", s2=" + noiseVariance
                + ", eps=" + epsilon + ", l2=" + l2 + "]";
    }
}
