package org.sgdobservatory.listener;

import org.sgdobservatory.listener.sample.DataOrderDetector;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Data-order detection from example fingerprints (THEORY.md 2b): n = 200 or 205 examples, B = 10, 120
 * minibatches; with n = 205 the iterator drops the last partial minibatch, so an epoch is 200 examples.
 */
class DataOrderDetectorTest {

    @ParameterizedTest(name = "iterator order={0}, n={3}")
    @CsvSource({"IID, IID, 0, 200, 200", "RESHUFFLE, RESHUFFLED, 200, 200, 200", "CYCLIC, FIXED_CYCLIC, 200, 200, 200",
        "RESHUFFLE, RESHUFFLED, 200, 205, 205", "CYCLIC, FIXED_CYCLIC, 200, 205, 200"})
    void detectsTheSchemeAndTheEpochLength(SamplingIterator.Order order, DataOrder expected, long epoch, int n,
                                           long distinct) {
        LinearRegressionFixture fx = new LinearRegressionFixture(n, 3, new double[] {1, 1, 1}, 0.1, 5);
        SamplingIterator it = new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, 120, order, 1);
        DataOrderDetector d = new DataOrderDetector(9, 100_000);
        while (it.hasNext()) {
            d.observe(it.next().getFeatures());
        }
        DataOrderReport r = d.detect(DataOrder.UNKNOWN);
        assertEquals(expected, r.detected(), "detected order; evidence: " + r.evidence());
        assertEquals(epoch, r.epochLengthExamples(), "epoch length in examples");
        assertEquals(distinct, r.distinctExamplesSeen(), "distinct examples seen");
    }

    @ParameterizedTest(name = "stated={0}")
    @CsvSource({"RESHUFFLED", "IID"})
    void aStatedOrderIsUsed(DataOrder stated) {
        DataOrderDetector d = new DataOrderDetector(9, 100);
        DataOrderReport r = d.detect(stated);
        assertEquals(DataOrder.UNKNOWN, r.detected(), "nothing observed");
        assertEquals(stated, r.used(), "the user's statement is used");
    }

    /**
     * A fixed cyclic order starting at example 7 (the listener attached mid-epoch): the DOUBLE copy of the data set
     * (as probeData gives it) maps row i to epoch position (i - 7) mod n; rows never seen map to -1.
     */
    @Test
    void epochPositionsOfADoubleCopyFollowTheTrainingOrder() {
        int n = 200;
        LinearRegressionFixture fx = new LinearRegressionFixture(n, 3, new double[] {1, 1, 1}, 0.1, 5);
        org.nd4j.linalg.dataset.DataSet floats = fx.dataSet(DataType.FLOAT);
        DataOrderDetector d = new DataOrderDetector(9, 100_000);
        for (int b = 0; b < 60; b++) {
            int[] rows = new int[10];
            for (int i = 0; i < 10; i++) {
                rows[i] = (7 + 10 * b + i) % n;
            }
            d.observe(org.nd4j.linalg.factory.Nd4j.pullRows(floats.getFeatures(), 1, rows));
        }
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            expected[i] = Math.floorMod(i - 7, n);
        }
        assertArrayEquals(expected, d.epochPositions(fx.dataSet(DataType.DOUBLE).getFeatures(), n),
                "epoch positions of the DOUBLE copy");
        int[] none = d.epochPositions(new LinearRegressionFixture(5, 3, new double[] {1, 1, 1}, 0.1, 99)
                .dataSet(DataType.DOUBLE).getFeatures(), n);
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, none, "examples never seen have no position");
    }
}
