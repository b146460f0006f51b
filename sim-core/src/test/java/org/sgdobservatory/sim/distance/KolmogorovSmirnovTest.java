package org.sgdobservatory.sim.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KolmogorovSmirnovTest {

    private static final ReferenceDistribution STANDARD = ReferenceDistribution.gaussian(0, 1);

    static double[] gaussianSample(Random rng, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * rng.nextGaussian();
        }
        return x;
    }

    @Test
    void handComputedDistancesToTheUniform() {
        // F(x) = x on [0, 1].
        assertEquals(0.5, KolmogorovSmirnov.distance(new double[] {0.5}, x -> x), 1e-15, "one point");
        assertEquals(0.25, KolmogorovSmirnov.distance(new double[] {0.75, 0.25}, x -> x), 1e-15,
                "two points, unsorted input");
        assertEquals(0.9, KolmogorovSmirnov.distance(new double[] {0.9, 0.95, 0.99}, x -> x), 1e-15,
                "all mass near 1: F(x_(1)) - 0 = 0.9");
    }

    @Test
    void criticalValueIsDkwMassart() {
        // sqrt(ln(40)/2) = 1.3581015157406195 (1.358/sqrt(n),
        // docs/estimators.md#distances-between-a-trace-and-a-density).
        assertEquals(1.3581015157406195 / 10, KolmogorovSmirnov.criticalValue(100, 0.05), 1e-12, "n = 100");
        assertEquals(0.05, KolmogorovSmirnov.asymptoticPValue(1.3581015157406195 / 10, 100), 2e-4,
                "Kolmogorov's asymptotic tail at its 95% point (1.3581 vs 1.3581 DKW)");
        assertEquals(1.0, KolmogorovSmirnov.asymptoticPValue(0, 100), 0, "D = 0");
    }

    @Test
    void nullRejectionRateAtTheAsymptoticCriticalValue() {
        // 400 i.i.d. N(0,1) samples of n = 200. Exact P(D > 1.358/sqrt(200)) = 0.04673
        // (scipy.stats.kstwo.sf, distances_reference.py): rejections ~ Binomial(400, 0.0467),
        // mean 18.7, SD 4.22; accept 4 SD.
        Random rng = new Random(42);
        int n = 200;
        double critical = KolmogorovSmirnov.criticalValue(n, 0.05);
        int rejections = 0;
        for (int r = 0; r < 400; r++) {
            if (KolmogorovSmirnov.distance(gaussianSample(rng, n, 0, 1), STANDARD) > critical) {
                rejections++;
            }
        }
        assertEquals(18.7, rejections, 4 * 4.22, "rejections of a true null");
    }

    // Population KS distances: shift 0.2 -> Phi(0.1) - Phi(-0.1) = 0.0797; scale 1.2 -> 0.044.
    // With n = 10000 the critical value is 0.0136 and the sampling error of D is about 0.01 at most.
    @ParameterizedTest(name = "N({0}, {1}^2)")
    @CsvSource({"0.2, 1.0", "0.0, 1.2"})
    void detectsShiftedAndScaledDistributions(double mean, double sd) {
        double[] x = gaussianSample(new Random(7), 10_000, mean, sd);
        double d = KolmogorovSmirnov.distance(x, STANDARD);
        assertTrue(d > KolmogorovSmirnov.criticalValue(x.length, 0.001), "D = " + d + " rejects N(0,1)");
    }

    @Test
    void nanInSampleIsRejectedWithItsIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KolmogorovSmirnov.distance(new double[] {0.1, Double.NaN}, STANDARD));
        assertTrue(e.getMessage().contains("sample[1]"), e.getMessage());
    }
}
