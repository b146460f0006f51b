package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CyclicOrderQuadratic1DTest {

    @Test
    void singleBatchIsTheFixedPointOfTheBiasedGradient() {
        CyclicOrderQuadratic1D c = CyclicOrderQuadratic1D.of(0.1, 2.0, new double[] {0.6});
        assertEquals(-0.3, c.orbit()[0], 1e-15, "h x + xi = 0");
        assertEquals(0.0, c.spread(), 0, "no spread");
    }

    @ParameterizedTest(name = "eta*h={0}")
    @ValueSource(doubles = {0.01, 0.5, 1.0, 1.7})
    void twoBatchOrbitMatchesTheHandSolution(double etaH) {
        // xi = (a, -a): x_0 = eta a/(1+r), x_1 = -eta a/(1+r) (solve x_0 = r(r x_0 - eta a) + eta a).
        double a = 0.8;
        double eta = etaH / 2.0;
        double r = 1 - etaH;
        CyclicOrderQuadratic1D c = CyclicOrderQuadratic1D.of(eta, 2.0, new double[] {a, -a});
        double x0 = eta * a / (1 + r);
        assertEquals(x0, c.orbit()[0], 1e-14 * x0, "x_0");
        assertEquals(-x0, c.orbit()[1], 1e-14 * x0, "x_1");
        assertEquals(x0 * x0, c.spread(), 1e-13 * x0 * x0, "spread");
        assertEquals(x0, c.amplitude(), 1e-14 * x0, "amplitude");
    }

    @Test
    void orbitClosesAndItsMeanIsMinusMeanNoiseOverH() {
        Random rng = new Random(11);
        double[] xi = new double[37];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = rng.nextGaussian();
        }
        double eta = 0.03;
        double h = 1.3;
        CyclicOrderQuadratic1D c = CyclicOrderQuadratic1D.of(eta, h, xi);
        double[] x = c.orbit();
        double last = (1 - eta * h) * x[x.length - 1] - eta * xi[xi.length - 1];
        assertEquals(x[0], last, 1e-13, "x_K = x_0: the orbit is periodic");
        double meanXi = java.util.Arrays.stream(xi).average().orElseThrow();
        assertEquals(-meanXi / h, c.mean(), 1e-13, "mean = -mean(xi)/h");
    }

    @Test
    void iteratingManyEpochsConvergesToTheOrbit() {
        Random rng = new Random(23);
        double[] xi = new double[17];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = rng.nextGaussian();
        }
        double eta = 0.05;
        double h = 1.0;
        double x = 3.0;  // far from the orbit; each epoch contracts by 0.95^17 = 0.42
        for (int ep = 0; ep < 200; ep++) {
            for (double v : xi) {
                x = (1 - eta * h) * x - eta * v;
            }
        }
        double[] orbit = CyclicOrderQuadratic1D.of(eta, h, xi).orbit();
        for (int k = 0; k < xi.length; k++) {
            assertEquals(orbit[k], x, 1e-13, "step " + k + " of the converged epoch");
            x = (1 - eta * h) * x - eta * xi[k];
        }
    }

    @Test
    void slowRelaxationIsAZeroSumRandomWalkWithoutLossOfDigits() {
        // eta h K = 2e-9: x_k ≈ eta (mean_k P_k - P_k), P_k = sum_{m<k} xi_m, relative error O(eta h K).
        Random rng = new Random(5);
        int k = 20;
        double[] xi = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            xi[i] = rng.nextGaussian();
            sum += xi[i];
        }
        for (int i = 0; i < k; i++) {
            xi[i] -= sum / k;
        }
        double eta = 1e-10;
        CyclicOrderQuadratic1D c = CyclicOrderQuadratic1D.of(eta, 1.0, xi);
        double[] partial = new double[k];
        for (int i = 1; i < k; i++) {
            partial[i] = partial[i - 1] + xi[i - 1];
        }
        double meanP = java.util.Arrays.stream(partial).average().orElseThrow();
        double varP = java.util.Arrays.stream(partial).map(p -> (p - meanP) * (p - meanP)).sum() / k;
        assertEquals(eta * eta * varP, c.spread(), 1e-6 * eta * eta * varP, "spread of the random-walk bridge");
    }

    @Test
    void predictionIsALimitCycleNotADensity() {
        Prediction p = CyclicOrderQuadratic1D.predict(0.1, 1.0, new double[] {1, -1});
        Prediction.NotApplicable n = assertInstanceOf(Prediction.NotApplicable.class, p, "no density");
        assertEquals(Prediction.Reason.LIMIT_CYCLE, n.reason(), "limit cycle");
        assertTrue(n.explanation().contains("spread"), n.explanation());
        assertEquals(Prediction.Reason.UNSTABLE, ((Prediction.NotApplicable) CyclicOrderQuadratic1D
                .predict(3.0, 1.0, new double[] {1, -1})).reason(), "unstable first");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CyclicOrderQuadratic1D.of(0.1, 1.0, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("batchNoises[1]"), e.getMessage());
    }
}
