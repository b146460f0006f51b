package org.sgdobservatory.sim.theory;

/**
 * The lecture's variance-normalised rule {@code eta_i = eta'/sigma_i^2} on one decoupled coordinate
 * of a quadratic (docs/theory.md#preconditioning-and-the-variance-normalised-rule).
 *
 * <p>It is SGD with learning rate {@code eta'/s2}, so per coordinate
 * <pre>
 *   Var = eta' / (h (2 - eta' h / s2)),   stable iff 0 &lt; eta' h &lt; 2 s2,
 *   T   = h Var = eta' / (2 - eta' h/s2)  -&gt;  eta'/2   (continuous limit, the same for every coordinate)
 * </pre>
 * One temperature for all coordinates, i.e. a Gibbs law in L: the diagonal case of the preconditioner
 * {@code P = eta' Sigma^{-1}} (Mandt, Hoffman &amp; Blei, JMLR 18, 2017, optimal preconditioner up to
 * scale). Immutable and thread-safe.
 */
public final class VarianceNormalizedQuadratic1D {

    private final double normalizedLearningRate;
    private final double curvature;
    private final double noiseVariance;

    private VarianceNormalizedQuadratic1D(double normalizedLearningRate, double curvature,
            double noiseVariance) {
        this.normalizedLearningRate = normalizedLearningRate;
        this.curvature = curvature;
        this.noiseVariance = noiseVariance;
    }

    /**
     * A stable model.
     *
     * @param normalizedLearningRate {@code eta' > 0}
     * @param curvature {@code h > 0}
     * @param noiseVariance {@code s2 > 0} (the rule divides by it), with {@code eta' h < 2 s2}
     * @return the model
     * @throws IllegalArgumentException on invalid or unstable input; {@link #predict} answers instead
     */
    public static VarianceNormalizedQuadratic1D of(double normalizedLearningRate, double curvature,
            double noiseVariance) {
        Applicability.requireApplicable(predict(normalizedLearningRate, curvature, noiseVariance),
                "pass eta' > 0, h > 0, s2 > 0 with eta'*h < 2*s2");
        return new VarianceNormalizedQuadratic1D(normalizedLearningRate, curvature, noiseVariance);
    }

    /**
     * The exact stationary variance {@code eta'/(h(2 - eta' h/s2))}, or why there is none. Never throws.
     *
     * @param normalizedLearningRate {@code eta'}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2}
     * @return the prediction
     */
    public static Prediction predict(double normalizedLearningRate, double curvature,
            double noiseVariance) {
        var screened = Applicability.screen(normalizedLearningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return screened.get();
        }
        if (!(noiseVariance > 0)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "noise variance s2 = " + noiseVariance + ": the rule eta'/s2 needs s2 > 0");
        }
        double etaH = normalizedLearningRate * curvature / noiseVariance;
        if (!(etaH < 2)) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSTABLE,
                    "eta'*h/s2 = " + etaH + " >= 2: unstable");
        }
        return new Prediction.Stationary(normalizedLearningRate / (curvature * (2 - etaH)),
                "exact discrete variance-normalised SGD eta'/s2, decoupled coordinate"
                        + " (docs/theory.md#preconditioning-and-the-variance-normalised-rule)");
    }

    /** The per-coordinate learning rate {@code eta'/s2}. */
    public double effectiveLearningRate() {
        return normalizedLearningRate / noiseVariance;
    }

    /** Exact discrete variance {@code eta'/(h(2 - eta' h/s2))}. */
    public double stationaryVariance() {
        return normalizedLearningRate
                / (curvature * (2 - normalizedLearningRate * curvature / noiseVariance));
    }

    /** Exact discrete temperature {@code h Var = eta'/(2 - eta' h/s2)}. */
    public double temperature() {
        return curvature * stationaryVariance();
    }

    /** Continuous-limit temperature {@code eta'/2}, independent of {@code h} and {@code s2}. */
    public double sdeTemperature() {
        return normalizedLearningRate / 2;
    }

    /** {@code eta'}. */
    public double normalizedLearningRate() {
        return normalizedLearningRate;
    }

    /** {@code h}. */
    public double curvature() {
        return curvature;
    }

    /** {@code s2}. */
    public double noiseVariance() {
        return noiseVariance;
    }

    @Override
    public String toString() {
        return "VarianceNormalizedQuadratic1D[eta'=" + normalizedLearningRate + ", h=" + curvature
                + ", s2=" + noiseVariance + "]";
    }
}
