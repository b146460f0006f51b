package org.sgdobservatory.examples.lecture;

import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import org.sgdobservatory.sim.simulation.SimulationResult;

/** Small helpers shared by the claims. Stateless. */
final class Runs {
    private Runs() {
    }

    /** Chains of {@code updater} on the separable quadratic {@code h} with Gaussian noise {@code s2}. */
    static SimulationResult quadratic(double[] curvature, double[] noiseVariance, Updater updater, int chains,
            int burnIn, int steps, long seed, SimulationProgress progress) {
        return Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(curvature), GaussianNoise.diagonal(noiseVariance)))
                .updater(updater).chains(chains).burnIn(burnIn).steps(steps).seed(seed)
                .build().run(progress);
    }

    /**
     * Steps for the variance of an AR(1) chain with contraction {@code r} started at 0 to come within
     * {@code e^-7 ≈ 0.1%} of stationarity ({@code r^{2k} <= e^-7}), plus a margin of 20.
     */
    static int burnIn(double contraction) {
        double perStep = -Math.log(contraction * contraction);
        return perStep > 0 && Double.isFinite(perStep) ? (int) Math.ceil(7 / perStep) + 20 : 20;
    }

    /** Formats a number with 4 significant digits (scientific notation below 1e-4 and from 1e6). */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format("%.4g", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
