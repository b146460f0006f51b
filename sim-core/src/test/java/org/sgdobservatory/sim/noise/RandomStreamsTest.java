package org.sgdobservatory.sim.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The in-place Gaussian fill: standard normal moments, reproducible from the seed. */
class RandomStreamsTest {

    @Test
    void fillsStandardNormalDrawsReproduciblyFromTheSeed() {
        int n = 300_000;   // several chunks, filled in parallel
        INDArray a = Nd4j.create(DataType.DOUBLE, n, 1);
        INDArray b = Nd4j.create(DataType.DOUBLE, n, 1);
        try (RandomStreams first = RandomStreams.of(9); RandomStreams second = RandomStreams.of(9)) {
            first.fillStandardNormal(a);
            second.fillStandardNormal(b);
            assertArrayEquals(a.data().asDouble(), b.data().asDouble(), "same seed, same draws");
            double[] x = a.data().asDouble();
            double mean = 0;
            double second2 = 0;
            double fourth = 0;
            for (double v : x) {
                mean += v / n;
                second2 += v * v / n;
                fourth += v * v * v * v / n;
            }
            // i.i.d. N(0,1): SE(mean) = 1/sqrt(n), SE(E x^2) = sqrt(2/n), SE(E x^4) = sqrt(96/n).
            assertEquals(0.0, mean, 4 / Math.sqrt(n), "mean");
            assertEquals(1.0, second2, 4 * Math.sqrt(2.0 / n), "variance");
            assertEquals(3.0, fourth, 4 * Math.sqrt(96.0 / n), "fourth moment (Gaussian tails)");
            first.fillStandardNormal(a);
            assertNotEquals(0.0, a.sub(b).norm1Number().doubleValue(), "successive fills draw new numbers");
        }
    }
}
