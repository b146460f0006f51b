package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.noise.StateDependentNoise;
import org.sgdobservatory.sim.noise.StudentTNoise;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.MultiplicativeNoiseQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/** The other noise models and the SDE integrator against their exact variances. */
class NoiseModelsTest {

    @Test
    void studentTNoiseGivesTheSameVarianceAsGaussian() {
        // Only second moments enter the discrete variance (docs/theory.md#sgd-on-a-1-d-quadratic), so heavy tails with
        // nu = 6 (excess kurtosis 3) leave eta s2/(h(2 - eta h)) unchanged.
        double eta = 0.2;
        SimulationResult r = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(1.0), StudentTNoise.of(6.0, 2.0)))
                .updater(new Sgd(eta)).chains(4_096).burnIn(100).steps(2_000).seed(8)
                .build().run();
        SgdQuadratic1D theory = SgdQuadratic1D.of(eta, 1.0, 2.0);
        // Bartlett SE with the noise's excess kurtosis 6/(nu - 4) = 3
        // (docs/estimators.md#standard-error-of-a-variance).
        double se = theory.sampleVarianceStandardError(4_096.0 * 2_000, 3.0);
        assertEquals(theory.stationaryVariance(), r.variance(0).value(), 4 * se, "Student-t noise, nu = 6");
    }

    @Test
    void stateDependentNoiseMatchesTheExactDiscreteVariance() {
        // s2(x) = s0 + c x^2 with h = 1, c = 8, eta = 0.05, s0 = 1 (docs/theory.md#state-dependent-noise):
        // V = eta s0 / (h(2 - eta h) - eta c) = 0.03226, against Ito's 0.03125.
        double eta = 0.05;
        SimulationResult r = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(1.0),
                        StateDependentNoise.quadraticGrowth(new double[] {1.0}, new double[] {8.0})))
                .updater(new Sgd(eta)).chains(8_192).burnIn(400).steps(2_000).seed(9)
                .build().run();
        MultiplicativeNoiseQuadratic1D theory = MultiplicativeNoiseQuadratic1D.of(eta, 1.0, 1.0, 8.0);
        Estimate v = r.variance(0);
        // The marginal is a heavy-tailed Student-t (nu = 1 + 2h/(eta c) = 6): the group SE is the
        // honest error here (32 independent chain groups).
        assertEquals(theory.stationaryVariance(), v.value(), 4 * v.standardError(), "exact discrete: " + v);
        assertEquals(0.03226, v.value(), 0.02 * 0.03226,
                "the simulated 0.03226 of docs/theory.md#state-dependent-noise");
    }

    @ParameterizedTest(name = "eta*h={0}")
    @ValueSource(doubles = {0.5, 1.5})
    void eulerMaruyamaWithASmallStepReachesTheSdeVariance(double etaH) {
        double eta = etaH;
        double dt = 0.02;   // SDE time step: the integrator's own discretisation bias is dt h/2 = 1%
        SimulationResult r = EulerMaruyama.builder(QuadraticLandscape.diagonal(1.0), GaussianNoise.diagonal(1.0), eta, dt)
                .chains(8_192).burnIn(500).steps(2_000).seed(10)
                .build().run();
        SgdQuadratic1D theory = SgdQuadratic1D.of(eta, 1.0, 1.0);
        // Euler-Maruyama with step dt is SGD with rate dt and noise eta/dt: exact variance
        // eta s2 / (h (2 - dt h)), within 1% of the SDE's eta s2/(2h), far from discrete SGD's.
        double integrator = eta / (2 - dt);
        Estimate v = r.variance(0);
        assertEquals(integrator, v.value(), 4 * v.standardError(), "Euler-Maruyama variance: " + v);
        assertEquals(theory.sdeVariance(), v.value(), 0.02 * theory.sdeVariance(), "SDE variance eta s2/(2h)");
    }
}
