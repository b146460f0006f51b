package org.sgdobservatory.listener.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every value is counted exactly: the streamed counts equal a direct binning on the final edges. */
class DoublingHistogramTest {

    @ParameterizedTest(name = "n={0}, drift={1}")
    @CsvSource({"10, 0", "5000, 0", "5000, 0.01", "5000, -0.02", "64, 0"})
    void streamedCountsEqualDirectBinning(int n, double drift) {
        SplittableRandom rnd = new SplittableRandom(7 + n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3 + drift * i + (rnd.nextDouble() - 0.5) * (i < 100 ? 0.01 : 1);
        }
        DoublingHistogram h = new DoublingHistogram(64);
        for (double v : x) {
            h.add(v);
        }
        DoublingHistogram.Bins b = h.counts();
        long[] direct = new long[b.counts().length];
        for (double v : x) {
            int j = (int) Math.floor((v - b.low()) / b.width());
            assertTrue(j >= 0 && j < direct.length, "value " + v + " inside [" + b.low() + ", " + b.high() + "]");
            direct[j]++;
        }
        assertArrayEquals(direct, b.counts(), "streamed counts = direct binning on the final edges");
        assertEquals(n, h.total(), "total");
        assertTrue(b.counts()[0] > 0 && b.counts()[b.counts().length - 1] > 0, "empty end bins trimmed");
    }
}
