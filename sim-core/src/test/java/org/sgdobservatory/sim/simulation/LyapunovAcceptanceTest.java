package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Preconditioned;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.optim.Updater;
import org.sgdobservatory.sim.theory.GibbsTest;
import org.sgdobservatory.sim.theory.Lyapunov;

/**
 * Acceptance (d): a 4-D quadratic whose Hessian and noise covariance do not commute. The simulated
 * covariance is the discrete Lyapunov solution; the density is not Gibbs in L; preconditioning with
 * {@code c Sigma^{-1}} makes it Gibbs (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation,
 * docs/theory.md#preconditioning-and-the-variance-normalised-rule).
 */
class LyapunovAcceptanceTest {
    static final double[][] HESSIAN = {
        {2.0, 0.6, 0.0, 0.3},
        {0.6, 1.5, 0.4, 0.0},
        {0.0, 0.4, 1.0, 0.2},
        {0.3, 0.0, 0.2, 0.5}};
    static final double[][] NOISE = {
        {4.0, -0.5, 0.3, 0.0},
        {-0.5, 1.0, 0.0, 0.2},
        {0.3, 0.0, 2.0, -0.4},
        {0.0, 0.2, -0.4, 0.5}};

    private static SimulationResult simulate(Updater updater, int burnIn) {
        return Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.full(HESSIAN), GaussianNoise.covariance(NOISE)))
                .updater(updater)
                .chains(8_000).burnIn(burnIn).steps(3_000).seed(11)
                .collect(Statistic.COVARIANCE)
                .build().run();
    }

    @Test
    void hessianAndNoiseDoNotCommute() {
        double[][] hs = MatrixUtils.createRealMatrix(HESSIAN).multiply(MatrixUtils.createRealMatrix(NOISE)).getData();
        double[][] sh = MatrixUtils.createRealMatrix(NOISE).multiply(MatrixUtils.createRealMatrix(HESSIAN)).getData();
        assertTrue(Math.abs(hs[0][1] - sh[0][1]) > 0.5, "the fixture must have [H, Sigma] != 0");
    }

    @Test
    void sgdCovarianceIsTheDiscreteLyapunovSolutionAndNotGibbs() {
        double eta = 0.1; // eta * lambda_max(H) ~ 0.25
        SimulationResult r = simulate(new Sgd(eta), 400);
        double[][] simulated = r.covariance().orElseThrow();
        double[][] exact = Lyapunov.discreteSgd(HESSIAN, NOISE, eta);
        double error = relativeFrobenius(simulated, exact);
        // Relative SE of a covariance entry ~ sqrt(2 tau / N), tau <= 2/(eta lambda_min) ~ 60 steps,
        // N = 2.4e7: ~0.2%; 2% is the bound, many standard errors wide.
        assertTrue(error < 0.02, "relative Frobenius error vs discrete Lyapunov: " + error);
        GibbsTest.Result gibbs = GibbsTest.ofCovariance(HESSIAN, simulated,
                r.covarianceStandardErrors().orElseThrow(), 0.001);
        assertFalse(gibbs.gibbs(), "non-commuting H and Sigma: not Gibbs, p = " + gibbs.pValue());
    }

    @Test
    void preconditioningWithInverseNoiseCovarianceMakesItGibbs() {
        double[][] inverse = new LUDecomposition(MatrixUtils.createRealMatrix(NOISE)).getSolver().getInverse().getData();
        double c = 1.0;
        double eta = 0.01;  // eta c Sigma^{-1} H has eigenvalues up to ~0.04: the O(eta) discrete bias is ~1%
        double[][] p = scale(symmetrise(inverse), c);
        SimulationResult r = simulate(Preconditioned.of(eta, p), 3_000);
        double[][] simulated = r.covariance().orElseThrow();
        double[][] exact = Lyapunov.discretePreconditioned(HESSIAN, NOISE, eta, p);
        double error = relativeFrobenius(simulated, exact);
        assertTrue(error < 0.03, "relative Frobenius error vs preconditioned discrete Lyapunov: " + error);
        GibbsTest.Result gibbs = GibbsTest.ofCovariance(HESSIAN, exact, scale(simulatedErrors(r), 1.0), 0.001);
        assertTrue(gibbs.gibbs(), "the exact preconditioned solution is Gibbs within the simulation's errors,"
                + " p = " + gibbs.pValue());
        GibbsTest.Result observed = GibbsTest.ofCovariance(HESSIAN, simulated, simulatedErrors(r), 0.001);
        assertTrue(observed.gibbs(), "P = c Sigma^{-1}: one temperature eta c/2, p = " + observed.pValue()
                + ", pooled T = " + observed.pooledTemperature());
    }

    private static double[][] simulatedErrors(SimulationResult r) {
        return r.covarianceStandardErrors().orElseThrow();
    }

    static double relativeFrobenius(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                num += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                den += b[i][j] * b[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    private static double[][] symmetrise(double[][] m) {
        double[][] s = new double[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                s[i][j] = (m[i][j] + m[j][i]) / 2;
            }
        }
        return s;
    }

    private static double[][] scale(double[][] m, double c) {
        double[][] s = new double[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                s[i][j] = m[i][j] * c;
            }
        }
        return s;
    }
}
