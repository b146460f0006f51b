package org.sgdobservatory.sim.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.theory.GridDensity;
import org.sgdobservatory.sim.theory.UniformGrid;

class Wasserstein1Test {

    private static final ReferenceDistribution UNIFORM =
            ReferenceDistribution.of(GridDensity.of(new double[] {0, 1}, new double[] {1, 1}));
    private static final ReferenceDistribution STANDARD = ReferenceDistribution.gaussian(0, 1);

    @ParameterizedTest(name = "sample {0}")
    @CsvSource({
        "0.5, 0.25",   // ∫_0^.5 x + ∫_.5^1 (1-x) = E|U - 0.5|
        "2.0, 1.5",    // all mass beyond the support: |2 - mean|
        "-1.0, 1.5",
    })
    void singlePointIsTheMeanAbsoluteDeviation(double point, double expected) {
        assertEquals(expected, Wasserstein1.distance(new double[] {point}, UNIFORM), 1e-15,
                "W1(delta_x, U(0,1)) = E|U - x|");
    }

    @Test
    void twoPointsAgainstTheUniform() {
        // F_n = 0, 1/2, 1 with steps at 0.25 and 0.75: ∫_0^.25 x + ∫_.25^.75 |.5 - x| + ∫_.75^1 (1 - x)
        // = 1/32 + 1/16 + 1/32 = 1/8.
        assertEquals(0.125, Wasserstein1.distance(new double[] {0.75, 0.25}, UNIFORM), 1e-15, "1/8");
    }

    @Test
    void gaussianClosedFormAgreesWithItsGridDensity() {
        double[] x = KolmogorovSmirnovTest.gaussianSample(new Random(3), 2000, 0.1, 1.1);
        UniformGrid grid = UniformGrid.centered(0, 10, 20_001);
        double[] xs = grid.toArray();
        double[] p = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = Math.exp(-0.5 * xs[i] * xs[i]);
        }
        double onGrid = Wasserstein1.distance(x, GridDensity.of(xs, p));
        double exact = Wasserstein1.distance(x, STANDARD);
        // Grid step 1e-3: the piecewise-linear cdf differs from Phi by O(w^2) = 1e-6.
        assertEquals(exact, onGrid, 1e-6, "exact Gaussian vs grid density");
        assertEquals(exact, Wasserstein1.quantileApproximation(x, STANDARD::quantile), 0.02 * exact,
                "quantile version within 2% at n = 2000");
    }

    @Test
    void nullMeanMatchesMonteCarlo() {
        // numpy Monte Carlo (distances_reference.py): n = 500, E[W1] = 0.057242 (MC SE 1.4e-4), SD 0.019767.
        // Mean of 200 Java replicates: SE = 0.019767/sqrt(200) = 0.0014; accept 4 SE (MC SE negligible).
        Random rng = new Random(99);
        double sum = 0;
        int reps = 200;
        for (int r = 0; r < reps; r++) {
            sum += Wasserstein1.distance(KolmogorovSmirnovTest.gaussianSample(rng, 500, 0, 1), STANDARD);
        }
        assertEquals(0.05724211520537956, sum / reps, 4 * 0.0014, "null mean of W1 at n = 500");
        // Asymptotic 1.2884/sqrt(n) = 0.05762; the finite-n mean is 0.7% lower.
        assertEquals(0.05762, Wasserstein1.gaussianNullMean(1, 500), 1e-5, "1.2884 sigma/sqrt(n)");
    }

    // Population W1 between N(mu, s^2) and N(0, 1) is ∫|Q1 - Q2| du: a shift gives |mu|, a scale change
    // |s - 1| E|Z| = |s - 1| sqrt(2/pi). Sampling adds about 1.29 s/sqrt(n) = 0.018 at n = 5000: accept 4x.
    @ParameterizedTest(name = "N({0}, {1}^2)")
    @CsvSource({"0.3, 1.0, 0.3", "0.0, 1.2, 0.15957691216057307"})
    void detectsShiftAndScaleInParameterUnits(double mean, double sd, double population) {
        double[] x = KolmogorovSmirnovTest.gaussianSample(new Random(17), 5000, mean, sd);
        assertEquals(population, Wasserstein1.distance(x, STANDARD), 4 * 1.29 * sd / Math.sqrt(5000),
                "W1 to N(0,1)");
    }
}
