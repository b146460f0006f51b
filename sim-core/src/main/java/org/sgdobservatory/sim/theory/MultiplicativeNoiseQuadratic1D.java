package org.sgdobservatory.sim.theory;

/**
 * SGD on a 1-D quadratic {@code L = h x^2/2} with state-dependent noise {@code s2(x) = s0 + c x^2}
 * (docs/theory.md#state-dependent-noise: Gaussian noise whose variance grows with the loss gives power-law tails).
 * <pre>
 *   exact discrete:  V = eta s0 / (h (2 - eta h) - eta c),   finite iff h (2 - eta h) &gt; eta c
 *   Ito SDE:         p ∝ (s0 + c x^2)^-(1 + h/(eta c)),  a Student-t with nu = 1 + 2h/(eta c),
 *                    Var_Ito = eta s0 / (2h - eta c)       finite iff eta c &lt; 2h
 *                    excess kurtosis 6/(nu - 4)            finite iff nu &gt; 4
 * </pre>
 * (Stratonovich would give {@code eta s0/(2h - 2 eta c)}; simulation rules it out: at {@code h = 1},
 * {@code c = 8}, {@code eta = 0.05}, {@code s0 = 1} the simulated variance is 0.03226 = exact discrete,
 * Ito 0.03125, Stratonovich 0.04167.) With {@code c = 0} this is {@link SgdQuadratic1D}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MultiplicativeNoiseQuadratic1D {

    private final double learningRate;
    private final double curvature;
    private final double baseNoiseVariance;
    private final double noiseGrowth;

    private MultiplicativeNoiseQuadratic1D(double learningRate, double curvature, double baseNoiseVariance,
            double noiseGrowth) {
        this.learningRate = learningRate;
        this.curvature = curvature;
        this.baseNoiseVariance = baseNoiseVariance;
        this.noiseGrowth = noiseGrowth;
    }

    /**
     * A model whose exact discrete variance is finite.
     *
     * @param learningRate {@code eta > 0}
     * @param curvature {@code h > 0}, {@code eta h < 2}
     * @param baseNoiseVariance {@code s0 >= 0}, the noise variance at the minimum
     * @param noiseGrowth {@code c >= 0} in {@code s2(x) = s0 + c x^2}, with {@code eta c < h (2 - eta h)}
     * @return the model
     * @throws IllegalArgumentException on invalid input or an infinite variance; {@link #predict} answers
     */
    public static MultiplicativeNoiseQuadratic1D of(double learningRate, double curvature,
            double baseNoiseVariance, double noiseGrowth) {
        Applicability.requireApplicable(predict(learningRate, curvature, baseNoiseVariance, noiseGrowth),
                "pass c >= 0 with eta*c < h(2 - eta*h)");
        return new MultiplicativeNoiseQuadratic1D(learningRate, curvature, baseNoiseVariance, noiseGrowth);
    }

    /**
     * The exact discrete stationary variance, or why there is none ({@code INFINITE_VARIANCE} when the
     * tails are too heavy). Never throws.
     *
     * @param learningRate {@code eta}
     * @param curvature {@code h}
     * @param baseNoiseVariance {@code s0}
     * @param noiseGrowth {@code c}
     * @return the prediction
     */
    public static Prediction predict(double learningRate, double curvature, double baseNoiseVariance,
            double noiseGrowth) {
        Prediction sgd = SgdQuadratic1D.predict(learningRate, curvature, baseNoiseVariance);
        if (sgd instanceof Prediction.NotApplicable) {
            return sgd;
        }
        if (!(noiseGrowth >= 0 && noiseGrowth < Double.POSITIVE_INFINITY)) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "noise growth c = " + noiseGrowth + " is not finite and >= 0");
        }
        double margin = curvature * (2 - learningRate * curvature) - learningRate * noiseGrowth;
        if (!(margin > 0)) {
            return new Prediction.NotApplicable(Prediction.Reason.INFINITE_VARIANCE, "eta*c = "
                    + learningRate * noiseGrowth + " >= h(2 - eta*h) = " + (margin + learningRate * noiseGrowth)
                    + ": multiplicative noise makes the stationary variance infinite (power-law tails)");
        }
        return new Prediction.Stationary(learningRate * baseNoiseVariance / margin,
                "exact discrete SGD, 1-D quadratic, noise s0 + c x^2 (docs/theory.md#state-dependent-noise)");
    }

    /** Exact discrete variance {@code eta s0 / (h(2 - eta h) - eta c)}. */
    public double stationaryVariance() {
        return learningRate * baseNoiseVariance
                / (curvature * (2 - learningRate * curvature) - learningRate * noiseGrowth);
    }

    /** Student-t degrees of freedom of the Ito density, {@code 1 + 2h/(eta c)} (infinite for c = 0). */
    public double itoDegreesOfFreedom() {
        return 1 + 2 * curvature / (learningRate * noiseGrowth);
    }

    /** Ito variance {@code eta s0/(2h - eta c)}; {@code +infinity} when {@code eta c >= 2h}. */
    public double itoVariance() {
        double margin = 2 * curvature - learningRate * noiseGrowth;
        return margin > 0 ? learningRate * baseNoiseVariance / margin : Double.POSITIVE_INFINITY;
    }

    /** Excess kurtosis of the Ito density, {@code 6/(nu - 4)}; 0 for {@code c = 0}, infinite for {@code nu <= 4}. */
    public double itoExcessKurtosis() {
        double nu = itoDegreesOfFreedom();
        return nu > 4 ? 6 / (nu - 4) : Double.POSITIVE_INFINITY;
    }

    /**
     * The Ito stationary density on a grid ({@link GibbsDensity#ito}); requires {@code s0 > 0}.
     *
     * @param grid where to evaluate; must cover the heavy tails
     * @return the density
     */
    public GridDensity itoDensity(UniformGrid grid) {
        return GibbsDensity.ito(x -> curvature * x, x -> baseNoiseVariance + noiseGrowth * x * x,
                learningRate, grid);
    }

    /** {@code eta}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code h}. */
    public double curvature() {
        return curvature;
    }

    /** {@code s0}. */
    public double baseNoiseVariance() {
        return baseNoiseVariance;
    }

    /** {@code c}. */
    public double noiseGrowth() {
        return noiseGrowth;
    }

    @Override
    public String toString() {
        return "MultiplicativeNoiseQuadratic1D[eta=" + learningRate + ", h=" + curvature + ", s0="
                + baseNoiseVariance + ", c=" + noiseGrowth + "]";
    }
}
