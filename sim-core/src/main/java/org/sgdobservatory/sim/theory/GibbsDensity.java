package org.sgdobservatory.sim.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Stationary densities of 1-D SGD on an arbitrary loss, from the Fokker-Planck equation of the SDE
 * {@code dX = -L'(X) dt + sqrt(eta s2(X)) dW} (docs/theory.md#fokker-planck-and-the-value-of-alpha;
 * docs/theory.md#state-dependent-noise).
 * <pre>
 *   constant noise:   p(x) ∝ exp( -L(x) / (alpha eta s2) ),   alpha = 1/2 (Fokker-Planck, exact SDE)
 *   Ito, s2(x):       p(x) ∝ (1/s2(x)) exp( - ∫ 2 L'(y) / (eta s2(y)) dy )
 * </pre>
 * The lecture (McAllester, TTIC 31230, 2020) writes {@code alpha ~ 1/10}; the Fokker-Planck value is
 * 1/2 and the exact discrete quadratic value {@code 1/(2 - eta h)} ({@link SgdQuadratic1D}), so the
 * constant-noise form takes any {@code alpha} to draw the lecture's curve beside the exact one. The
 * Ito form is the limit of discrete SGD (Euler-Maruyama evaluates the noise at the pre-step point);
 * Stratonovich would have the prefactor {@code s2^{-1/2}}.
 *
 * <p>Numerics: the density is evaluated on a {@link UniformGrid} and returned as a {@link GridDensity}
 * (normalised by the trapezoid sum, no mass outside the grid). In the Ito form the cumulative integral
 * uses Simpson's rule on each cell (one extra evaluation at the cell midpoint), error {@code O(w^4)}.
 * The operators must be pure functions. Stateless and thread-safe.
 */
public final class GibbsDensity {

    /** The Fokker-Planck value of alpha, {@code 1/2}. */
    public static final double FOKKER_PLANCK_ALPHA = 0.5;

    private GibbsDensity() {
    }

    /**
     * {@code p(x) ∝ exp(-L(x)/T)} on the grid.
     *
     * @param loss the loss {@code L(x)}; finite on the grid (up to an additive constant)
     * @param temperature {@code T > 0}
     * @param grid where to evaluate
     * @return the normalised density
     * @throws IllegalArgumentException on non-positive temperature or a non-finite loss value (the
     *     message names the grid point)
     */
    public static GridDensity withTemperature(DoubleUnaryOperator loss, double temperature,
            UniformGrid grid) {
        Checks.positive("temperature", temperature, "pass T = alpha * eta * s2 > 0");
        double[] xs = grid.toArray();
        double[] logp = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double l = loss.applyAsDouble(xs[i]);
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("loss(" + xs[i] + ") must be finite, was " + l
                        + "; restrict the grid to where the loss is defined");
            }
            logp[i] = -l / temperature;
        }
        return GridDensity.fromLogDensity(xs, logp);
    }

    /**
     * The constant-noise Gibbs density {@code p ∝ exp(-L/(alpha eta s2))}.
     *
     * @param loss {@code L(x)}
     * @param learningRate {@code eta > 0}
     * @param noiseVariance {@code s2 > 0}, per step (batch included)
     * @param alpha {@code > 0}; {@link #FOKKER_PLANCK_ALPHA} for the exact SDE
     * @param grid where to evaluate
     * @return the normalised density
     */
    public static GridDensity constantNoise(DoubleUnaryOperator loss, double learningRate,
            double noiseVariance, double alpha, UniformGrid grid) {
        Checks.positive("learningRate", learningRate, "pass eta > 0");
        Checks.positive("noiseVariance", noiseVariance, "pass the per-step noise variance s2 > 0");
        Checks.positive("alpha", alpha, "pass alpha > 0 (1/2 from Fokker-Planck, 1/10 in the lecture)");
        return withTemperature(loss, alpha * learningRate * noiseVariance, grid);
    }

    /**
     * The constant-noise Gibbs density with the Fokker-Planck {@code alpha = 1/2}:
     * {@code p ∝ exp(-2 L/(eta s2))}.
     *
     * @param loss {@code L(x)}
     * @param learningRate {@code eta > 0}
     * @param noiseVariance {@code s2 > 0}
     * @param grid where to evaluate
     * @return the normalised density
     */
    public static GridDensity constantNoise(DoubleUnaryOperator loss, double learningRate,
            double noiseVariance, UniformGrid grid) {
        return constantNoise(loss, learningRate, noiseVariance, FOKKER_PLANCK_ALPHA, grid);
    }

    /**
     * The Ito stationary density for state-dependent noise,
     * {@code p ∝ (1/s2(x)) exp(-∫_{lower}^{x} 2 L'(y)/(eta s2(y)) dy)}.
     *
     * @param lossDerivative {@code L'(x)}, finite on the grid
     * @param noiseVarianceAt {@code s2(x) > 0} on the grid
     * @param learningRate {@code eta > 0}
     * @param grid where to evaluate
     * @return the normalised density
     * @throws IllegalArgumentException if {@code s2(x) <= 0} or a value is not finite (names the point)
     */
    public static GridDensity ito(DoubleUnaryOperator lossDerivative, DoubleUnaryOperator noiseVarianceAt,
            double learningRate, UniformGrid grid) {
        Checks.positive("learningRate", learningRate, "pass eta > 0");
        double[] xs = grid.toArray();
        int n = xs.length;
        double[] logp = new double[n];
        double integral = 0;
        double fPrev = driftOverDiffusion(lossDerivative, noiseVarianceAt, learningRate, xs[0]);
        logp[0] = -Math.log(noiseVariance(noiseVarianceAt, xs[0]));
        for (int i = 1; i < n; i++) {
            double mid = 0.5 * (xs[i - 1] + xs[i]);
            double fMid = driftOverDiffusion(lossDerivative, noiseVarianceAt, learningRate, mid);
            double f = driftOverDiffusion(lossDerivative, noiseVarianceAt, learningRate, xs[i]);
            integral += (xs[i] - xs[i - 1]) / 6 * (fPrev + 4 * fMid + f);
            logp[i] = -Math.log(noiseVariance(noiseVarianceAt, xs[i])) - integral;
            fPrev = f;
        }
        return GridDensity.fromLogDensity(xs, logp);
    }

    private static double noiseVariance(DoubleUnaryOperator noiseVarianceAt, double x) {
        double s2 = noiseVarianceAt.applyAsDouble(x);
        if (!(s2 > 0 && s2 < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("noise variance s2(" + x + ") must be finite and > 0, was " + s2
                    + "; the Ito density needs positive noise on the whole grid");
        }
        return s2;
    }

    private static double driftOverDiffusion(DoubleUnaryOperator lossDerivative,
            DoubleUnaryOperator noiseVarianceAt, double eta, double x) {
        double g = lossDerivative.applyAsDouble(x);
        if (!Double.isFinite(g)) {
            throw new IllegalArgumentException("lossDerivative(" + x + ") must be finite, was " + g
                    + "; restrict the grid to where the loss is smooth");
        }
        return 2 * g / (eta * noiseVariance(noiseVarianceAt, x));
    }
}
