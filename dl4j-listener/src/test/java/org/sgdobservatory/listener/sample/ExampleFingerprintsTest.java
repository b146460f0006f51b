package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Distinct examples get distinct fingerprints also in large data sets: one projection rounded to float makes two of
 * 20 000 random rows share a fingerprint about five times (a shared pair inside an epoch reads as sampling with
 * replacement, so a reshuffled run was reported i.i.d. in 1 of 40 runs of 1 000 examples); the two projections of the
 * fingerprint make that about 1e-7.
 */
class ExampleFingerprintsTest {

    @Test
    void distinctRowsOfALargeDataSetGetDistinctFingerprints() {
        int n = 20_000;
        float[][] rows = new float[n][5];
        Random rnd = new Random(3);
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        long[] fp = new ExampleFingerprints(12_345).of(Nd4j.createFromArray(rows));
        long distinct = Arrays.stream(fp).distinct().count();
        long firstHalfDistinct = Arrays.stream(fp).map(f -> f >>> 32).distinct().count();
        System.out.printf("%d rows: %d distinct fingerprints; the first projection alone: %d%n", n, distinct,
                firstHalfDistinct);
        assertTrue(firstHalfDistinct < n, "one float projection alone does collide at this size (the test's power)");
        assertEquals(n, distinct, "every row its own fingerprint");
    }

    @Test
    void equalRowsGetEqualFingerprintsInEitherPrecision() {
        float[][] rows = {{0.1f, -2.5f, 3.25f}, {1f, 2f, 3f}, {0.1f, -2.5f, 3.25f}};
        ExampleFingerprints f = new ExampleFingerprints(7);
        long[] single = f.of(Nd4j.createFromArray(rows));
        long[] viaDouble = f.of(Nd4j.createFromArray(rows).castTo(DataType.DOUBLE).castTo(DataType.FLOAT));
        assertEquals(single[0], single[2], "equal rows, equal fingerprints");
        assertTrue(single[0] != single[1], "different rows, different fingerprints");
        assertTrue(Arrays.equals(single, viaDouble), "a DOUBLE copy cast back to FLOAT gets the same fingerprints");
    }
}
