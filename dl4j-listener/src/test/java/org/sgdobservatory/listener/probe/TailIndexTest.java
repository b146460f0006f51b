package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.listener.stats.HillEstimator;

/** {@link TailIndex} gives {@link HillEstimator#tailIndexOfDeviations}'s value from the top k + 1 deviations only. */
class TailIndexTest {

    /**
     * Student-t samples (heavy tails, ties impossible) of several sizes, and a NaN case that must be delegated.
     * The only difference is the rounding of the mean (plain vs compensated sum, ~n eps relative), which moves
     * every deviation by ~1e-16 of the spread: 1e-12 relative.
     */
    @ParameterizedTest(name = "n={0}, dof={1}, with NaN {2}")
    @CsvSource({
        "2,    3, false",
        "3,    3, false",
        "17,   2, false",
        "512,  3, false",
        "512, 30, false",
        "2048, 1, false",
        "100,  3, true",
    })
    void matchesHillEstimator(int n, int dof, boolean withNan) {
        Random rnd = new Random(n * 31L + dof);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double chi2 = 0;
            for (int d = 0; d < dof; d++) {
                double z = rnd.nextGaussian();
                chi2 += z * z;
            }
            x[i] = 0.3 + rnd.nextGaussian() / Math.sqrt(chi2 / dof);
        }
        if (withNan) {
            x[n / 2] = Double.NaN;
        }
        double[] copy = x.clone();
        double expected = HillEstimator.tailIndexOfDeviations(x).value();
        double actual = TailIndex.ofDeviations(x);
        if (Double.isNaN(expected)) {
            assertEquals(expected, actual, "NaN on both");
        } else {
            assertEquals(expected, actual, 1e-12 * Math.abs(expected), "tail index, n = " + n);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(copy[i], x[i], 0.0, "input not modified at " + i);
        }
    }
}
