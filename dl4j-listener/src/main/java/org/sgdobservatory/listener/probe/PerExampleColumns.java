package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.function.ObjIntConsumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.DenseLayerSpec;

/**
 * One parameter's raw per-example gradients at a time from a {@link DenseBatchGradients.Pass}, as column products
 * {@code g_i = A[i][j] D[i][k]} (weight {@code W[j][k]}) or {@code D[i][k]} (bias {@code b[k]}) on transposed heap
 * copies of each layer's inputs {@code A} and deltas {@code D} ({@code rows x (nIn + nOut)} doubles per layer,
 * made on first use), written into one reused buffer: nothing of size {@code parameters x rows} is allocated.
 *
 * <p>Two views of the same values. {@link #forEach} hands every example, in order (for consumers that pair
 * examples across parameters). {@link #forEachOnActiveInputs} hands a weight's values only on the examples whose
 * input {@code A[i][j]} is not zero, and the number left out, whose values are exactly {@code 0 * D[i][k] = 0}: ReLU
 * activations and image pixels are 0 on half or more of the examples, so an order-free statistic such as the tail
 * index ({@link TailIndex#ofDeviations(double[], int, int, double)}) reads half as many values for the same result.
 * A layer whose deltas are not all finite ({@code 0 * inf} is NaN, not 0) is always handed in full.
 *
 * <p>Not thread-safe (one buffer); valid as long as its pass.
 */
final class PerExampleColumns {

    /** Receives one parameter's values. */
    interface ActiveInputsSink {
        /**
         * @param values the values on the examples with a non-zero input, in {@code [0, length)} (valid only during
         *     the call)
         * @param length how many
         * @param zeros how many further examples have the value 0 exactly
         * @param position the parameter's position in the indices asked for
         */
        void accept(double[] values, int length, int zeros, int position);
    }

    private final List<DenseLayerSpec> layers;
    private final INDArray[] inputs;
    private final INDArray[] deltas;
    private final int rows;
    private final double[][][] inputColumns;
    private final double[][][] deltaColumns;
    private final boolean[] finiteDeltas;
    private final int[][][] activeRows;
    private final double[][][] activeInputs;
    private final double[] buffer;

    /**
     * @param layers the network's layers
     * @param inputs per layer, the pass's input activations ({@code rows x nIn})
     * @param deltas per layer, the pass's deltas ({@code rows x nOut})
     * @param rows examples in the pass
     */
    PerExampleColumns(List<DenseLayerSpec> layers, INDArray[] inputs, INDArray[] deltas, int rows) {
        this.layers = layers;
        this.inputs = inputs;
        this.deltas = deltas;
        this.rows = rows;
        int n = layers.size();
        inputColumns = new double[n][][];
        deltaColumns = new double[n][][];
        finiteDeltas = new boolean[n];
        activeRows = new int[n][][];
        activeInputs = new double[n][][];
        buffer = new double[rows];
    }

    /**
     * Hands the per-example values of each parameter in {@code indices} to {@code use} in turn, every example in
     * order, in a reused buffer (valid only during the call).
     *
     * @param use receives the values and the position in {@code indices}
     * @throws IllegalArgumentException if an index is not a parameter of the layers
     */
    void forEach(long[] indices, ObjIntConsumer<double[]> use) {
        for (int q = 0; q < indices.length; q++) {
            int l = layerOf(indices[q]);
            DenseLayerSpec s = layers.get(l);
            long local = indices[q] - s.weightOffset();
            if (local >= 0 && local < (long) s.nIn() * s.nOut()) {
                product(inputColumns[l][(int) (local % s.nIn())], deltaColumns[l][(int) (local / s.nIn())], buffer);
            } else {
                System.arraycopy(deltaColumns[l][(int) (indices[q] - s.biasOffset())], 0, buffer, 0, rows);
            }
            use.accept(buffer, q);
        }
    }

