package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gemm} against {@link Nd4j#gemm} on every layout the probes hand it: column- and row-major operands, both
 * transpositions, views at an offset into a parameter vector (a layer's weights and bias), blocks of rows and columns
 * of larger matrices (leading dimensions above the row count), row and column vectors, {@code beta = 1}
 * accumulation, in DOUBLE and FLOAT; each of these goes to CBLAS directly (checked, so that a silent fall-back fails
 * the test), and arrays BLAS cannot take as they are (a strided view, a row-major result) go through ND4J with the
 * same result.
 *
 * <p>Tolerance: both paths run the same OpenBLAS, but ND4J may hand it the transposed problem, which sums in
 * another order; each entry then differs by at most {@code 2 K u} of the sum of its terms' magnitudes
 * ({@code K <= 40} here; {@code u} = 1.1e-16 in DOUBLE, 6e-8 in FLOAT), below {@code 1e-13} and {@code 5e-6} of the
 * largest such sum. A wrong leading dimension, offset or transposition is off by order one.
 */
class GemmTest {

    private static final long SEED = 17;

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (char orderA : new char[] {'f', 'c'}) {
                for (char orderB : new char[] {'f', 'c'}) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            out.add(Arguments.of(type, orderA, orderB, ta, tb));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: A {1}, B {2}, transposed {3} {4}")
    @MethodSource("layouts")
    void directProductsEqualNd4jsOnWholeArrays(DataType type, char orderA, char orderB, boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(SEED);
        INDArray a = matrix(type, ta ? 40 : 7, ta ? 7 : 40, orderA);
        INDArray b = matrix(type, tb ? 5 : 40, tb ? 40 : 5, orderB);
        INDArray c = matrix(type, 7, 5, 'f');
        check(a, b, c, ta, tb, 0.5, 1.0, true);
        check(a, b, c, ta, tb, 1.0, 0.0, true);
    }

    /** A layer's weights and bias as views of a parameter vector, the way the products read a direction. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void directProductsReadLayerViewsAtTheirOffsets(DataType type) {
        Nd4j.getRandom().setSeed(SEED);
        INDArray vector = Nd4j.rand(type, 1, 3 + 6 * 4 + 4).reshape(3 + 6 * 4 + 4);
        INDArray weights = vector.get(NDArrayIndex.interval(3, 3 + 6 * 4)).reshape('f', 6, 4);
        INDArray bias = vector.get(NDArrayIndex.interval(3 + 6 * 4, 3 + 6 * 4 + 4)).reshape(1, 4);
        INDArray inputs = matrix(type, 9, 6, 'c');
        INDArray ones = Nd4j.ones(type, 9, 1);
        INDArray c = matrix(type, 9, 4, 'f');
        check(ones, bias, c, false, false, 1.0, 0.0, true);
        check(inputs, weights, c, false, false, 1.0, 1.0, true);
        INDArray deltas = matrix(type, 9, 4, 'f');
        check(deltas, weights, matrix(type, 9, 6, 'f'), false, true, 1.0, 1.0, true);
    }

    /**
     * Columns 2 to 4 of a column-major 8 x 6 matrix (leading dimension 8 for 8 rows, at an offset), rows 1 to 4 of
     * one (leading dimension 8 for 4 rows) and of a row-major 6 x 8 one's transpose, as operands and as the result;
     * the result's parent keeps its other entries.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void directProductsTakeBlocksOfLargerMatrices(DataType type) {
        Nd4j.getRandom().setSeed(SEED);
        INDArray columns = matrix(type, 8, 6, 'f').get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        check(matrix(type, 5, 8, 'f'), columns, matrix(type, 5, 3, 'f'), false, false, 1.0, 0.0, true);
        INDArray rows = matrix(type, 8, 6, 'f').get(NDArrayIndex.interval(1, 5), NDArrayIndex.all());
        check(rows, matrix(type, 6, 3, 'c'), matrix(type, 4, 3, 'f'), false, false, 1.0, 0.0, true);
        check(rows, matrix(type, 4, 3, 'f'), matrix(type, 6, 3, 'f'), true, false, 1.0, 1.0, true);
        INDArray rowMajorRows = matrix(type, 6, 8, 'c').get(NDArrayIndex.interval(1, 5), NDArrayIndex.all());
        check(matrix(type, 3, 8, 'f'), rowMajorRows, matrix(type, 3, 4, 'f'), false, true, 1.0, 0.0, true);
        INDArray parent = Nd4j.create(type, new long[] {8, 6}, 'f');
        check(matrix(type, 8, 7, 'f'), matrix(type, 7, 3, 'f'), parent.get(NDArrayIndex.all(),
                NDArrayIndex.interval(1, 4)), false, false, 1.0, 0.0, true);
        assertEquals(0.0, parent.getColumn(0).amaxNumber().doubleValue(), "column before the block");
        assertEquals(0.0, parent.getColumn(4).amaxNumber().doubleValue(), "column after the block");
        INDArray tall = Nd4j.create(type, new long[] {9, 3}, 'f');
        check(matrix(type, 5, 7, 'f'), matrix(type, 7, 3, 'f'), tall.get(NDArrayIndex.interval(2, 7),
                NDArrayIndex.all()), false, false, 1.0, 0.0, true);
        assertEquals(0.0, tall.getRow(1).amaxNumber().doubleValue(), "row before the block");
        assertEquals(0.0, tall.getRow(7).amaxNumber().doubleValue(), "row after the block");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void directProductsTakeVectors(DataType type) {
        Nd4j.getRandom().setSeed(SEED);
        check(matrix(type, 1, 6, 'c'), matrix(type, 6, 3, 'f'), matrix(type, 1, 3, 'f'), false, false, 1.0, 0.0,
                true);
        check(matrix(type, 5, 6, 'f'), matrix(type, 6, 1, 'c'), matrix(type, 5, 1, 'c'), false, false, 1.0, 1.0,
                true);
        check(matrix(type, 6, 5, 'c'), matrix(type, 6, 1, 'f'), matrix(type, 5, 1, 'f'), true, false, 2.0, 0.0, true);
    }

    /** Every other row of a matrix: no leading dimension describes it, so ND4J computes the product. */
    @Test
    void stridedViewsGoThroughNd4j() {
        Nd4j.getRandom().setSeed(SEED);
        INDArray strided = matrix(DataType.DOUBLE, 12, 5, 'f').get(NDArrayIndex.interval(0, 2, 12),
                NDArrayIndex.all());
        check(strided, matrix(DataType.DOUBLE, 5, 4, 'f'), matrix(DataType.DOUBLE, 6, 4, 'f'), false, false, 1.0, 0.0,
                false);
        check(matrix(DataType.DOUBLE, 6, 5, 'f'), matrix(DataType.DOUBLE, 5, 4, 'f'), matrix(DataType.DOUBLE, 6, 4,
                'c'), false, false, 1.0, 0.0, false);
    }

    static Stream<DataType> types() {
        return Stream.of(DataType.DOUBLE, DataType.FLOAT);
    }

    private static INDArray matrix(DataType type, int rows, int cols, char order) {
        return Nd4j.rand(type, rows, cols).subi(0.5).dup(order);
    }

    /**
     * {@link Nd4j#gemm} into a copy of {@code c}, {@link Gemm#gemm} into {@code c} itself (a view stays a view), and
     * whether the direct path was taken.
     */
    private static void check(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta,
                              boolean direct) {
        assertEquals(direct, Gemm.direct(a, b, c, ta, tb), "direct CBLAS call");
        INDArray start = c.dup('f');
        INDArray want = c.dup('f');
        Nd4j.gemm(a, b, want, ta, tb, alpha, beta);
        Gemm.gemm(a, b, c, ta, tb, alpha, beta);
        // the sum of the terms' magnitudes, |alpha| |op(a)| |op(b)| + |beta| |c|
        INDArray scale = Nd4j.create(a.dataType(), c.shape(), 'f');
        Nd4j.gemm(Nd4j.math().abs(a.dup()), Nd4j.math().abs(b.dup()), scale, ta, tb, Math.abs(alpha), 0.0);
        scale.addi(Nd4j.math().abs(start).muli(Math.abs(beta)));
        double tolerance = (a.dataType() == DataType.DOUBLE ? 1e-13 : 5e-6) * scale.maxNumber().doubleValue();
        double difference = want.sub(c).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance, "largest difference " + difference + " against tolerance " + tolerance);
        assertTrue(want.sub(start).amaxNumber().doubleValue() > 1e-3, "a product was computed");
    }
}
