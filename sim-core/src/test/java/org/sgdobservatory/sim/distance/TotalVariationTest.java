package org.sgdobservatory.sim.distance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TotalVariationTest {

    private static final double[] EDGES = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2};
    private static final ReferenceDistribution STANDARD = ReferenceDistribution.gaussian(0, 1);

    @Test
    void binsAreRightClosedWithOpenTails() {
        long[] counts = TotalVariation.binCounts(new double[] {-5, 0, 0.0001, 1, 3, 1}, new double[] {0, 1});
        assertArrayEquals(new long[] {2, 3, 1}, counts, "(-inf,0], (0,1], (1,inf)");
        double[] p = TotalVariation.binProbabilities(x -> Math.min(1, Math.max(0, x / 2)), new double[] {0, 1});
        assertArrayEquals(new double[] {0, 0.5, 0.5}, p, 1e-15, "U(0,2) on the same bins");
        assertEquals(0.5 * (2.0 / 6 + Math.abs(0.5 - 0.5) + Math.abs(1.0 / 6 - 0.5)),
                TotalVariation.distance(counts, p), 1e-15, "hand TV");
    }

    @Test
    void histogramVsHistogram() {
        assertEquals(0.5 * (0.5 + 0.25 + 0.25), TotalVariation.distance(new long[] {2, 2, 0}, new long[] {0, 1, 1}),
                1e-15, "(1/2) sum |a/4 - b/2|");
        assertEquals(0.0, TotalVariation.distance(new long[] {1, 2}, new long[] {10, 20}), 1e-15,
                "same proportions");
    }

    @Test
    void nullFloorFormulaAndMonteCarlo() {
        double[] p = TotalVariation.binProbabilities(STANDARD::cdf, EDGES);
        // distances_reference.py: normal-approximation floor 0.04972522671103009 at n = 500;
        // multinomial Monte Carlo mean 0.049688 (200000 reps, SE 3e-5), SD 0.013277.
        assertEquals(0.04972522671103009, TotalVariation.nullMean(p, 500), 1e-12, "formula");
        Random rng = new Random(2024);
        double sum = 0;
        int reps = 400;
        for (int r = 0; r < reps; r++) {
            sum += TotalVariation.distance(KolmogorovSmirnovTest.gaussianSample(rng, 500, 0, 1), STANDARD::cdf,
                    EDGES);
        }
        // SE of the mean of 400 replicates: 0.013277/sqrt(400) = 6.6e-4; accept 4 SE.
        assertEquals(0.04968827799209717, sum / reps, 4 * 6.6e-4, "null mean of TV at n = 500");
    }

    @Test
    void detectsAShiftFarAboveTheFloor() {
        double[] x = KolmogorovSmirnovTest.gaussianSample(new Random(8), 2000, 0.5, 1);
        double tv = TotalVariation.distance(x, STANDARD::cdf, EDGES);
        double floor = TotalVariation.nullMean(TotalVariation.binProbabilities(STANDARD::cdf, EDGES), 2000);
        // Population TV between N(0.5,1) and N(0,1) on these bins is about 0.19; floor 0.025, null SD ~0.007.
        assertTrue(tv > floor + 10 * 0.007, "TV = " + tv + " vs floor " + floor);
    }

    @Test
    void badInputsNameTheProblem() {
        IllegalArgumentException edges = assertThrows(IllegalArgumentException.class,
                () -> TotalVariation.binCounts(new double[] {1}, new double[] {1, 0}));
        assertTrue(edges.getMessage().contains("edges[1]"), edges.getMessage());
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> TotalVariation.distance(new long[] {1, 1}, new double[] {0.5, 0.4}));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> TotalVariation.distance(new long[] {0, 0}, new long[] {1, 1}));
        assertTrue(empty.getMessage().contains("countsA"), empty.getMessage());
    }
}
