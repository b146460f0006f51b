package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GibbsDensityTest {

    @ParameterizedTest(name = "alpha={0}")
    @CsvSource({"0.5", "0.1", "1.0"})
    void quadraticLossGivesAGaussianOfVarianceAlphaEtaS2OverH(double alpha) {
        double h = 2.0;
        double eta = 0.05;
        double s2 = 3.0;
        double variance = alpha * eta * s2 / h;  // exp(-h x^2/(2 alpha eta s2)); alpha = 1/2: eta s2/(2h)
        double sd = Math.sqrt(variance);
        UniformGrid grid = UniformGrid.centered(0, 12 * sd, 4001);
        GridDensity p = GibbsDensity.constantNoise(x -> h * x * x / 2, eta, s2, alpha, grid);
        double w = grid.step();
        // Piecewise-linear interpolation adds w^2/6 to the variance (triangular kernel); the next term is
        // O(w^4/Var) ~ 1e-11 relative at w = sd/167.
        assertEquals(variance + w * w / 6, p.variance(), 1e-9 * variance, "variance of the Gibbs Gaussian");
        assertEquals(0.0, p.mean(), 1e-12 * sd, "symmetric");
        assertEquals(0.841344746068543, p.cdf(sd), 1e-5,
                "Phi(1) = 0.841344746068543 (scipy.stats.norm.cdf(1)); linear interpolation error ~ w^2");
    }

    @Test
    void fokkerPlanckAlphaIsTheDefault() {
        UniformGrid grid = UniformGrid.centered(0, 3, 301);
        GridDensity a = GibbsDensity.constantNoise(x -> x * x * x * x, 0.1, 2.0, grid);
        GridDensity b = GibbsDensity.withTemperature(x -> x * x * x * x, 0.1, grid);
        assertEquals(b.variance(), a.variance(), 1e-15, "T = eta s2/2 = 0.1");
    }

    @Test
    void itoDensityOfMultiplicativeNoiseIsStudentT() {
        // docs/theory.md#state-dependent-noise:
        // L = h x^2/2, s2(x) = s0 + c x^2  =>  p ∝ (s0 + c x^2)^-(1 + h/(eta c)),
        // a Student-t with nu = 1 + 2h/(eta c) and scale sqrt(s0/(c nu)); Var_Ito = eta s0/(2h - eta c).
        double h = 1.0;
        double c = 2.0;
        double eta = 0.05;
        double s0 = 1.0;
        double nu = 1 + 2 * h / (eta * c);  // 21
        double scale = Math.sqrt(s0 / (c * nu));
        double variance = eta * s0 / (2 * h - eta * c);
        UniformGrid grid = UniformGrid.centered(0, 12, 12_001);  // mass beyond |x| = 12 is ~1e-24
        GridDensity p = GibbsDensity.ito(x -> h * x, x -> s0 + c * x * x, eta, grid);
        double w = grid.step();
        // Same w^2/6 interpolation term as for the Gaussian; Simpson's cumulative integral is O(w^4).
        assertEquals(variance + w * w / 6, p.variance(), 1e-8 * variance, "Var_Ito = eta s0/(2h - eta c)");
        TDistribution t = new TDistribution(null, nu);
        for (double x : new double[] {0.0, 0.1, 0.3, 0.8}) {
            double expected = t.density(x / scale) / scale;
            // Between grid points the interpolation error is <= w^2 |p''|/8 ~ 1e-5 relative; at grid points
            // only the O(w^4) Simpson error remains. These x are grid points (w = 0.002).
            assertEquals(expected, p.pdf(x), 1e-8 * expected, "Student-t density at x = " + x);
        }
    }

    @Test
    void itoWithConstantNoiseEqualsTheGibbsForm() {
        // Double well L = x^4/4 - x^2/2, constant s2: the Ito formula must reduce to exp(-2L/(eta s2)).
        double eta = 0.2;
        double s2 = 1.5;
        UniformGrid grid = UniformGrid.centered(0, 4, 2001);
        GridDensity ito = GibbsDensity.ito(x -> x * x * x - x, x -> s2, eta, grid);
        GridDensity gibbs = GibbsDensity.constantNoise(x -> x * x * x * x / 4 - x * x / 2, eta, s2, grid);
        for (double x : new double[] {-1.0, 0.0, 0.5, 1.0, 1.6}) {
            // Simpson's rule integrates the cubic L' exactly: only rounding remains.
            assertEquals(gibbs.pdf(x), ito.pdf(x), 1e-11 * gibbs.pdf(x), "pdf at " + x);
        }
    }

    @Test
    void invalidInputsNameTheProblem() {
        UniformGrid grid = UniformGrid.centered(0, 1, 11);
        IllegalArgumentException s2 = assertThrows(IllegalArgumentException.class,
                () -> GibbsDensity.ito(x -> x, x -> x, 0.1, grid));
        assertTrue(s2.getMessage().contains("s2(-1.0)"), s2.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> GibbsDensity.constantNoise(x -> x * x, 0.1, 1.0, Double.NaN, grid));
        assertTrue(alpha.getMessage().contains("alpha"), alpha.getMessage());
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> GibbsDensity.constantNoise(Math::log, 0.1, 1.0, grid));
        assertTrue(loss.getMessage().contains("loss(-1.0)"), loss.getMessage());
        IllegalArgumentException points = assertThrows(IllegalArgumentException.class,
                () -> new UniformGrid(0, 1, 2));
        assertTrue(points.getMessage().contains("points"), points.getMessage());
    }
}