    /**
     * Hands the per-example values of each parameter in {@code indices} to {@code use} in turn: for a weight
     * {@code W[j][k]} (of a layer with finite deltas) only on the examples where {@code A[i][j] != 0}, in order, with
     * the count of the others (value exactly 0); for a bias, every example.
     *
     * @throws IllegalArgumentException if an index is not a parameter of the layers
     */
    void forEachOnActiveInputs(long[] indices, ActiveInputsSink use) {
        for (int q = 0; q < indices.length; q++) {
            int l = layerOf(indices[q]);
            DenseLayerSpec s = layers.get(l);
            long local = indices[q] - s.weightOffset();
            boolean weight = local >= 0 && local < (long) s.nIn() * s.nOut();
            if (weight && finiteDeltas[l]) {
                int j = (int) (local % s.nIn());
                if (activeRows[l][j] == null) {
                    activate(l, j);
                }
                int length = activeRows[l][j].length;
                gatherProduct(activeInputs[l][j], deltaColumns[l][(int) (local / s.nIn())], activeRows[l][j],
                        buffer);
                use.accept(buffer, length, rows - length, q);
            } else if (weight) {
                product(inputColumns[l][(int) (local % s.nIn())], deltaColumns[l][(int) (local / s.nIn())], buffer);
                use.accept(buffer, rows, 0, q);
            } else {
                System.arraycopy(deltaColumns[l][(int) (indices[q] - s.biasOffset())], 0, buffer, 0, rows);
                use.accept(buffer, rows, 0, q);
            }
        }
    }

    /** The layer holding flattened index {@code idx}, with its heap copies made. */
    private int layerOf(long idx) {
        for (int l = 0; l < layers.size(); l++) {
            DenseLayerSpec s = layers.get(l);
            long local = idx - s.weightOffset();
            boolean weight = local >= 0 && local < (long) s.nIn() * s.nOut();
            boolean bias = idx >= s.biasOffset() && idx < s.biasOffset() + s.nOut();
            if (weight || bias) {
                if (deltaColumns[l] == null) {
                    // transposed heap copies: a column of A or D is then one contiguous array
                    inputColumns[l] = columns(inputs[l]);
                    deltaColumns[l] = columns(deltas[l]);
                    finiteDeltas[l] = allFinite(deltaColumns[l]);
                    activeRows[l] = new int[s.nIn()][];
                    activeInputs[l] = new double[s.nIn()][];
                }
                return l;
            }
        }
        throw new IllegalArgumentException("index " + idx + " is not a parameter of this dense stack");
    }

    /**
     * Records the examples where input {@code j} of layer {@code l} is not zero, and its values there, in order of
     * decreasing {@code |A[i][j]|}: the largest products tend to come first, so a top-k selection over them
     * ({@link TailIndex}) fills with large values early and inserts fewer later. The order does not change any
     * order-free statistic.
     */
    private void activate(int l, int j) {
        double[] a = inputColumns[l][j];
        int count = 0;
        for (double x : a) {
            if (x != 0) {
                count++;
            }
        }
        // |a| as a float (non-negative floats order as their bits) above the row index: one primitive sort
        long[] keyed = new long[count];
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                keyed[c++] = ((long) Float.floatToIntBits((float) Math.abs(a[i])) << 32) | i;
            }
        }
        java.util.Arrays.sort(keyed);
        int[] at = new int[count];
        double[] values = new double[count];
        for (int q = 0; q < count; q++) {
            at[q] = (int) keyed[count - 1 - q];
            values[q] = a[at[q]];
        }
        activeRows[l][j] = at;
        activeInputs[l][j] = values;
    }

    /**
     * The columns of a {@code rows x n} array as {@code n} heap arrays: one column-major copy read in one piece
     * ({@code toDoubleMatrix} of the transpose reads row by row, one ND4J call per row).
     */
    private static double[][] columns(INDArray x) {
        int r = (int) x.size(0);
        int n = (int) x.size(1);
        double[] flat = MirroredMatrix.columnMajor(x);
        double[][] out = new double[n][];
        for (int j = 0; j < n; j++) {
            out[j] = java.util.Arrays.copyOfRange(flat, j * r, (j + 1) * r);
        }
        return out;
    }

    private static boolean allFinite(double[][] columns) {
        for (double[] column : columns) {
            for (double x : column) {
                if (!Double.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code out[i] = a[i] * d[i]}: a method of its own, called once per parameter, so that the JIT compiles it
     * after a few hundred parameters instead of waiting for an on-stack replacement of the caller's loop.
     */
    private static void product(double[] a, double[] d, double[] out) {
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * d[i];
        }
    }

    /** {@code out[q] = a[q] * d[at[q]]} for the active rows {@code at} (a method of its own, as {@link #product}). */
    private static void gatherProduct(double[] a, double[] d, int[] at, double[] out) {
        for (int q = 0; q < at.length; q++) {
            out[q] = a[q] * d[at[q]];
        }
    }
}
