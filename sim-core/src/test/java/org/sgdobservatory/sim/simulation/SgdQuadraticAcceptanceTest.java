package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * Acceptance (a) and (h) of the foundation issue: discrete SGD on {@code L = h x^2/2} with Gaussian
 * noise of variance {@code s2} against the exact results of
 * docs/theory.md#sgd-on-a-1-d-quadratic.
 */
class SgdQuadraticAcceptanceTest {
    private static final double CURVATURE = 1.0;
    private static final double NOISE_VARIANCE = 1.0;
    private static final int CHAINS = 32_768;
    private static final int STEPS = 1_100;

    @ParameterizedTest(name = "eta*h={0}")
    @ValueSource(doubles = {0.01, 0.1, 0.5, 1.0, 1.5, 1.9})
    void stationaryVarianceAutocorrelationAndFdrMatchTheExactDiscreteResults(double etaH) {
        double eta = etaH / CURVATURE;
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(CURVATURE), GaussianNoise.diagonal(NOISE_VARIANCE)))
                .updater(new Sgd(eta))
                .chains(CHAINS).steps(STEPS)
                // The variance relaxes as r^(2k), r = 1 - eta h: 20/(eta h) steps leave < 1e-8 of it.
                .burnIn((int) Math.min(2000, 20 / Math.min(etaH, 2 - etaH)))
                .seed(20261126L + Math.round(etaH * 100))
                .collect(Statistic.AUTOCORRELATION, Statistic.FDR)
                .build().run();
        SgdQuadratic1D theory = SgdQuadratic1D.of(eta, CURVATURE, NOISE_VARIANCE);
        double exact = theory.stationaryVariance();
        Estimate variance = result.variance(0);

        // Tolerance: the Bartlett standard error of a sample variance of an AR(1) chain with
        // coefficient r and Gaussian noise, SE = Var sqrt(2(1+r^2)/((1-r^2) N)), N = chains x steps
        // (docs/estimators.md#standard-error-of-a-variance); chains are independent, so N adds up over chains.
        double se = theory.sampleVarianceStandardError((double) CHAINS * STEPS, 0.0);
        assertEquals(exact, variance.value(), 4 * se,
                "variance vs eta s2/(h(2-eta h)) within 4 Bartlett standard errors");
        assertEquals(1.0, variance.value() / exact, 0.01, "variance within 1% of the exact formula");

        // The chain-group standard error estimates the same quantity: with 32 groups its own relative
        // spread is 1/sqrt(2*31) = 13%, so it must lie within 3 x 13% of the Bartlett value.
        assertEquals(1.0, variance.standardError() / se, 0.39,
                "group standard error vs Bartlett standard error");

        // The SDE's variance eta s2/(2h) is off by the factor (2 - eta h)/2: its error grows with eta h.
        double sdeOverSimulated = theory.sdeVariance() / variance.value();
        assertEquals((2 - etaH) / 2, sdeOverSimulated, 4 * se / exact * (2 - etaH) / 2,
                "SDE/discrete variance ratio is (2 - eta h)/2");

        // Lag-1 autocorrelation 1 - eta h; its group standard error comes from 32 independent groups.
        Estimate lag1 = result.lagOneAutocorrelation(0).orElseThrow();
        assertEquals(theory.lagAutocorrelation(1), lag1.value(), Math.max(4 * lag1.standardError(), 1e-4),
                "lag-1 autocorrelation is 1 - eta h");

        // (h) FDR ratio 1 within 2%, and within 4 group standard errors.
        Estimate fdr = result.fdrRatio(0).orElseThrow();
        assertEquals(1.0, fdr.value(), 0.02, "FDR ratio 2 Cov(theta,u)/E[u^2] is 1 when stationary");
        assertTrue(Math.abs(fdr.value() - 1) <= 4 * fdr.standardError() + 1e-12,
                "FDR ratio within 4 standard errors of 1: " + fdr);
    }
}
