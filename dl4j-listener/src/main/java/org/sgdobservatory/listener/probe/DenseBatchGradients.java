package org.sgdobservatory.listener.probe;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdobservatory.listener.adapter.DenseLayerSpec;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * Per-example gradients of a {@link DenseStack} from one batched forward and backward pass (the trick of
 * BackPACK: Dangel, Kunstner and Hennig 2020, "BackPACK: Packing more into backprop", ICLR,
 * arXiv:1912.10985). For layer {@code l} with input activations {@code A} ({@code m x nIn}) and output deltas
 * {@code D = dL_i/dz} ({@code m x nOut}), the gradient of example {@code i}'s loss is
 * {@code g_i(W[j][k]) = A[i][j] D[i][k]} and {@code g_i(b[k]) = D[i][k]}: DL4J's raw per-example gradient
 * (no regularisation, docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum). Hence every per-parameter power sum
 * {@code sum_i g_i^p} is one GEMM {@code (A^p)^T (D^p)}, a minibatch's summed gradient is {@code A_k^T D_k} over its
 * rows, and any one parameter's per-example values are a column product {@code A[:, j] * D[:, k]}.
 *
 * <p>The pass follows DL4J's conventions for these layers: {@code z = a W + b}, activation in training mode,
 * output deltas from the loss function's {@code computeGradient(labels, z, activation, null)} (per example,
 * not divided by m), hidden deltas {@code activation.backprop(z, D_next W_next^T)}. {@code DenseBatchGradientsTest}
 * checks the results against DL4J's own passes.
 *
 * <p>Stateless apart from the network description; each {@link Pass} holds its own arrays. Not thread-safe
 * (ND4J arrays).
 */
final class DenseBatchGradients {

    private final DenseStack stack;
    private final long numParams;

    /**
     * @param stack the network's layers
     * @param numParams length of the flattened parameter vector
     */
    DenseBatchGradients(DenseStack stack, long numParams) {
        this.stack = stack;
        this.numParams = numParams;
    }

    /** Whether a batch fits this network: 2-D features with nIn columns and 2-D labels with nOut columns. */
    boolean accepts(MiniBatch batch) {
        return batch.features().rank() == 2 && batch.labels().rank() == 2
                && batch.features().size(1) == stack.nIn() && batch.labels().size(1) == stack.nOut();
    }

    /**
     * One forward pass (training mode) and one backward pass over every row of {@code batch} at {@code theta}.
     *
     * @param theta DOUBLE parameters, length numParams (not modified)
     * @param batch a batch this network {@link #accepts}
     */
    Pass pass(INDArray theta, MiniBatch batch) {
        return backward(forward(theta, batch.features()), batch.labels());
    }

    /** {@link #forward(DenseStack, INDArray, INDArray)} of this network at {@code theta} (not modified). */
    Forward forward(INDArray theta, INDArray features) {
        return forward(stack, theta.reshape(numParams), features);
    }

    /**
     * The backward pass over the rows of a forward pass of this network, whose pre-activations it overwrites
     * (so a caller that needs them, as {@link GaussNewtonDiagonal#diagonal(Forward)} does, reads them first).
     *
     * @param f a {@link #forward(INDArray, INDArray)} of this network
     * @param labels one row per row of the forward pass
     */
    Pass backward(Forward f, INDArray labels) {
        List<DenseLayerSpec> layers = stack.layers();
        int n = layers.size();
        INDArray[] preActivations = f.preActivations;
        INDArray[] deltas = new INDArray[n];
        DenseLayerSpec out = layers.get(n - 1);
        // the pre-activations are not needed after their layer's delta: the activation and loss may overwrite them
        deltas[n - 1] = stack.lossFunction().computeGradient(labels, preActivations[n - 1], out.activation(), null);
        for (int l = n - 2; l >= 0; l--) {
            INDArray epsilon = deltas[l + 1].mmul(f.weights[l + 1].transpose());
            deltas[l] = layers.get(l).activation().backprop(preActivations[l], epsilon).getFirst();
        }
        return new Pass(f.inputs, deltas, (int) labels.size(0));
    }

