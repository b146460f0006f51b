package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which rows of a batch are the same example: equal features and equal labels, whatever the features' rank. */
class DistinctExamplesTest {

    @Test
    void rowsWithEqualFeaturesAndLabelsAreOneExample() {
        double[][] image = {{0.1, 0.2, 0.3, 0.4}, {0.5, 0.6, 0.7, 0.8}, {0.1, 0.2, 0.3, 0.4}, {0.5, 0.6, 0.7, 0.8},
            {0.5, 0.6, 0.7, 0.8000000000000002}};
        double[][] labels = {{1, 0}, {0, 1}, {1, 0}, {1, 0}, {0, 1}};
        INDArray features = Nd4j.createFromArray(image).reshape(5, 1, 2, 2);
        DistinctExamples d = DistinctExamples.of(new MiniBatch(features, Nd4j.createFromArray(labels)));

        // row 2 repeats row 0; row 3 has row 1's image with another label; row 4 differs in the last bit
        assertArrayEquals(new int[] {0, 1, 0, 2, 3}, d.source());
        assertEquals(4, d.rows().size());
        assertArrayEquals(new long[] {4, 1, 2, 2}, d.rows().features().shape());
        assertArrayEquals(image[4], d.rows().features().reshape(4, 4).getRow(3).toDoubleVector());
        assertArrayEquals(labels[3], d.rows().labels().getRow(2).toDoubleVector());
        assertArrayEquals(new double[] {10, 20, 10, 30, 40}, d.expand(new double[] {10, 20, 30, 40}));

        // example 0 stands for two of the five rows, the other three for one each
        List<DistinctExamples.Share> shares = d.byMultiplicity();
        assertEquals(2, shares.size());
        assertEquals(3, shares.get(0).rows().size());
        assertEquals(0.6, shares.get(0).weight(), 1e-15);
        assertArrayEquals(image[1], shares.get(0).rows().features().reshape(3, 4).getRow(0).toDoubleVector());
        assertEquals(1, shares.get(1).rows().size());
        assertEquals(0.4, shares.get(1).weight(), 1e-15);
        assertArrayEquals(image[0], shares.get(1).rows().features().reshape(1, 4).getRow(0).toDoubleVector());
        assertArrayEquals(new long[] {1, 1, 2, 2}, shares.get(1).rows().features().shape());
    }

    @Test
    void aBatchOfDistinctRowsIsItsOwnSet() {
        MiniBatch batch = new MiniBatch(Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}}),
                Nd4j.createFromArray(new double[][] {{1}, {1}}));
        DistinctExamples d = DistinctExamples.of(batch);
        assertSame(batch, d.rows());
        assertArrayEquals(new int[] {0, 1}, d.source());
        assertEquals(List.of(new DistinctExamples.Share(batch, 1.0)), d.byMultiplicity());
    }

    /**
     * Rows are compared value for value by their bits, read in place: the same rows as a batch of their own and as a
     * view at an offset into a larger batch (read from the offset) give the same examples; {@code -0.0} and
     * {@code 0.0} are different values, two NaNs the same.
     */
    @Test
    void theSameRowsInAnyLayoutAreTheSameExamples() {
        double[][] rows = {{0.0, 1.5}, {-0.0, 1.5}, {0.0, 1.5}, {Double.NaN, 2}, {Double.NaN, 2}, {2, 0.25}};
        double[][] labels = {{1}, {1}, {1}, {0}, {0}, {1}};
        int[] expected = {0, 1, 0, 2, 2, 3};
        INDArray x = Nd4j.createFromArray(rows);
        INDArray y = Nd4j.createFromArray(labels);
        // a row in front: read without the offset, rows 0 and 2, and rows 3 and 4, would compare other rows
        INDArray largerX = Nd4j.vstack(Nd4j.createFromArray(new double[][] {{0.0, 1.5}}), x);
        INDArray largerY = Nd4j.vstack(Nd4j.createFromArray(new double[][] {{0}}), y);
        MiniBatch own = new MiniBatch(x, y);
        MiniBatch atOffset = new MiniBatch(largerX, largerY).rows(1, 7);
        assertTrue(atOffset.features().offset() > 0, "a view at an offset");
        for (MiniBatch b : List.of(own, atOffset)) {
            DistinctExamples d = DistinctExamples.of(b);
            String layout = "features at offset " + b.features().offset();
            assertArrayEquals(expected, d.source(), layout);
            assertEquals(4, d.rows().size(), layout);
            assertArrayEquals(rows[5], d.rows().features().getRow(3).toDoubleVector(), layout);
        }
    }
}
