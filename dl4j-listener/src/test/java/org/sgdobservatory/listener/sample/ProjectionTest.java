package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both projection engines against the exact double-precision {@code A (theta - theta_ref)}, on a parameter vector
 * that is a view into a larger buffer (as DL4J's parameter view is).
 *
 * <p>Tolerance: the engines round the inputs to the parameters' type and sum {@code P} products. The standard
 * forward error bound of a dot product of length {@code P} in precision {@code u} is {@code P u sum |a_i d_i|}, plus
 * {@code u sum |a_i d_i|} for rounding {@code a} to that type: {@code (P + 1) u sum |a_i d_i|} with
 * {@code d = theta - theta_ref} (exact: two nearby floats subtract exactly). The heap engine sums in double
 * ({@code u = 2^-53}); the ND4J engine in the parameters' type ({@code u = 2^-24} for FLOAT).
 */
class ProjectionTest {

    @ParameterizedTest(name = "{0} engine, {1}, P={2}")
    @CsvSource({"heap, FLOAT, 1000", "heap, DOUBLE, 1000", "heap, FLOAT, 999", "nd4j, FLOAT, 1000",
        "nd4j, DOUBLE, 1000", "nd4j, FLOAT, 50000"})
    void projectionsAreTheExactOnesWithinTheRoundingBound(String engine, DataType type, int p) {
        int k = 5;
        Random rnd = new Random(11);
        double[][] rows = new double[k][p];
        for (double[] row : rows) {
            for (int i = 0; i < p; i++) {
                row[i] = rnd.nextGaussian() / Math.sqrt(p);
            }
        }
        INDArray buffer = Nd4j.rand(type, 1, p + 7).addi(0.5);
        INDArray reference = buffer.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(7, p + 7)).reshape(1, p);
        INDArray theta = reference.add(Nd4j.rand(type, 1, p).subi(0.5).muli(1e-3));
        INDArray earlier = reference.add(Nd4j.rand(type, 1, p).subi(0.5).muli(1e-3));
        Projection projection = engine.equals("heap") ? Projection.heap(rows, reference)
                : Projection.onNd4j(rows, reference);
        double u = type == DataType.DOUBLE || engine.equals("heap") ? 0x1p-53 : 0x1p-24;
        double[] single = new double[k];
        double[] before = new double[k];
        double[] after = new double[k];
        projection.project(theta, single);
        projection.snapshot(earlier);
        projection.pair(theta, before, after);
        for (int j = 0; j < k; j++) {
            assertEquals(exact(rows[j], theta, reference), single[j], bound(rows[j], theta, reference, p, u),
                    "project, row " + j);
            assertEquals(exact(rows[j], theta, reference), after[j], bound(rows[j], theta, reference, p, u),
                    "pair (after), row " + j);
            assertEquals(exact(rows[j], earlier, reference), before[j], bound(rows[j], earlier, reference, p, u),
                    "pair (before), row " + j);
        }
        projection.snapshot(reference);
        projection.pair(theta, before, after);
        for (int j = 0; j < k; j++) {
            assertEquals(0, before[j], 0, "pair (before) of the reference itself, row " + j);
        }
    }

    @Test
    void theHeapEngineProjectsTheValuesItIsGivenInsteadOfReadingTheNetwork() {
        int p = 999;
        int k = 5;
        Random rnd = new Random(12);
        double[][] rows = new double[k][p];
        for (double[] row : rows) {
            for (int i = 0; i < p; i++) {
                row[i] = rnd.nextGaussian();
            }
        }
        INDArray reference = Nd4j.rand(DataType.FLOAT, 1, p);
        INDArray theta = reference.add(Nd4j.rand(DataType.FLOAT, 1, p).subi(0.5).muli(1e-3));
        INDArray other = reference.add(Nd4j.rand(DataType.FLOAT, 1, p).subi(0.5).muli(1e-3));
        Projection projection = Projection.heap(rows, reference);
        double[] read = new double[k];
        double[] given = new double[k];
        projection.project(theta, read);
        projection.project(other, theta.toDoubleVector(), given);
        assertArrayEquals(read, given, 0, "the values of theta, given, project as theta read from its view");
        double[] before = new double[k];
        double[] after = new double[k];
        projection.snapshot(other, theta.toDoubleVector());
        projection.capture(theta, other.toDoubleVector());
        projection.projectCaptured(before, after);
        double[] otherRead = new double[k];
        projection.project(other, otherRead);
        // the pair is summed in another order than a single projection: both within the rounding bound of the exact
        for (int j = 0; j < k; j++) {
            double u = 0x1p-53;
            assertEquals(read[j], before[j], 2 * bound(rows[j], theta, reference, p, u),
                    "snapshot took the values, row " + j);
            assertEquals(otherRead[j], after[j], 2 * bound(rows[j], other, reference, p, u),
                    "capture took the values, row " + j);
        }
    }

    /** {@code row . (theta - reference)}, summed in double. */
    private static double exact(double[] row, INDArray theta, INDArray reference) {
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += row[i] * (theta.getDouble(i) - reference.getDouble(i));
        }
        return sum;
    }

    /** The tolerance above, {@code (P + 1) u sum |a_i d_i|}. */
    private static double bound(double[] row, INDArray theta, INDArray reference, int p, double u) {
        double magnitude = 0;
        for (int i = 0; i < row.length; i++) {
            magnitude += Math.abs(row[i] * (theta.getDouble(i) - reference.getDouble(i)));
        }
        return (p + 1) * u * magnitude;
    }
}