    /**
     * The forward pass (training mode) of {@code stack} at the flattened parameters {@code flat} over the rows of
     * {@code features}: each layer's weight view, input and pre-activation {@code z = a W + b}. The
     * pre-activations are the callers' to overwrite.
     */
    static Forward forward(DenseStack stack, INDArray flat, INDArray features) {
        List<DenseLayerSpec> layers = stack.layers();
        int n = layers.size();
        Forward f = new Forward(n);
        INDArray a = features;
        for (int l = 0; l < n; l++) {
            DenseLayerSpec s = layers.get(l);
            f.weights[l] = s.weightsIn(flat);
            f.inputs[l] = a;
            f.preActivations[l] = a.mmul(f.weights[l]).addiRowVector(s.biasIn(flat));
            if (l < n - 1) {
                a = s.activation().getActivation(f.preActivations[l].dup(), true);
            }
        }
        return f;
    }

    /** Per layer: the weight view, the input activations and the pre-activations of one forward pass. */
    static final class Forward {
        final INDArray[] weights;
        final INDArray[] inputs;
        final INDArray[] preActivations;

        private Forward(int layers) {
            weights = new INDArray[layers];
            inputs = new INDArray[layers];
            preActivations = new INDArray[layers];
        }

        /** Examples in the pass. */
        int rows() {
            return (int) inputs[0].size(0);
        }

        /**
         * Each hidden layer's slope mask {@code f'(z)} (column-major, rows x width; the output layer's entry is null):
         * for a piecewise-linear activation its backprop of ones, exactly as DL4J's backward pass masks. Read before
         * {@link #backward} overwrites the pre-activations.
         */
        INDArray[] slopes(List<DenseLayerSpec> layers) {
            INDArray[] out = new INDArray[preActivations.length];
            for (int l = 0; l < out.length - 1; l++) {
                INDArray z = preActivations[l];
                out[l] = layers.get(l).activation().backprop(z.dup('f'), Nd4j.onesLike(z)).getFirst();
            }
            return out;
        }
    }

    /** The layer inputs and deltas of one batched pass, and what they give. Not thread-safe. */
    final class Pass {
        private final INDArray[] inputs;
        private final INDArray[] deltas;
        private final int rows;

        private Pass(INDArray[] inputs, INDArray[] deltas, int rows) {
            this.inputs = inputs;
            this.deltas = deltas;
            this.rows = rows;
        }

        /** Examples in the pass. */
        int rows() {
            return rows;
        }

        /** Parameters of the network the pass is over. */
        long numParams() {
            return numParams;
        }

        /**
         * The same pass restricted to its first {@code m} rows (views, nothing copied): what a pass over those
         * examples alone gives, up to the rounding of the GEMMs that produced the rows.
         *
         * @param m rows kept, {@code 1 <= m <= rows}
         */
        Pass head(int m) {
            if (!(m >= 1 && m <= rows)) {
                throw new IllegalArgumentException("head of " + m + " rows: must be in [1, " + rows + "]");
            }
            if (m == rows) {
                return this;
            }
            INDArray[] a = new INDArray[inputs.length];
            INDArray[] d = new INDArray[deltas.length];
            for (int l = 0; l < a.length; l++) {
                a[l] = rowRange(inputs[l], 0, m);
                d[l] = rowRange(deltas[l], 0, m);
            }
            return new Pass(a, d, m);
        }

        /**
         * The raw gradient summed over rows {@code [from, to)} (DL4J's minibatch sum, no regularisation),
         * flattened in DL4J's parameter order.
         *
         * @return a new DOUBLE vector of length numParams
         */
        INDArray gradientSum(int from, int to) {
            INDArray out = Nd4j.zeros(DataType.DOUBLE, numParams);
            List<DenseLayerSpec> layers = stack.layers();
            for (int l = 0; l < layers.size(); l++) {
                INDArray a = rowRange(inputs[l], from, to);
                INDArray d = rowRange(deltas[l], from, to);
                putProducts(out, layers.get(l), a, d);
            }
            return out;
        }

