package org.sgdobservatory.sim.theory;

import org.sgdobservatory.sim.stats.Estimate;

/**
 * Per-parameter temperatures {@code T_i = h_i Var(theta_i)} and the measured alpha
 * {@code alpha_i = T_i/(eta s2_i)}, with first-order error propagation (docs/theory.md#temperature-against-noise
 * and docs/theory.md#fokker-planck-and-the-value-of-alpha: the project reports the measured alpha beside the
 * Fokker-Planck 1/2 and the lecture's 1/10, McAllester, TTIC 31230, 2020).
 *
 * <p>Error propagation is the delta method for independent inputs: for a product or ratio the relative
 * standard errors add in quadrature; an exact input ({@code double}) contributes none. The effective
 * sample size of a result is the smaller of its inputs'. Stateless and thread-safe.
 */
public final class Temperatures {

    private Temperatures() {
    }

    /**
     * {@code T = h Var} with a known curvature: {@code SE(T) = |h| SE(Var)}.
     *
     * @param curvature {@code h}, finite
     * @param variance the measured stationary variance of the parameter
     * @return the temperature estimate
     */
    public static Estimate temperature(double curvature, Estimate variance) {
        Checks.finite("curvature", curvature, "pass a finite curvature h");
        return new Estimate(curvature * variance.value(), Math.abs(curvature) * variance.standardError(),
                variance.effectiveSampleSize());
    }

    /**
     * {@code T = h Var} with an estimated curvature (e.g. Hutchinson): relative errors add in quadrature,
     * {@code SE(T)/|T| = hypot(SE(h)/|h|, SE(Var)/|Var|)} (independent estimates).
     *
     * @param curvature the measured curvature
     * @param variance the measured variance
     * @return the temperature estimate
     */
    public static Estimate temperature(Estimate curvature, Estimate variance) {
        double t = curvature.value() * variance.value();
        double se = Math.hypot(variance.value() * curvature.standardError(),
                curvature.value() * variance.standardError());
        return new Estimate(t, se, Math.min(curvature.effectiveSampleSize(), variance.effectiveSampleSize()));
    }

    /**
     * Temperatures of many parameters with known curvatures.
     *
     * @param curvatures {@code h_i}
     * @param variances {@code Var_i}, same length
     * @return {@code T_i = h_i Var_i} with standard errors
     */
    public static Estimate[] perDimension(double[] curvatures, Estimate[] variances) {
        if (curvatures.length != variances.length) {
            throw new IllegalArgumentException("curvatures and variances must have equal length, were "
                    + curvatures.length + " and " + variances.length + "; pass one curvature per variance");
        }
        Estimate[] t = new Estimate[curvatures.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = temperature(curvatures[i], variances[i]);
        }
        return t;
    }

    /**
     * The measured alpha {@code T/(eta s2)} with a known noise variance.
     *
     * @param temperature the temperature estimate
     * @param learningRate {@code eta > 0}
     * @param noiseVariance {@code s2 > 0}, per step (batch included)
     * @return {@code alpha} with standard error {@code SE(T)/(eta s2)}; 1/2 is the Fokker-Planck value
     */
    public static Estimate alpha(Estimate temperature, double learningRate, double noiseVariance) {
        Checks.positive("learningRate", learningRate, "pass eta > 0");
        Checks.positive("noiseVariance", noiseVariance, "pass the per-step noise variance s2 > 0");
        double scale = learningRate * noiseVariance;
        return new Estimate(temperature.value() / scale, temperature.standardError() / scale,
                temperature.effectiveSampleSize());
    }

    /**
     * The measured alpha {@code T/(eta s2)} with an estimated noise variance (delta method).
     *
     * @param temperature the temperature estimate
     * @param learningRate {@code eta > 0}
     * @param noiseVariance the measured {@code s2}
     * @return {@code alpha} with standard error
     */
    public static Estimate alpha(Estimate temperature, double learningRate, Estimate noiseVariance) {
        Checks.positive("learningRate", learningRate, "pass eta > 0");
        Estimate ratio = temperature.dividedBy(noiseVariance);
        return new Estimate(ratio.value() / learningRate, ratio.standardError() / learningRate,
                ratio.effectiveSampleSize());
    }
}
