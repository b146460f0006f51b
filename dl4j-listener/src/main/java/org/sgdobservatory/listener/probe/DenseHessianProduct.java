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
 * base pass's hidden inputs, slopes, deltas and outputs are kept, {@code (3 w + 2 nOut) m} doubles for total hidden
 * width {@code w} (50 MB for the 784-1024-1024-10 MLP over 1024 examples; outside {@code directionMegabytes}, which
 * budgets the Lanczos basis and the directions kept). Not thread-safe.
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
    private final INDArray p;

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
        this.p = out.activation().getActivation(f.preActivations[n - 1].dup('f'), true).dup('f');
        this.deltas = new INDArray[n];
        deltas[n - 1] = stack.lossFunction().computeGradient(batch.labels(), f.preActivations[n - 1].dup(),
                out.activation(), null).dup('f');
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
                    deltas[l] = deltas[l + 1].mmul(weights[l + 1].transpose()).dup('f').muli(slopes[l]);
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
     * {@code H u}: the Hessian of the mean loss over the batch, L2 included, times {@code u}.
     *
     * @param u length numParams
     * @return a new array of length numParams
     */
    double[] apply(double[] u) {
        int n = layers.size();
        INDArray[] deltas = deltas();
        INDArray v = Nd4j.createFromArray(u);
        INDArray[] activationsR = directional(v);
        INDArray rd = outputHessianTimes(activationsR[n - 1]);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, numParams);
        for (int l = n - 1; l >= 0; l--) {
            DenseLayerSpec s = layers.get(l);
            INDArray block = s.weightsIn(out);
            Nd4j.gemm(inputs[l], rd, block, true, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(activationsR[l - 1], deltas[l], block, true, false, 1.0, 1.0);
            }
            s.biasIn(out).assign(rd.sum(0).reshape(1, s.nOut()));
            if (l > 0) {
                INDArray previous = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {rows, s.nIn()}, 'f');
                Nd4j.gemm(rd, weights[l], previous, false, true, 1.0, 0.0);
                Nd4j.gemm(deltas[l], s.weightsIn(v), previous, false, true, 1.0, 1.0);
                rd = previous.muli(slopes[l - 1]);
            }
        }
        return out.divi(rows).addi(l2.mul(v)).toDoubleVector();
    }

    /**
     * Each example's directional derivatives along {@code w}, without regularisation: {@code d_i = w . grad l_i} and
     * {@code q_i = w' H_i w}, from the forward directional derivatives of first and second order
     * <pre>
     *   R z_l  = R a_{l-1} W_l + a_{l-1} V_l + c_l,          R a_l  = s_l o R z_l
     *   R2 z_l = R2 a_{l-1} W_l + 2 R a_{l-1} V_l,           R2 a_l = s_l o R2 z_l      (R a_0 = R2 a_0 = 0)
     *   d_i = d_out,i . R z_out,i,     q_i = R z_out,i' H_L,i R z_out,i + d_out,i . R2 z_out,i
     * </pre>
     * ({@code d_out} the output deltas): exact off the kinks, with no backward pass.
     *
     * @param w length numParams
     * @return {@code {d, q}}, one value per example each
     */
    double[][] exampleDerivatives(double[] w) {
        return derivatives(Nd4j.createFromArray(w), weights, inputs, slopes, deltas[layers.size() - 1], p);
    }

    /**
     * {@link #exampleDerivatives} with every product in single precision, on FLOAT copies of the base pass's arrays
     * made once here (call outside any workspace that closes before the copies' last use). The GEMMs run at twice
     * the double rate; each entry of a product of inner length {@code K} then errs by at most {@code K u} of the sum
     * of its terms' magnitudes ({@code u = 6e-8}, 6e-5 for the 1024-wide layers of the benchmarks' wide MLP, about
     * {@code sqrt(K) u} in practice), far below the sampling error of what the derivatives feed: the noise
     * {@code Var_i(d_i)} over {@code m} examples has a relative standard error of at least {@code sqrt(2/(m-1))},
     * 4.6% over the 960 examples of the wide MLP's reservoir. The copies add half the base pass's arrays to memory
     * while they are held (the base pass stays alive with them).
     */
    SinglePrecision singlePrecision() {
        return new SinglePrecision();
    }

    /** The base pass's arrays in FLOAT, for {@link #exampleDerivatives} at single precision. */
    final class SinglePrecision {
        private final INDArray[] weightsF = cast(weights);
        private final INDArray[] inputsF = cast(inputs);
        private final INDArray[] slopesF = cast(slopes);
        private final INDArray outDeltasF = cast(deltas[layers.size() - 1]);
        private final INDArray pF = cast(p);

        /** As {@link DenseHessianProduct#exampleDerivatives}, each product in single precision. */
        double[][] exampleDerivatives(double[] w) {
            return derivatives(Nd4j.createFromArray(w).castTo(DataType.FLOAT), weightsF, inputsF, slopesF, outDeltasF,
                    pF);
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

    /** The derivatives of {@link #exampleDerivatives} along {@code v} from the base pass's arrays in their type. */
    private double[][] derivatives(INDArray v, INDArray[] weights, INDArray[] inputs, INDArray[] slopes,
                                   INDArray outDeltas, INDArray probabilities) {
        int n = layers.size();
        DataType type = v.dataType();
        INDArray[] ra = directional(v, weights, inputs, slopes);
        INDArray rz = ra[n - 1];
        INDArray r2a = null;
        INDArray r2z = Nd4j.create(type, new long[] {rows, layers.get(0).nOut()}, 'f');
        for (int l = 1; l < n; l++) {
            r2z = Nd4j.createUninitialized(type, new long[] {rows, layers.get(l).nOut()}, 'f');
            Nd4j.gemm(ra[l - 1], layers.get(l).weightsIn(v), r2z, false, false, 2.0, 0.0);
            if (l > 1) {
                Nd4j.gemm(r2a, weights[l], r2z, false, false, 1.0, 1.0);
            }
            if (l < n - 1) {
                r2a = r2z.mul(slopes[l]);
            }
        }
        INDArray d = rz.mul(outDeltas).sum(1);
        INDArray q = outputHessianTimes(rz.dup('f'), probabilities).muli(rz).sum(1).addi(r2z.muli(outDeltas).sum(1));
        return new double[][] {d.castTo(DataType.DOUBLE).toDoubleVector(), q.castTo(DataType.DOUBLE).toDoubleVector()};
    }

    /**
     * The first-order forward pass along {@code v}: {@code R a_l} for the hidden layers (element {@code l}) and
     * {@code R z_out} (the last element), each a new rows x width array.
     */
    private INDArray[] directional(INDArray v) {
        return directional(v, weights, inputs, slopes);
    }

    private INDArray[] directional(INDArray v, INDArray[] weights, INDArray[] inputs, INDArray[] slopes) {
        int n = layers.size();
        INDArray[] out = new INDArray[n];
        for (int l = 0; l < n; l++) {
            DenseLayerSpec s = layers.get(l);
            INDArray rz = Nd4j.createUninitialized(v.dataType(), new long[] {rows, s.nOut()}, 'f');
            Nd4j.gemm(inputs[l], s.weightsIn(v), rz, false, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(out[l - 1], weights[l], rz, false, false, 1.0, 1.0);
            }
            rz.addiRowVector(s.biasIn(v));
            out[l] = l < n - 1 ? rz.muli(slopes[l]) : rz;
        }
        return out;
    }

    /** {@code H_L,i r_i} for every example's row {@code r_i} of {@code r} (overwritten). */
    private INDArray outputHessianTimes(INDArray r) {
        return outputHessianTimes(r, p);
    }

    /** As {@link #outputHessianTimes(INDArray)} with the output activations {@code p} given (in {@code r}'s type). */
    private INDArray outputHessianTimes(INDArray r, INDArray p) {
        switch (output) {
            case SOFTMAX_CROSS_ENTROPY: {
                INDArray pr = r.muli(p);
                INDArray dot = pr.sum(1).reshape(rows, 1);
                return pr.subi(p.mulColumnVector(dot));
            }
            case IDENTITY_MSE:
                return r.muli(2.0 / p.size(1));
            default:
                return r.muli(p).muli(p.rsub(1.0));
        }
    }
}