        /**
         * The per-parameter sample variance ({@code 1/(K-1)}) of the minibatch-mean raw gradients
         * {@code G_k / B} when the rows are {@code K} consecutive minibatches of {@code B}: all {@code G_k} at once
         * by a batched GEMM {@code D_k^T A_k} per layer ({@code K x nOut x nIn}, i.e. DL4J's column-major W),
         * then a two-pass variance over {@code k}. Holds {@code K x} (largest layer's parameter count) doubles.
         * Regularisation, a constant shift at fixed theta, does not change it.
         *
         * @param batches K, with {@code rows = K B}
         * @return a new DOUBLE vector of length numParams
         */
        INDArray minibatchMeanVariance(int batches) {
            int b = rows / batches;
            if (!(batches >= 2 && (long) b * batches == rows)) {
                throw new IllegalArgumentException("rows " + rows + " are not " + batches + " (>= 2) minibatches of"
                        + " equal size");
            }
            INDArray out = Nd4j.zeros(DataType.DOUBLE, numParams);
            List<DenseLayerSpec> layers = stack.layers();
            for (int l = 0; l < layers.size(); l++) {
                DenseLayerSpec s = layers.get(l);
                INDArray a = cContiguous(inputs[l]).reshape('c', batches, b, s.nIn());
                INDArray d = cContiguous(deltas[l]).reshape('c', batches, b, s.nOut());
                INDArray w = Nd4j.matmul(d, a, true, false, false).reshape('c', batches, (long) s.nOut() * s.nIn());
                INDArray bias = d.sum(1);
                long wLen = (long) s.nIn() * s.nOut();
                out.get(NDArrayIndex.interval(s.weightOffset(), s.weightOffset() + wLen))
                        .assign(varianceOverRows(w.divi(b)));
                out.get(NDArrayIndex.interval(s.biasOffset(), s.biasOffset() + s.nOut()))
                        .assign(varianceOverRows(bias.divi(b)));
            }
            return out;
        }

        /**
         * The sample variance ({@code 1/(K-1)}) of some parameters' minibatch-mean raw gradients, minibatch {@code k}
         * being the rows {@code batchRows[k]} of this pass (repeats allowed: a pass over the distinct examples of
         * minibatches that share examples). One parameter at a time from its per-example column products
         * ({@link PerExampleColumns}), {@code K B} additions each, then a two-pass variance over {@code k}: no
         * full-length minibatch gradient is formed. Regularisation, a constant shift at fixed theta, does not change
         * it.
         *
         * @param indices flattened parameter indices
         * @param batchRows K row lists, none empty
         * @return one variance per index (NaN when K &lt; 2)
         */
        double[] minibatchMeanVariance(long[] indices, int[][] batchRows) {
            double[] out = new double[indices.length];
            double[] means = new double[batchRows.length];
            columns().forEach(indices, (values, q) -> out[q] = varianceOfMeans(values, batchRows, means));
            return out;
        }

        /**
         * This pass's rows {@code at} (repeats allowed) as a pass of their own: the layer inputs and deltas gathered,
         * so a pass over the distinct examples serves any batch of them.
         */
        Pass rowsAt(int[] at) {
            INDArray[] a = new INDArray[inputs.length];
            INDArray[] d = new INDArray[deltas.length];
            for (int l = 0; l < a.length; l++) {
                a[l] = Nd4j.pullRows(inputs[l], 1, at);
                d[l] = Nd4j.pullRows(deltas[l], 1, at);
            }
            return new Pass(a, d, at.length);
        }

