package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GridDensityTest {

    @Test
    void uniformDensityHasExactMoments() {
        GridDensity u = GridDensity.of(new double[] {0, 0.25, 1}, new double[] {3, 3, 3});
        assertEquals(0.5, u.mean(), 1e-15, "mean of U(0,1)");
        assertEquals(1.0 / 12, u.variance(), 1e-15, "variance of U(0,1)");
        assertEquals(0.3, u.cdf(0.3), 1e-15, "F(0.3)");
        assertEquals(0.7, u.quantile(0.7), 1e-15, "F^-1(0.7)");
        assertEquals(1.0 / 3, u.pdf(0.9) / 3, 1e-15, "normalised to density 1");
        assertEquals(0.0, u.pdf(1.5), 0, "zero outside the grid");
        assertEquals(0.5, u.probability(0.25, 0.75), 1e-15, "P(0.25 < X <= 0.75)");
    }

    @Test
    void triangularDensityHasExactMomentsAndQuadraticCdf() {
        // p(x) = 2x on [0, 1]: mean 2/3, variance 1/18, F = x^2, F^-1(u) = sqrt(u).
        GridDensity t = GridDensity.of(new double[] {0, 1}, new double[] {0, 1});
        assertEquals(2.0 / 3, t.mean(), 1e-15, "mean of 2x");
        assertEquals(1.0 / 18, t.variance(), 1e-15, "variance of 2x");
        for (double v : new double[] {0.0, 0.1, 0.5, 0.99, 1.0}) {
            assertEquals(v * v, t.cdf(v), 1e-15, "F(" + v + ") = x^2");
            assertEquals(Math.sqrt(v), t.quantile(v), 1e-15, "F^-1(" + v + ") = sqrt(u)");
        }
    }

    @Test
    void integratedCdfIsExactAndConsistentWithTheMean() {
        // p(x) = 2x on [0, 1]: F = x^2, G(x) = x^3/3; beyond the grid G grows like x - mean.
        GridDensity t = GridDensity.of(new double[] {0, 0.5, 1}, new double[] {0, 0.5, 1});
        assertEquals(0.125 / 3, t.integratedCdf(0.5), 1e-15, "G(0.5) = 0.5^3/3");
        assertEquals(0.0, t.integratedCdf(-1), 0, "no mass below the grid");
        assertEquals(3 - t.mean(), t.integratedCdf(3), 1e-15, "G(x) = x - mean beyond the grid");
    }

    @ParameterizedTest(name = "u={0}")
    @ValueSource(doubles = {1e-9, 0.01, 0.3, 0.5, 0.77, 0.999999})
    void quantileInvertsCdfOnAGaussianGrid(double u) {
        UniformGrid g = UniformGrid.centered(0, 8, 401);
        double[] xs = g.toArray();
        double[] p = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = Math.exp(-0.5 * xs[i] * xs[i]);
        }
        GridDensity d = GridDensity.of(xs, p);
        assertEquals(u, d.cdf(d.quantile(u)), 1e-13, "F(F^-1(u)) = u");
        assertTrue(d.boundaryDensityRatio() < 1e-13, "8 sd covers the mass: " + d.boundaryDensityRatio());
    }

    @Test
    void inputsAreCopiedAndValidated() {
        double[] xs = {0, 1, 2};
        double[] ps = {1, 2, 1};
        GridDensity d = GridDensity.of(xs, ps);
        xs[1] = 5;
        ps[1] = 100;
        assertEquals(1.0, d.mean(), 1e-15, "mutating the inputs does not change the density");
        d.density()[1] = 7;
        assertEquals(2.0 / 3, d.density()[1], 1e-15, "density() returns a copy (trapezoid total 3)");
        IllegalArgumentException notIncreasing = assertThrows(IllegalArgumentException.class,
                () -> GridDensity.of(new double[] {0, 0, 1}, new double[] {1, 1, 1}));
        assertTrue(notIncreasing.getMessage().contains("grid[1]"), notIncreasing.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> GridDensity.of(new double[] {0, 1}, new double[] {1, -1}));
        assertTrue(negative.getMessage().contains("density[1]"), negative.getMessage());
        IllegalArgumentException badU = assertThrows(IllegalArgumentException.class, () -> d.quantile(1.5));
        assertTrue(badU.getMessage().contains("u must be in [0, 1]"), badU.getMessage());
    }
}
