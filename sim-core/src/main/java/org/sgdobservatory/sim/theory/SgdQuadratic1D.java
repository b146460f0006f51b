package org.sgdobservatory.sim.theory;

/**
 * Exact stationary statistics of plain SGD on a 1-D quadratic {@code L = h x^2/2} with additive
 * white noise of variance {@code s2} per step
 * (docs/theory.md#sgd-on-a-1-d-quadratic).
 *
 * <p>The update {@code x' = x - eta (h x + xi) = r x - eta xi}, {@code r = 1 - eta h}, is an AR(1)
 * chain. It is stable iff {@code 0 < eta h < 2}; then
 * <pre>
 *   Var      = eta s2 / (h (2 - eta h))           (exact, any finite-variance noise law)
 *   Var_SDE  = eta s2 / (2 h)                     (Ornstein-Uhlenbeck limit eta h -&gt; 0)
 *   rho_k    = (1 - eta h)^k
 *   tau_int  = 1 + 2 sum_k rho_k = (2 - eta h)/(eta h)   (ESS convention, ESS = N / tau_int)
 *   T        = h Var = eta s2 / (2 - eta h),  alpha_eff = T/(eta s2) = 1/(2 - eta h)
 * </pre>
 * Sokal's convention {@code tau = 1/2 + sum_k rho_k} is half of {@code tau_int}. The identity
 * {@code Var * tau_int = s2/h^2} holds for every linear scheme. References: Liu, Ziyin &amp; Ueda,
 * "Noise and fluctuation of finite learning rate SGD", ICML 2021; Mandt, Hoffman &amp; Blei, JMLR 18
 * (2017) for the continuous limit.
 *
 * <p>Create with {@link #of(double, double, double)} (throws on unstable input) or ask
 * {@link #predict(double, double, double)} (never throws). Immutable and thread-safe.
 */
public final class SgdQuadratic1D {

    private final double learningRate;
    private final double curvature;
    private final double noiseVariance;

    private SgdQuadratic1D(double learningRate, double curvature, double noiseVariance) {
        this.learningRate = learningRate;
        this.curvature = curvature;
        this.noiseVariance = noiseVariance;
    }

    /**
     * A stable 1-D SGD model.
     *
     * @param learningRate {@code eta > 0}
     * @param curvature {@code h > 0} with {@code eta h < 2}
     * @param noiseVariance {@code s2 >= 0}, the per-step gradient-noise variance (batch included)
     * @return the model
     * @throws IllegalArgumentException if an argument is not finite, out of range, or the chain is
     *     unstable ({@code eta h >= 2}); {@link #predict} answers the same cases without throwing
     */
    public static SgdQuadratic1D of(double learningRate, double curvature, double noiseVariance) {
        Applicability.requireApplicable(predict(learningRate, curvature, noiseVariance),
                "pass eta > 0, h > 0, s2 >= 0 with eta*h < 2, or call SgdQuadratic1D.predict");
        return new SgdQuadratic1D(learningRate, curvature, noiseVariance);
    }

    /** Whether {@code 0 < eta h < 2} (mean and variance stable); false for NaN input. */
    public static boolean isStable(double learningRate, double curvature) {
        double etaH = learningRate * curvature;
        return learningRate > 0 && etaH > 0 && etaH < 2;
    }