        /**
         * Raw power sums {@code S_p = sum_i g_i^p} of the per-example gradients over all rows, {@code p = 1..4}
         * (element {@code p - 1}), each flattened in DL4J's parameter order. Four GEMMs per layer.
         */
        INDArray[] powerSums() {
            INDArray[] out = new INDArray[4];
            for (int p = 0; p < 4; p++) {
                out[p] = Nd4j.zeros(DataType.DOUBLE, numParams);
            }
            List<DenseLayerSpec> layers = stack.layers();
            for (int l = 0; l < layers.size(); l++) {
                INDArray a = inputs[l];
                INDArray d = deltas[l];
                putProducts(out[0], layers.get(l), a, d);
                // A^p and D^p by repeated multiplication in two buffers (fresh off-heap memory costs more than
                // the arithmetic)
                INDArray ap = a.dup();
                INDArray dp = d.dup();
                for (int p = 1; p < 4; p++) {
                    ap.muli(a);
                    dp.muli(d);
                    putProducts(out[p], layers.get(l), ap, dp);
                }
            }
            return out;
        }

        /**
         * The raw per-example gradients of some parameters, materialised as column products
         * {@code A[:, j] * D[:, k]}.
         *
         * @param indices flattened parameter indices
         * @return {@code [index][example]}, {@code indices.length x rows}
         */
        double[][] perExampleValues(long[] indices) {
            double[][] out = new double[indices.length][];
            forEachPerExample(indices, (values, q) -> out[q] = values.clone());
            return out;
        }

        /**
         * Hands the raw per-example gradients of each parameter in {@code indices} to {@code use} in turn, every
         * example in order, in one reused buffer (valid only during the call; {@link PerExampleColumns#forEach}).
         *
         * @param indices flattened parameter indices
         * @param use receives the values and the position in {@code indices}
         */
        void forEachPerExample(long[] indices, java.util.function.ObjIntConsumer<double[]> use) {
            columns().forEach(indices, use);
        }

        /** The per-parameter per-example values of this pass, one parameter at a time ({@link PerExampleColumns}). */
        PerExampleColumns columns() {
            return new PerExampleColumns(stack.layers(), inputs, deltas, rows);
        }
    }

    /** The sample variance of the means of {@code values} over each row list ({@code means} is scratch). */
    private static double varianceOfMeans(double[] values, int[][] batchRows, double[] means) {
        int k = batchRows.length;
        if (k < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (int b = 0; b < k; b++) {
            double sum = 0;
            for (int r : batchRows[b]) {
                sum += values[r];
            }
            means[b] = sum / batchRows[b].length;
            total += means[b];
        }
        double centre = total / k;
        double squares = 0;
        for (int b = 0; b < k; b++) {
            double x = means[b] - centre;
            squares += x * x;
        }
        return squares / (k - 1);
    }

    /** Two-pass sample variance of each column of a {@code K x n} matrix (overwritten), as a length-n vector. */
    private static INDArray varianceOverRows(INDArray x) {
        long k = x.size(0);
        x.subiRowVector(x.mean(0));
        return x.muli(x).sum(0).divi(k - 1).reshape(x.size(1));
    }

    /** {@code x} itself when it is a row-major array of its own (so a row-major reshape is a view), else a copy. */
    private static INDArray cContiguous(INDArray x) {
        return x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    }

    private static INDArray rowRange(INDArray x, int from, int to) {
        return from == 0 && to == x.size(0) ? x : x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /**
     * Writes {@code A^T D} into the layer's weight block of {@code flat} and the column sums of {@code D} into its
     * bias: the GEMM writes straight into the block (DL4J's column-major {@code W} is an 'f' view), since a fresh
     * {@code nIn x nOut} result costs more in off-heap allocation than the arithmetic on a minibatch's rows.
     */
    static void putProducts(INDArray flat, DenseLayerSpec s, INDArray a, INDArray d) {
        Gemm.gemm(a, d, s.weightsIn(flat), true, false, 1.0, 0.0);
        s.biasIn(flat).assign(d.sum(0).reshape(1, s.nOut()));
    }
}
