package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.listener.sample.DataOrderDetector;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;

/**
 * Data-order detection from example fingerprints (docs/data-order.md#detecting-the-data-order): n = 200 or 205
 * examples, B = 10, 120 minibatches; with n = 205 the iterator drops the last partial minibatch, so an epoch is 200
 * examples.
 */
class DataOrderDetectorTest {

    /**
     * The distinct count under i.i.d. sampling is among the 520 examples fingerprinted before the order was
     * established: 184 here, against the expected {@code 200 (1 - (1 - 1/200)^520) = 185}.
     */
    @ParameterizedTest(name = "iterator order={0}, n={3}")
    @CsvSource({"IID, IID, 0, 200, 184", "RESHUFFLE, RESHUFFLED, 200, 200, 200", "CYCLIC, FIXED_CYCLIC, 200, 200, 200",
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
        assertArrayEquals(expected, d.epochPositions(fx.dataSet(DataType.DOUBLE).getFeatures().dup('f'), n),
                "epoch positions of a Fortran-order copy (read through the copying path)");
        int[] none = d.epochPositions(new LinearRegressionFixture(5, 3, new double[] {1, 1, 1}, 0.1, 99)
                .dataSet(DataType.DOUBLE).getFeatures(), n);
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, none, "examples never seen have no position");
    }

    /**
     * n = 200, B = 10, 3000 minibatches: classifications run when the sequence first reaches 256, then twice the
     * size of the last one (260, 520, 1040 with minibatches of 10); the order is established by the one at 520
     * (i.i.d.) or 1040 examples (epoch orders: two agreeing classifications, three epochs), fingerprinting stops there,
     * and every
     * re-check over a fresh segment (one per ten segment lengths) reaches the same order.
     */
    @ParameterizedTest(name = "iterator order={0}")
    @CsvSource({"IID, IID", "RESHUFFLE, RESHUFFLED", "CYCLIC, FIXED_CYCLIC"})
    void stopsFingerprintingOnceEstablishedAndRechecks(SamplingIterator.Order order, DataOrder expected) {
        LinearRegressionFixture fx = new LinearRegressionFixture(200, 3, new double[] {1, 1, 1}, 0.1, 5);
        SamplingIterator it = new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, 3000, order, 1);
        DataOrderDetector d = new DataOrderDetector(9, 100_000);
        while (it.hasNext()) {
            d.observe(it.next().getFeatures());
        }
        DataOrderReport r = d.detect(DataOrder.UNKNOWN);
        assertEquals(expected, r.detected(), r.evidence());
        assertEquals(DataOrderReport.Fingerprinting.ESTABLISHED, r.fingerprinting(), r.evidence());
        assertTrue(r.examplesSeen() <= 1040, "fingerprinting stopped once established: " + r.examplesSeen());
        assertEquals(30_000, r.examplesTrained(), "every example trained on is counted");
        assertTrue(r.rechecks().size() >= 2, "re-checks over the rest of training: " + r.rechecks());
        for (DataOrderReport.Recheck c : r.rechecks()) {
            assertEquals(expected, c.detected(), "re-check " + c);
        }
    }

    /** A fixed cyclic order that becomes per-epoch reshuffling later: a re-check sees it, and the latest is reported. */
    @Test
    void aRecheckSeesALaterChangeOfOrder() {
        LinearRegressionFixture fx = new LinearRegressionFixture(200, 3, new double[] {1, 1, 1}, 0.1, 5);
        DataOrderDetector d = new DataOrderDetector(9, 100_000);
        SamplingIterator cyclic = new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, 400, SamplingIterator.Order.CYCLIC,
                1);
        while (cyclic.hasNext()) {
            d.observe(cyclic.next().getFeatures());
        }
        assertEquals(DataOrder.FIXED_CYCLIC, d.detect(DataOrder.UNKNOWN).detected(), "first the cyclic order");
        SamplingIterator shuffled = new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, 2600,
                SamplingIterator.Order.RESHUFFLE, 2);
        while (shuffled.hasNext()) {
            d.observe(shuffled.next().getFeatures());
        }
        DataOrderReport r = d.detect(DataOrder.UNKNOWN);
        assertEquals(DataOrder.RESHUFFLED, r.detected(), "the re-check's order is reported: " + r.evidence());
        assertEquals(DataOrder.RESHUFFLED, r.rechecks().get(r.rechecks().size() - 1).detected(), "last re-check");
    }

    /**
     * Reshuffled epochs of 200 of 205 examples (the last partial minibatch dropped) with DL4J's epoch callbacks: the
     * second epoch begins with examples of the first within the first 205, which must not read as sampling with
     * replacement (the first window checked is the shortest candidate epoch, 200).
     */
    @Test
    void aDroppedPartialMinibatchIsNotTakenForReplacement() {
        LinearRegressionFixture fx = new LinearRegressionFixture(205, 3, new double[] {1, 1, 1}, 0.1, 5);
        DataOrderReport r = detectWithEpochEnds(fx.dataSet(DataType.FLOAT), SamplingIterator.Order.RESHUFFLE);
        assertEquals(DataOrder.RESHUFFLED, r.detected(), r.evidence());
        assertEquals(200, r.epochLengthExamples(), "epoch length: full minibatches only");
    }

    /**
     * A data set that stores two examples twice (as iris stores one flower twice): 200 rows, 198 distinct. The copies
     * repeat inside every epoch alike, which is not sampling with replacement: reshuffled and cyclic orders are still
     * recognised with their 200-example epochs, and i.i.d. sampling still as i.i.d.
     */
    @ParameterizedTest(name = "iterator order={0}")
    @CsvSource({"RESHUFFLE, RESHUFFLED, 200", "CYCLIC, FIXED_CYCLIC, 200", "IID, IID, 0"})
    void examplesStoredTwiceAreNotTakenForReplacement(SamplingIterator.Order order, DataOrder expected, long epoch) {
        org.nd4j.linalg.dataset.DataSet data = new LinearRegressionFixture(200, 3, new double[] {1, 1, 1}, 0.1, 5)
                .dataSet(DataType.FLOAT);
        data.getFeatures().putRow(10, data.getFeatures().getRow(0));
        data.getFeatures().putRow(11, data.getFeatures().getRow(1));
        DataOrderReport r = detectWithEpochEnds(data, order);
        assertEquals(expected, r.detected(), r.evidence());
        assertEquals(epoch, r.epochLengthExamples(), "epoch length");
        if (expected != DataOrder.IID) { // i.i.d. stops fingerprinting before it has seen every example
            assertEquals(198, r.distinctExamplesSeen(), "distinct examples");
        }
    }

    /**
     * 3000 minibatches of 10 from {@code data} in {@code order}, with DL4J's epoch callback every 20 minibatches (200
     * examples), as a training loop gives them; the detector's report with no order stated.
     */
    private static DataOrderReport detectWithEpochEnds(org.nd4j.linalg.dataset.DataSet data,
                                                       SamplingIterator.Order order) {
        SamplingIterator it = new SamplingIterator(data, 10, 3000, order, 1);
        DataOrderDetector d = new DataOrderDetector(9, 100_000);
        int batches = 0;
        while (it.hasNext()) {
            d.observe(it.next().getFeatures());
            if (++batches % 20 == 0) {
                d.epochEnded();
            }
        }
        return d.detect(DataOrder.UNKNOWN);
    }
}