    /**
     * The exact stationary variance {@code eta s2/(h (2 - eta h))}, or the reason it does not exist.
     * Never throws.
     *
     * @param learningRate {@code eta}
     * @param curvature {@code h}
     * @param noiseVariance {@code s2}
     * @return {@link Prediction.Stationary} when {@code 0 < eta h < 2}, otherwise
     *     {@link Prediction.NotApplicable} with reason {@code INVALID_INPUT},
     *     {@code NON_POSITIVE_CURVATURE} or {@code UNSTABLE} (e.g. {@code "eta*h = 2.1 >= 2: unstable"})
     */
    public static Prediction predict(double learningRate, double curvature, double noiseVariance) {
        var screened = Applicability.screen(learningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return screened.get();
        }
        double etaH = learningRate * curvature;
        if (!(etaH < 2)) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSTABLE,
                    "eta*h = " + etaH + " >= 2: unstable");
        }
        return new Prediction.Stationary(
                learningRate * noiseVariance / (curvature * (2 - etaH)),
                "exact discrete SGD, 1-D quadratic, additive noise: eta s2/(h(2 - eta h))"
                        + " (docs/theory.md#sgd-on-a-1-d-quadratic)");
    }

    /** {@code eta}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code h}. */
    public double curvature() {
        return curvature;
    }

    /** {@code s2}. */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** {@code r = 1 - eta h}, the AR(1) coefficient. */
    public double contraction() {
        return 1 - learningRate * curvature;
    }

    /**
     * Exact discrete stationary variance {@code eta s2 / (h (2 - eta h))}
     * (docs/theory.md#sgd-on-a-1-d-quadratic).
     */
    public double stationaryVariance() {
        return learningRate * noiseVariance / (curvature * (2 - learningRate * curvature));
    }

    /**
     * Continuous-time (SDE / OU) variance {@code eta s2/(2h)}, the {@code eta h -> 0} limit
     * (docs/theory.md#sgd-as-a-stochastic-differential-equation).
     */
    public double sdeVariance() {
        return learningRate * noiseVariance / (2 * curvature);
    }

    /**
     * Lag-k autocorrelation {@code (1 - eta h)^k} (docs/theory.md#sgd-on-a-1-d-quadratic).
     *
     * @param lag {@code k >= 0}
     * @return {@code rho_k}
     */
    public double lagAutocorrelation(int lag) {
        if (!(lag >= 0)) {
            throw new IllegalArgumentException("lag must be >= 0, was " + lag + "; pass a non-negative lag");
        }
        return Math.pow(contraction(), lag);
    }

    /**
     * Integrated autocorrelation time in the ESS convention, {@code tau = 1 + 2 sum_{k>=1} rho_k =
     * (2 - eta h)/(eta h)} steps, so that {@code ESS = N / tau}. Sokal's convention is half of this.
     */
    public double integratedAutocorrelationTime() {
        double etaH = learningRate * curvature;
        return (2 - etaH) / etaH;
    }

    /**
     * Sokal's integrated autocorrelation time {@code 1/2 + sum_{k>=1} rho_k = (2 - eta h)/(2 eta h)},
     * half of {@link #integratedAutocorrelationTime()}; with it {@code Var(mean) = 2 tau Var / N}.
     */
    public double sokalIntegratedAutocorrelationTime() {
        return integratedAutocorrelationTime() / 2;
    }

    /**
     * Excess kurtosis of the stationary parameter for noise of excess kurtosis {@code kappa_xi}:
     * {@code kappa_x = kappa_xi (1 - r^2)/(1 + r^2)} ({@code ≈ kappa_xi eta h} for small steps): the
     * AR(1) filter Gaussianises finite-variance noise (docs/estimators.md#kurtosis-and-gaussianisation; simulated 0.658
     * vs 0.659 for Laplace noise at {@code eta h = 0.2}).
     *
     * @param noiseExcessKurtosis {@code kappa_xi >= -2}, 0 for Gaussian noise, 3 for Laplace
     * @return {@code kappa_x}
     */
    public double parameterExcessKurtosis(double noiseExcessKurtosis) {
        Checks.finite("noiseExcessKurtosis", noiseExcessKurtosis, "pass 0 for Gaussian noise");
        double r = contraction();
        return noiseExcessKurtosis * (1 - r * r) / (1 + r * r);
    }

    /**
     * Standard error of the sample variance of {@code N} consecutive stationary iterates, from
     * Bartlett's formula for a linear process (Brockwell &amp; Davis, <i>Time Series: Theory and
     * Methods</i>, Sec. 7.3; docs/estimators.md#standard-error-of-a-variance):
     * {@code N Var(s^2)/Var^2 -> 2 (1 + r^2)/(1 - r^2) + kappa_xi}, i.e.
     * {@code SE ≈ Var sqrt((2 (1 + r^2)/(1 - r^2) + kappa_xi)/N)}. This is the tolerance unit for
     * simulation tests of {@link #stationaryVariance()}.
     *
     * @param samples {@code N >= 1} consecutive iterates (after burn-in)
     * @param noiseExcessKurtosis {@code kappa_xi} of the driving noise, 0 for Gaussian
     * @return the asymptotic standard error of the sample variance
     */
    public double sampleVarianceStandardError(double samples, double noiseExcessKurtosis) {
        if (!(samples >= 1 && samples < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("samples must be finite and >= 1, was " + samples
                    + "; pass the number of recorded iterates");
        }
        Checks.finite("noiseExcessKurtosis", noiseExcessKurtosis, "pass 0 for Gaussian noise");
        double r2 = contraction() * contraction();
        double factor = 2 * (1 + r2) / (1 - r2) + noiseExcessKurtosis;
        return stationaryVariance() * Math.sqrt(Math.max(0, factor) / samples);
    }

    /** Temperature {@code T = h Var = eta s2 / (2 - eta h)} (the SDE gives {@code eta s2/2}). */
    public double temperature() {
        return curvature * stationaryVariance();
    }

    /**
     * The exact discrete alpha in {@code p ∝ exp(-L/(alpha eta s2))}: {@code alpha = 1/(2 - eta h)},
     * which tends to the Fokker-Planck value 1/2 as {@code eta h -> 0}
     * (docs/theory.md#fokker-planck-and-the-value-of-alpha).
     */
    public double effectiveAlpha() {
        return 1 / (2 - learningRate * curvature);
    }

    @Override
    public String toString() {
        return "SgdQuadratic1D[eta=" + learningRate + ", h=" + curvature + ", s2=" + noiseVariance + "]";
    }
}
