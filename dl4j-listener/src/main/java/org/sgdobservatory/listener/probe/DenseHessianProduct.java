package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.DenseLayerSpec;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.adapter.OutputLoss;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * Exact Hessian-vector products {@code H u} of the mean loss over a probe set (L2 included) for a {@link DenseStack}
 * whose hidden activations are piecewise linear and whose output pair is one of {@link OutputLoss}'s: Pearlmutter's
 * R-operator (Pearlmutter 1994, "Fast exact multiplication by the Hessian", Neural Computation 6(1),
 * doi:10.1162/neco.1994.6.1.147) on one batched pass. With {@code z_l = a_{l-1} W_l + b_l}, {@code a_l = f(z_l)},
 * slope masks {@code s_l = f'(z_l)} and deltas {@code d_l = dL_i/dz_l}, the directional derivatives along
 * {@code u = (V_l, c_l)} are
 * <pre>
 *   R z_l = R a_{l-1} W_l + a_{l-1} V_l + c_l,   R a_l = s_l o R z_l,   R a_0 = 0
 *   R d_out = H_L,i R z_out                        (softmax: p o r - p (p . r);  MSE: (2/nOut) r;  sigmoid: p(1-p) o r)
 *   R d_{l-1} = s_{l-1} o (R d_l W_l^T + d_l V_l^T)
 *   H u [W_l] = (1/m) (a_{l-1}^T R d_l + R a_{l-1}^T d_l),   H u [b_l] = (1/m) sum_i R d_l[i]
 * </pre>
 * plus {@code l2 o u}. The second derivatives of the hidden activations vanish off the kinks, so this is the Hessian
 * itself, cross-layer terms included (not the Gauss-Newton matrix, which lacks the {@code d_l V_l^T} and
 * {@code R a^T d} terms), exact up to rounding wherever no pre-activation sits on a kink. A finite difference of
 * gradients cannot give that on a ReLU network: a step that moves any pre-activation of any probe example across
 * zero adds that example's gradient jump divided by the step, and the number of such crossings grows with the step
 * while their weight grows as its inverse, so the error does not shrink with the step, it only becomes rarer
 * ({@code docs/estimators.md#hessian-vector-products} has the measurements).
 *
 * <p>Cost per product: one R-forward and one R-backward pass, about 1.6 gradient passes for a wide MLP (two GEMMs
 * per layer each way and two for the weights, fewer for the first layer), against two for a central difference. The
 * GEMMs ({@link Gemm}) write into arrays allocated once and the forward slope masks are applied in place by ND4J;
 * the bias sums, the backward slope masks and the output Hessian run on Java mirrors of those arrays
 * ({@link MirroredMatrix}), since on the small arrays of a probe set each ND4J broadcast, reduction or allocation
 * costs as much as a GEMM. The base pass's hidden inputs, slopes, deltas and outputs are kept,
 * {@code (3 w + 2 nOut) m} doubles for total hidden width {@code w} (50 MB for the 784-1024-1024-10 MLP over 1024
 * examples), and from the first product work arrays of {@code (2 w + nOut) m + 2 P} doubles off the heap and
 * {@code (2 w + nOut) m + P} on it, the slopes' copy included ({@code P} parameters; another 112 MB for that MLP, all
 * outside {@code directionMegabytes}, which budgets the Lanczos basis and the directions kept). Not thread-safe.
 */
final class DenseHessianProduct {

    private final List<DenseLayerSpec> layers;
    private final long numParams;
    private final OutputLoss output;
    private final INDArray l2;
    private final int rows;
    private final INDArray[] weights;
    private final INDArray[] inputs;
    private final INDArray[] slopes;
    private final INDArray[] deltas;
    /** The output activations and deltas, column-major. */
    private final double[] p;
    private final double[] outDeltas;
    /** {@link #apply}'s arrays, made on its first call. */
    private Scratch scratch;
    /** {@link #exampleDerivatives}'s arrays, made on its first call. */
    private Derivatives doublePrecision;
    /** A rows x 1 column of ones per data type, for the bias terms as rank-one GEMMs. */
    private final java.util.Map<DataType, INDArray> ones = new java.util.EnumMap<>(DataType.class);

    private DenseHessianProduct(DenseStack stack, long numParams, OutputLoss output, INDArray theta, MiniBatch batch,
                                INDArray l2) {
        this.layers = stack.layers();
        this.numParams = numParams;
        this.output = output;
        this.l2 = l2;
        int n = layers.size();
        DenseBatchGradients.Forward f = DenseBatchGradients.forward(stack, theta.reshape(numParams), batch.features());
        this.rows = f.rows();
        this.weights = f.weights;
        this.inputs = f.inputs;
        this.slopes = f.slopes(layers);
        DenseLayerSpec out = layers.get(n - 1);
        this.p = MirroredMatrix.columnMajor(out.activation().getActivation(f.preActivations[n - 1].dup('f'), true));
        this.deltas = new INDArray[n];
        deltas[n - 1] = stack.lossFunction().computeGradient(batch.labels(), f.preActivations[n - 1].dup(),
                out.activation(), null).dup('f');
        this.outDeltas = MirroredMatrix.columnMajor(deltas[n - 1]);
    }

    /**
     * The deltas of every layer: the hidden ones are computed on the first call (only {@link #apply} needs them; the
     * per-example derivatives need the output's), outside any workspace, since the caller's may close before their
     * last use.
     */
    private INDArray[] deltas() {
        if (deltas[0] == null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int l = layers.size() - 2; l >= 0; l--) {
                    deltas[l] = Nd4j.create(DataType.DOUBLE, new long[] {rows, layers.get(l).nOut()}, 'f');
                    Gemm.gemm(deltas[l + 1], weights[l + 1], deltas[l], false, true, 1.0, 0.0);
                    deltas[l].muli(slopes[l]);
                }
            }
        }
        return deltas;
    }

    /**
     * The product at {@code theta} over {@code batch}, or empty when a hidden activation is not piecewise linear or
     * the output pair is not supported.
     *
     * @param theta DOUBLE parameters, length numParams; read, not modified, and not to be modified while in use
     * @param batch 2-D features and labels that fit the network (labels summing to 1 per example for softmax)
     * @param l2 the L2 coefficient of every parameter (length numParams)
     */
    static Optional<DenseHessianProduct> at(DenseStack stack, long numParams, INDArray theta, MiniBatch batch,
                                            INDArray l2) {
        return stack.exactCurvature().map(kind -> new DenseHessianProduct(stack, numParams, kind, theta, batch, l2));
    }

    /**
     * {@code H u}: the Hessian of the mean loss over the batch, L2 included, times {@code u}, into {@code hu}
     * (overwritten, whatever it held).
     *
     * @param u length numParams
     * @param hu length numParams
     */
    void apply(double[] u, double[] hu) {
        int n = layers.size();
        INDArray[] deltas = deltas();
        Scratch s = scratch();
        s.v.set(u);
        INDArray[] targets = s.forward.clone();
        targets[n - 1] = s.backward[n - 1].array();
        INDArray[] activationsR = directional(s.v, ones(DataType.DOUBLE), weights, inputs, slopes, targets);
        double[] rd = s.backward[n - 1].load();
        output.hessianTimes(p, rd, rows);
        s.backward[n - 1].store();
        java.util.Arrays.fill(hu, 0.0);
        for (int l = n - 1; l >= 0; l--) {
            DenseLayerSpec layer = layers.get(l);
            MirroredMatrix d = s.backward[l];
            INDArray block = s.out.weights[l];
            Gemm.gemm(inputs[l], d.array(), block, true, false, 1.0 / rows, 0.0);
            columnMeans(d.values(), hu, (int) layer.biasOffset());
            if (l > 0) {
                Gemm.gemm(activationsR[l - 1], deltas[l], block, true, false, 1.0 / rows, 1.0);
                MirroredMatrix previous = s.backward[l - 1];
                Gemm.gemm(d.array(), weights[l], previous.array(), false, true, 1.0, 0.0);
                Gemm.gemm(deltas[l], s.v.weights[l], previous.array(), false, true, 1.0, 1.0);
                double[] masked = previous.load();
                double[] slope = s.slopes[l - 1];
                for (int i = 0; i < masked.length; i++) {
                    masked[i] *= slope[i];
                }
                previous.store();
            }
        }
        // the weight blocks from the GEMMs, the biases already in place, then L2
        java.nio.DoubleBuffer weightsOut = s.out.vector.data().asNioDouble();
        for (DenseLayerSpec layer : layers) {
            int from = (int) layer.weightOffset();
            weightsOut.get(from, hu, from, layer.nIn() * layer.nOut());
        }
        for (int i = 0; i < hu.length; i++) {
            hu[i] += s.l2[i] * u[i];
        }
    }

    /**
     * Each column's mean of a column-major rows x c matrix, into {@code out} from {@code offset}: four interleaved
     * sums per column, so that four additions are in flight rather than one chain of dependent ones.
     */
    private void columnMeans(double[] matrix, double[] out, int offset) {
        for (int j = 0, at = 0; at < matrix.length; j++, at += rows) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 4 <= rows; i += 4) {
                s0 += matrix[at + i];
                s1 += matrix[at + i + 1];
                s2 += matrix[at + i + 2];
                s3 += matrix[at + i + 3];
            }
            for (; i < rows; i++) {
                s0 += matrix[at + i];
            }
            out[offset + j] = (s0 + s1 + (s2 + s3)) / rows;
        }
    }

    /** {@link #apply}'s work arrays, made once outside any workspace. */
    private Scratch scratch() {
        if (scratch == null) {
            scratch = new Scratch();
        }
        return scratch;
    }

    /**
     * The arrays every product reuses: the vector and the output with their layer blocks as views, each layer's
     * forward and backward directions.
     */
    private final class Scratch {
        final LayerBlocks v;
        final LayerBlocks out;
        final INDArray[] forward = new INDArray[layers.size()];
        final MirroredMatrix[] backward = new MirroredMatrix[layers.size()];
        final double[][] slopes = new double[layers.size()][];
        final double[] l2 = MirroredMatrix.columnMajor(DenseHessianProduct.this.l2);

        Scratch() {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                v = new LayerBlocks(DataType.DOUBLE);
                out = new LayerBlocks(DataType.DOUBLE);
                for (int l = 0; l < layers.size(); l++) {
                    backward[l] = MirroredMatrix.of(rows, layers.get(l).nOut());
                    if (l < layers.size() - 1) {
                        forward[l] = Nd4j.create(DataType.DOUBLE, new long[] {rows, layers.get(l).nOut()}, 'f');
                        slopes[l] = MirroredMatrix.columnMajor(DenseHessianProduct.this.slopes[l]);
                    }
                }
            }
        }
    }

    /**
     * Each example's directional derivatives along {@code w}, without regularisation: {@code d_i = w . grad l_i} and
     * {@code q_i = w' H_i w}, from the forward directional derivatives of first and second order
     * <pre>
     *   R z_l  = R a_{l-1} W_l + a_{l-1} V_l + c_l,          R a_l  = s_l o R z_l
     *   R2 z_l = R2 a_{l-1} W_l + 2 R a_{l-1} V_l,           R2 a_l = s_l o R2 z_l      (R a_0 = R2 a_0 = 0)
     *   d_i = d_out,i . R z_out,i,     q_i = R z_out,i' H_L,i R z_out,i + d_out,i . R2 z_out,i
     * </pre>
     * ({@code d_out} the output deltas): exact off the kinks, with no backward pass. The work arrays are made on the
     * first call, outside any workspace, and reused for every direction after it.
     *
     * @param w length numParams
     * @return {@code {d, q}}, one value per example each
     */
    double[][] exampleDerivatives(double[] w) {
        if (doublePrecision == null) {
            doublePrecision = new Derivatives(weights, inputs, slopes);
        }
        return doublePrecision.along(w);
    }

    /**
     * {@link #exampleDerivatives} with every product in single precision, on FLOAT copies of the base pass's arrays
     * made once here (call outside any workspace that closes before the copies' last use). The GEMMs run at twice
     * the double rate; each entry of a product of inner length {@code K} then errs by at most {@code K u} of the sum
     * of its terms' magnitudes ({@code u = 6e-8}, 6e-5 for the 1024-wide layers of the benchmarks' wide MLP, about
     * {@code sqrt(K) u} in practice), far below the sampling error of what the derivatives feed: the noise
     * {@code Var_i(d_i)} over {@code m} examples has a relative standard error of at least {@code sqrt(2/(m-1))},
     * 4.6% over the 960 examples of the wide MLP's reservoir. The per-example contractions with the output deltas run
     * in double precision. The copies add half the base pass's arrays to memory while they are held (the base pass
     * stays alive with them), and the work arrays {@code (w + nOut) m} floats more.
     */
    Derivatives singlePrecision() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new Derivatives(cast(weights), cast(inputs), cast(slopes));
        }
    }

    private static INDArray[] cast(INDArray[] arrays) {
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i] == null ? null : cast(arrays[i]);
        }
        return out;
    }

    private static INDArray cast(INDArray a) {
        INDArray f = a.castTo(DataType.FLOAT);
        return f.ordering() == 'f' ? f : f.dup('f');
    }

    /**
     * A parameter-length vector with each layer's weight block and bias as views of it, made once (construct it
     * outside any workspace) and refilled for every vector a product or a derivative is taken along.
     */
    private final class LayerBlocks {
        final INDArray vector;
        final INDArray[] weights;
        final INDArray[] biases;

        LayerBlocks(DataType type) {
            vector = Nd4j.create(type, numParams);
            weights = layers.stream().map(l -> l.weightsIn(vector)).toArray(INDArray[]::new);
            biases = layers.stream().map(l -> l.biasIn(vector)).toArray(INDArray[]::new);
        }

        /** Copies {@code w} (length numParams) into the vector, rounded to its type. */
        void set(double[] w) {
            if (vector.dataType() == DataType.DOUBLE) {
                vector.data().asNioDouble().put(0, w);
                return;
            }
            java.nio.FloatBuffer buffer = vector.data().asNioFloat();
            for (int i = 0; i < w.length; i++) {
                buffer.put(i, (float) w[i]);
            }
        }
    }

    /**
     * The base pass's arrays in one type and the work arrays of {@link #exampleDerivatives} in it, made once (outside
     * any workspace) for every direction. Not thread-safe: another thread takes its own {@link #sibling}.
     */
    final class Derivatives {
        private final INDArray[] weights;
        private final INDArray[] inputs;
        private final INDArray[] slopes;
        private final LayerBlocks v;
        /** {@code R a_l} for the hidden layers, {@code R z_out} last. */
        private final INDArray[] first;
        /** {@code R2 z_l} of every layer but the first (element 0 unused). */
        private final INDArray[] second;
        /** A rows x 1 column of ones in the arrays' type. */
        private final INDArray column;

        private Derivatives(INDArray[] weights, INDArray[] inputs, INDArray[] slopes) {
            this(weights, inputs, slopes, ones(inputs[0].dataType()));
        }

        private Derivatives(INDArray[] weights, INDArray[] inputs, INDArray[] slopes, INDArray column) {
            this.weights = weights;
            this.inputs = inputs;
            this.slopes = slopes;
            this.column = column;
            DataType type = inputs[0].dataType();
            int n = layers.size();
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                this.v = new LayerBlocks(type);
                this.first = new INDArray[n];
                this.second = new INDArray[n];
                for (int l = 0; l < n; l++) {
                    first[l] = Nd4j.create(type, new long[] {rows, layers.get(l).nOut()}, 'f');
                    if (l > 0) {
                        second[l] = Nd4j.create(type, new long[] {rows, layers.get(l).nOut()}, 'f');
                    }
                }
            }
        }

        /**
         * Another set of work arrays on the same base pass, for another thread: the base pass's arrays are only read,
         * so each thread taking directions needs its own vector and directional derivatives, {@code P + (2 w + 2 nOut)
         * m} values of the arrays' type, and no copy of the rest.
         */
        Derivatives sibling() {
            return new Derivatives(weights, inputs, slopes, column);
        }

        /** The derivatives along {@code w}, as {@link DenseHessianProduct#exampleDerivatives}. */
        double[][] along(double[] w) {
            int n = layers.size();
            v.set(w);
            INDArray[] ra = directional(v, column, weights, inputs, slopes, first);
            INDArray r2z = null;
            for (int l = 1; l < n; l++) {
                r2z = second[l];
                Gemm.gemm(ra[l - 1], v.weights[l], r2z, false, false, 2.0, 0.0);
                if (l > 1) {
                    Gemm.gemm(second[l - 1], weights[l], r2z, false, false, 1.0, 1.0);
                }
                if (l < n - 1) {
                    r2z.muli(slopes[l]);
                }
            }
            double[] rz = MirroredMatrix.columnMajor(ra[n - 1]);
            double[] r2 = r2z == null ? new double[rz.length] : MirroredMatrix.columnMajor(r2z);
            double[] hr = rz.clone();
            output.hessianTimes(p, hr, rows);
            double[] d = new double[rows];
            double[] q = new double[rows];
            for (int at = 0; at < rz.length; at++) {
                int i = at % rows;
                d[i] += outDeltas[at] * rz[at];
                q[i] += hr[at] * rz[at] + outDeltas[at] * r2[at];
            }
            return new double[][] {d, q};
        }
    }

    /**
     * The first-order forward pass along the vector {@code v} into {@code targets} (rows x width each, 'f',
     * overwritten): {@code R a_l} for the hidden layers (element {@code l}) and {@code R z_out} (the last element),
     * the bias term of each as a rank-one GEMM with {@code column}, a rows x 1 column of ones. Reads only the
     * layer list and its arguments, so threads with their own {@code v} and {@code targets} may run it at once.
     */
    private INDArray[] directional(LayerBlocks v, INDArray column, INDArray[] weights, INDArray[] inputs,
                                   INDArray[] slopes, INDArray[] targets) {
        int n = layers.size();
        for (int l = 0; l < n; l++) {
            INDArray rz = targets[l];
            Gemm.gemm(column, v.biases[l], rz, false, false, 1.0, 0.0);
            Gemm.gemm(inputs[l], v.weights[l], rz, false, false, 1.0, 1.0);
            if (l > 0) {
                Gemm.gemm(targets[l - 1], weights[l], rz, false, false, 1.0, 1.0);
            }
            if (l < n - 1) {
                rz.muli(slopes[l]);
            }
        }
        return targets;
    }

    /** A rows x 1 column of ones in {@code type}, made once outside any workspace. */
    private INDArray ones(DataType type) {
        return ones.computeIfAbsent(type, t -> {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.ones(t, rows, 1).dup('f');
            }
        });
    }
}
