package org.sgdobservatory.sim.theory;

/**
 * Exact stationary variance of Deeplearning4j's {@code Nesterovs} updater on a 1-D quadratic
 * {@code L = h x^2/2} with additive white noise of variance {@code s2} per step
 * (docs/theory.md#nesterov-momentum: the entries of the discrete Lyapunov solution of the two-component
 * recursion, solved symbolically).
 *
 * <p>The DL4J update is {@code v' = mu v - eta g}, {@code u = mu v - (1 + mu) v'}, {@code x' = x - u}.
 * With {@code e = eta h}:
 * <pre>
 *   Var x = eta s2 (1 + mu + e mu + 2 e mu^2) / ( h (1 - mu + e mu) (2(1+mu) - e (1 + 2mu)) )
 *   Var v = 2 eta^2 s2 / ( (1 - mu + e mu) (2(1+mu) - e (1 + 2mu)) )
 *   stable iff 0 &lt; e &lt; 2(1+mu)/(1+2mu)        (1.357 at mu = 0.9)
 *   small-step limit eta s2 / (2 h (1 - mu)),  i.e. T = eta s2 / (2(1 - mu))
 *   tau_int = s2 / (h^2 Var x)                  (ESS convention, exact for linear schemes)
 * </pre>
 * The expansion parameter of the small-step limit is {@code eta h mu/(1 - mu)}: at {@code mu = 0.9},
 * {@code eta h = 0.02} the exact variance is already 12% below it. Source of the update rule:
 * {@code NesterovsUpdater.java} in deeplearning4j/nd4j (v1.0.0-M2.1).
 *
 * <p>Immutable and thread-safe.
 */
public final class NesterovsQuadratic1D {

    private final double learningRate;
    private final double momentum;
    private final double curvature;
    private final double noiseVariance;

    private NesterovsQuadratic1D(double learningRate, double momentum, double curvature,
            double noiseVariance) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.curvature = curvature;
        this.noiseVariance = noiseVariance;
    }

    /**
     * A stable Nesterovs model.
     *
     * @param learningRate {@code eta > 0}
     * @param momentum {@code mu} in {@code [0, 1)} (DL4J default 0.9)
     * @param curvature {@code h > 0} with {@code eta h < 2(1+mu)/(1+2mu)}
     * @param noiseVariance {@code s2 >= 0} per step
     * @return the model
     * @throws IllegalArgumentException on invalid or unstable input; {@link #predict} answers instead
     */
    public static NesterovsQuadratic1D of(double learningRate, double momentum, double curvature,
            double noiseVariance) {
        Applicability.requireApplicable(predict(learningRate, momentum, curvature, noiseVariance),
                "pass 0 <= mu < 1 and eta*h < 2(1+mu)/(1+2mu), or call NesterovsQuadratic1D.predict");
        return new NesterovsQuadratic1D(learningRate, momentum, curvature, noiseVariance);
    }

    /**
     * The largest stable {@code eta h}: {@code 2(1+mu)/(1+2mu)}.
     *
     * @param momentum {@code mu} in {@code [0, 1)}
     * @return the stability limit of {@code eta h}
     */
    public static double stabilityLimit(double momentum) {
        Checks.inRange("momentum", momentum, 0, 1, "DL4J Nesterovs momentum must be in [0, 1)");
        return 2 * (1 + momentum) / (1 + 2 * momentum);
    }

    /**
     * The exact stationary variance of the parameter, or why there is none. Never throws.
     *
     * @param learningRate {@code eta}
     * @param momentum {@code mu}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2}
     * @return {@link Prediction.Stationary} or {@link Prediction.NotApplicable} ({@code INVALID_INPUT},
     *     {@code NON_POSITIVE_CURVATURE}, {@code UNSTABLE})
     */
    public static Prediction predict(double learningRate, double momentum, double curvature,
            double noiseVariance) {
        var screened = Applicability.screen(learningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return screened.get();
        }
        if (!(momentum >= 0 && momentum < 1)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "momentum mu = " + momentum + " is outside [0, 1)");
        }
        double etaH = learningRate * curvature;
        double limit = 2 * (1 + momentum) / (1 + 2 * momentum);
        if (!(etaH < limit)) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSTABLE, "eta*h = " + etaH
                    + " >= 2(1+mu)/(1+2mu) = " + limit + " at mu = " + momentum + ": unstable");
        }
        return new Prediction.Stationary(variance(learningRate, momentum, curvature, noiseVariance),
                "exact discrete DL4J Nesterovs, 1-D quadratic (docs/theory.md#nesterov-momentum)");
    }

    private static double variance(double eta, double mu, double h, double s2) {
        double e = eta * h;
        return eta * s2 * (1 + mu + e * mu + 2 * e * mu * mu)
                / (h * (1 - mu + e * mu) * (2 * (1 + mu) - e * (1 + 2 * mu)));
    }

    /** The exact stationary variance of the parameter (formula in the class comment). */
    public double stationaryVariance() {
        return variance(learningRate, momentum, curvature, noiseVariance);
    }

    /** The exact stationary variance of the velocity {@code v} (docs/theory.md#nesterov-momentum). */
    public double velocityVariance() {
        double e = learningRate * curvature;
        return 2 * learningRate * learningRate * noiseVariance
                / ((1 - momentum + e * momentum) * (2 * (1 + momentum) - e * (1 + 2 * momentum)));
    }

    /** The small-step limit {@code eta s2 / (2 h (1 - mu))}. */
    public double smallStepLimitVariance() {
        return learningRate * noiseVariance / (2 * curvature * (1 - momentum));
    }

    /** Temperature {@code T = h Var}. */
    public double temperature() {
        return curvature * stationaryVariance();
    }

    /**
     * Integrated autocorrelation time (ESS convention) {@code s2/(h^2 Var)} from the identity
     * {@code Var * tau_int = s2/h^2} of linear schemes
     * (docs/theory.md#variance-times-autocorrelation-time); {@code NaN} when
     * {@code s2 = 0}.
     */
    public double integratedAutocorrelationTime() {
        return noiseVariance / (curvature * curvature * stationaryVariance());
    }

    /** {@code eta}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code mu}. */
    public double momentum() {
        return momentum;
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
        return "NesterovsQuadratic1D[eta=" + learningRate + ", mu=" + momentum + ", h=" + curvature
                + ", s2=" + noiseVariance + "]";
    }
}
