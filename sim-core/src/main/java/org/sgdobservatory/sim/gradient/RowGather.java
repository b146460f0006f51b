package org.sgdobservatory.sim.gradient;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gathers rows of a small fixed matrix into a reused ND4J buffer: {@code out[k] = rows[indices[k]]}.
 *
 * <p>ND4J's {@code getRows}/{@code pullRows} cost about 14 ms per call on this project's machines
 * whatever the number of rows (measured while building the CLI), which dominated finite-data
 * simulations; copying from a heap copy straight into the buffer's native memory costs about a
 * nanosecond per value. Immutable and thread-safe (each call fills a new array).
 */
final class RowGather {
    private final double[] rows;
    private final int width;

    RowGather(double[][] matrix) {
        this.width = matrix[0].length;
        this.rows = new double[matrix.length * width];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, rows, i * width, width);
        }
    }

    /** The gathered rows, {@code indices.length x width}. */
    INDArray gather(int[] indices) {
        INDArray out = Nd4j.create(DataType.DOUBLE, indices.length, width);
        DoubleBuffer memory = out.data().asNioDouble();
        for (int k = 0; k < indices.length; k++) {
            int from = indices[k] * width;
            for (int j = 0; j < width; j++) {
                memory.put(k * width + j, rows[from + j]);
            }
        }
        return out;
    }
}
