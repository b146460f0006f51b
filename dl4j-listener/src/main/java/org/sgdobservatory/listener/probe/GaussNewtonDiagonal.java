package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sgdobservatory.listener.adapter.DenseLayerSpec;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.adapter.OutputLoss;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The exact Hessian diagonal of the mean loss over a probe set of a {@link DenseStack} whose hidden activations are
 * piecewise linear (DL4J's {@code RELU}, {@code LEAKYRELU}, {@code IDENTITY}) and whose output is softmax with
 * {@code MCXENT}/{@code NEGATIVELOGLIKELIHOOD}, identity with {@code MSE}, or sigmoid with {@code XENT}
 * (unweighted). For such a network the second derivatives of the hidden activations vanish almost everywhere and
 * the output is linear in each layer's own parameters, so the Hessian's diagonal equals that of the generalised
 * Gauss-Newton matrix (Schraudolph 2002, "Fast curvature matrix-vector products for second-order gradient
 * descent", Neural Computation 14(7), doi:10.1162/08997660260028683); the matrices themselves differ in their
 * cross-layer blocks ({@link DenseHessianProduct}):
 * <pre>
 *   diag H = diag G,   G = (1/m) sum_i J_i^T H_L,i J_i,      J_i = d z_out / d theta,   H_L,i = d^2 loss_i / d z_out^2 = S_i S_i^T
 * </pre>
 * with the factor {@code S_i} ({@code C x C}) of the output Hessian:
 * <ul>
 *   <li>softmax + cross-entropy: {@code H_L = diag(p) - p p^T}, {@code S[:, c] = sqrt(p_c) (e_c - p)};</li>
 *   <li>identity + MSE: DL4J's per-example loss is {@code sum_k (y_k - z_k)^2 / nOut}
 *       (docs/dl4j-behaviour.md#score-and-mse-normalisation), so
 *       {@code H_L = (2/nOut) I}, {@code S = sqrt(2/nOut) I};</li>
 *   <li>sigmoid + binary cross-entropy: {@code H_L = diag(p (1 - p))}, {@code S = diag(sqrt(p (1 - p)))}.</li>
 * </ul>
 * Back-propagating a seed column {@code S_i[:, c]} in place of the loss gradient gives deltas {@code D_l,c}
 * (hidden: {@code D_l = f'(z_l) * (D_{l+1} W_{l+1}^T)}, {@code f'} a constant slope mask), and
 * <pre>
 *   H[W_l[j][k]] = (1/m) sum_i A_l[i][j]^2 Q_l[i][k],   H[b_l[k]] = (1/m) sum_i Q_l[i][k],
 *   Q_l[i][k] = sum_c D_l,c[i][k]^2
 * </pre>
 * (the BackPACK "DiagGGN" extension: Dangel, Kunstner and Hennig 2020, arXiv:1912.10985): one forward pass,
 * {@code C} backward passes of {@code m} rows carrying only deltas (one GEMM per hidden layer each), and one GEMM
 * {@code (A o A)^T Q_l} per layer. Exact up to rounding wherever no pre-activation sits on a kink ({@code z = 0}
 * for ReLU), where the Hessian is not defined, and, for {@code XENT}, wherever DL4J does not clip {@code p} to
 * {@code [clipEps, 1 - clipEps]} (default 1e-5) in its gradient. No regularisation: the caller adds it.
 * {@code GaussNewtonDiagonalTest} checks it against central differences of DL4J's gradient, which also checks each
 * {@code H_L} against DL4J's loss. Exact for the probe set; as an estimate of the data's diagonal it has the sampling
 * error {@link #standardError} gives.
 *
 * <p>Stateless apart from the network description; not thread-safe (ND4J arrays), though one call shares its
 * classes' backward passes among {@link ProbeThreads}.
 */
final class GaussNewtonDiagonal {


    /** The most groups the classes' backward passes are summed in ({@link #squaredDeltas}). */
    static final int CLASS_GROUPS = 2;

    private final DenseStack stack;
    private final long numParams;
    private final OutputLoss output;
    private final ProbeThreads threads;

    private GaussNewtonDiagonal(DenseStack stack, long numParams, OutputLoss output, ProbeThreads threads) {
        this.stack = stack;
        this.numParams = numParams;
        this.output = output;
        this.threads = threads;
    }

    /**
     * The exact diagonal for this network, or empty when a hidden activation is not piecewise linear or the
     * output activation and loss are not one of the supported pairs (unweighted).
     *
     * @param stack the network's layers
     * @param numParams length of the flattened parameter vector
     * @param threads the threads the classes' backward passes are shared among
     */
    static Optional<GaussNewtonDiagonal> of(DenseStack stack, long numParams, ProbeThreads threads) {
        return stack.exactCurvature().map(kind -> new GaussNewtonDiagonal(stack, numParams, kind, threads));
    }

    /**
     * The Hessian diagonal of the mean loss over the rows of {@code batch} at {@code theta}, without
     * regularisation.
     *
     * @param theta DOUBLE parameters, length numParams (not modified)
     * @param batch 2-D features and labels that fit the network
     * @return a new DOUBLE vector of length numParams
     */
    INDArray diagonal(INDArray theta, MiniBatch batch) {
        return diagonal(DenseBatchGradients.forward(stack, theta.reshape(numParams), batch.features()));
    }

    /**
     * The same diagonal from a forward pass already made (the labels do not enter the Gauss-Newton matrix), which
     * it leaves as it was: the noise probe's backward pass may follow on it ({@link GradientProbes#noiseAndCurvature}).
     *
     * @param f a forward pass of this network at the parameters of interest
     * @return a new DOUBLE vector of length numParams
     */
    INDArray diagonal(DenseBatchGradients.Forward f) {
        return diagonal(f, null);
    }

    /**
     * The diagonal of the mean loss over rows that repeat the rows of {@code f}: row {@code i} counted
     * {@code counts[i]} times ({@link org.sgdobservatory.listener.sample.DistinctExamples#counts}), or once each when
     * {@code counts} is null.
     *
     * @return a new DOUBLE vector of length numParams
     */
    INDArray diagonal(DenseBatchGradients.Forward f, double[] counts) {
        List<DenseLayerSpec> layers = stack.layers();
        INDArray countColumn = countColumn(f, counts);
        INDArray[] squaredDeltas = squaredDeltas(f, countColumn);
        INDArray[] a2 = squaredInputs(f);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, numParams);
        for (int l = 0; l < layers.size(); l++) {
            DenseBatchGradients.putProducts(out, layers.get(l), a2[l], squaredDeltas[l]);
        }
        double total = total(f, countColumn);
        lastSquaredDeltas = squaredDeltas;
        lastCounts = countColumn;
        lastTotal = total;
        return out.divi(total);
    }

    /**
     * The diagonal at the parameters {@code tracked} only, with its standard error, as {@code [estimate, SE]} rows
     * (no regularisation), over rows counted as in {@link #diagonal(DenseBatchGradients.Forward, double[])}: each
     * entry's per-example terms {@code t_i = A_l[i][j]^2 Q_l[i][k]} (weights) or {@code Q_l[i][k]} (biases) come from
     * their columns ({@link PerExampleColumns} over {@code A o A} and {@code Q}) and are summed in plain Java, where
     * {@link #diagonal} and {@link #standardError} make two GEMMs over every parameter of each layer: the same sums
     * in another order, equal to rounding, and cheaper when at most {@code 1/}{@value
     * PerExampleMoments#COLUMNS_FRACTION} of the parameters are tracked (the wide MLP's 32 766 of 1.86 million).
     */
    double[][] trackedRows(DenseBatchGradients.Forward f, double[] counts, long[] tracked) {
        INDArray countColumn = countColumn(f, counts);
        INDArray[] squaredDeltas = squaredDeltas(f, countColumn);
        double rows = total(f, countColumn);
        double[][] out = new double[tracked.length][];
        new PerExampleColumns(stack.layers(), squaredInputs(f), squaredDeltas, f.rows()).forEach(tracked, (t, position) -> {
            double sum = 0;
            double second = 0;
            for (int i = 0; i < t.length; i++) {
                sum += t[i];
                // (c t)^2 / c = c t^2: each distinct row's second moment counted as often as it occurs
                second += counts == null ? t[i] * t[i] : t[i] * t[i] / counts[i];
            }
            double mean = sum / rows;
            double variance = (second / rows - mean * mean) * rows / (rows - 1);
            out[position] = new double[] {mean, rows < 2 ? Double.NaN : Math.sqrt(Math.max(variance, 0) / rows)};
        });
        return out;
    }

    /** The row counts as a column, or null when every row counts once. */
    private static INDArray countColumn(DenseBatchGradients.Forward f, double[] counts) {
        return counts == null ? null : Nd4j.createFromArray(counts).reshape(f.rows(), 1);
    }

    /** The rows the mean is over, counts included. */
    private static double total(DenseBatchGradients.Forward f, INDArray countColumn) {
        return countColumn == null ? f.rows() : countColumn.sumNumber().doubleValue();
    }

    /** Per layer, {@code A_l o A_l}. */
    private static INDArray[] squaredInputs(DenseBatchGradients.Forward f) {
        INDArray[] a2 = new INDArray[f.inputs.length];
        for (int l = 0; l < a2.length; l++) {
            a2[l] = f.inputs[l].mul(f.inputs[l]);
        }
        return a2;
    }

    /**
     * Per layer, {@code Q_l[i][k] = sum_c D_l,c[i][k]^2} (column-major, rows x width), times the row counts when
     * {@code countColumn} is not null. The classes fall into at most {@value #CLASS_GROUPS} groups of consecutive
     * classes, each summed into its own arrays and the groups added in order; the groups are shared among the
     * threads ({@link ProbeThreads}), so the sums are the same however many threads there are.
     */
    private INDArray[] squaredDeltas(DenseBatchGradients.Forward f, INDArray countColumn) {
        List<DenseLayerSpec> layers = stack.layers();
        int n = layers.size();
        // every rows x width array below is column-major, as the GEMMs write their outputs: element-wise operations
        // between arrays of different orders are an order of magnitude slower
        INDArray[] slopes = f.slopes(layers);
        Outputs outputs = new Outputs(
                layers.get(n - 1).activation().getActivation(f.preActivations[n - 1].dup('f'), true));
        int classes = stack.nOut();
        int groups = Math.min(CLASS_GROUPS, classes);
        // per thread, one buffer per layer for the deltas of the current class, and per group one for the running
        // sums of their squares, each made on the thread that uses it: allocating fresh rows x width arrays per class
        // cost more than the arithmetic (first touch of new off-heap memory, ~0.5 ms per MB)
        INDArray[][] sums = new INDArray[groups][];
        threads.run(groups, thread -> {
            INDArray[] deltas = layerArrays(f.rows(), true);
            return g -> {
                sums[g] = layerArrays(f.rows(), false);
                for (int c = g * classes / groups; c < (g + 1) * classes / groups; c++) {
                    backward(c, outputs, f.weights, slopes, deltas);
                    // squared in place once every layer's GEMM has read them
                    for (int l = 0; l < n; l++) {
                        sums[g][l].addi(deltas[l].muli(deltas[l]));
                    }
                }
            };
        });
        for (int g = 1; g < groups; g++) {
            for (int l = 0; l < n; l++) {
                sums[0][l].addi(sums[g][l]);
            }
        }
        if (countColumn != null) {
            for (int l = 0; l < n; l++) {
                sums[0][l].muliColumnVector(countColumn);
            }
        }
        return sums[0];
    }

    /** One rows x width column-major DOUBLE array per layer, zeros unless {@code uninitialised}. */
    private INDArray[] layerArrays(int rows, boolean uninitialised) {
        INDArray[] out = new INDArray[stack.layers().size()];
        for (int l = 0; l < out.length; l++) {
            long[] shape = {rows, stack.layers().get(l).nOut()};
            out[l] = uninitialised ? Nd4j.createUninitialized(DataType.DOUBLE, shape, 'f')
                    : Nd4j.create(DataType.DOUBLE, shape, 'f');
        }
        return out;
    }

    /** Class {@code c}'s seed back-propagated: {@code D_l,c} of every layer into {@code deltas}. */
    private void backward(int c, Outputs outputs, INDArray[] weights, INDArray[] slopes, INDArray[] deltas) {
        int n = deltas.length;
        outputs.seed(c, deltas[n - 1]);
        for (int l = n - 2; l >= 0; l--) {
            Gemm.gemm(deltas[l + 1], weights[l + 1], deltas[l], false, true, 1.0, 0.0);
            deltas[l].muli(slopes[l]);
        }
    }

    /** The per-layer {@code Q_l} of the last {@link #diagonal(DenseBatchGradients.Forward)} call, times the counts. */
    private INDArray[] lastSquaredDeltas;
    /** The counts of the last call as a column, or null. */
    private INDArray lastCounts;
    /** The rows the last call's mean is over, counts included. */
    private double lastTotal;

    /**
     * The standard error of {@link #diagonal(DenseBatchGradients.Forward)} as an estimate of the data's Hessian
     * diagonal from the probe set's {@code m} examples: each entry is a mean over examples of the per-example terms
     * {@code t_i = A_l[i][j]^2 Q_l[i][k]} (weights) or {@code Q_l[i][k]} (biases), so its standard error is
     * {@code sqrt((sum_i t_i^2 / m - mean^2) / (m - 1))}, the second moments by one more GEMM per layer,
     * {@code (A o A o A o A)^T (Q o Q)}. Call right after {@code diagonal(f)} with the same {@code f} and its result.
     *
     * @param f the forward pass {@code diagonal} used
     * @param mean what {@code diagonal(f)} returned
     * @return a new DOUBLE vector of length numParams
     */
    INDArray standardError(DenseBatchGradients.Forward f, INDArray mean) {
        if (lastSquaredDeltas == null) {
            throw new IllegalStateException("call diagonal(f) first");
        }
        List<DenseLayerSpec> layers = stack.layers();
        double rows = lastTotal;
        INDArray second = Nd4j.zeros(DataType.DOUBLE, numParams);
        for (int l = 0; l < layers.size(); l++) {
            INDArray a2 = f.inputs[l].mul(f.inputs[l]);
            // (c Q)^2 / c = c Q^2: each distinct row's second moment counted as often as it occurs
            INDArray q2 = lastSquaredDeltas[l].mul(lastSquaredDeltas[l]);
            if (lastCounts != null) {
                q2.diviColumnVector(lastCounts);
            }
            DenseBatchGradients.putProducts(second, layers.get(l), a2.muli(a2), q2);
        }
        lastSquaredDeltas = null;
        lastCounts = null;
        if (rows < 2) {
            return Nd4j.valueArrayOf(new long[] {numParams}, Double.NaN, DataType.DOUBLE);
        }
        INDArray variance = second.divi(rows).subi(mean.mul(mean)).muli(rows / (rows - 1));
        return Transforms.sqrt(Transforms.max(variance, 0.0, false).divi(rows), false);
    }

    /**
     * The output layer's activations {@code p} (column-major, rows x C) and the square roots every class's seed is
     * made of, computed once: {@code sqrt(p)} for softmax, {@code sqrt(p (1 - p))} for sigmoid (unused for MSE).
     */
    private final class Outputs {
        final INDArray p;
        final INDArray root;

        Outputs(INDArray p) {
            this.p = p;
            this.root = output == OutputLoss.SIGMOID_BINARY_CROSS_ENTROPY ? Transforms.sqrt(p.mul(p.rsub(1.0)), false)
                    : Transforms.sqrt(p, true);
        }

        /** Writes column {@code c} of every example's factor {@code S_i} of the output Hessian into {@code s}. */
        void seed(int c, INDArray s) {
            switch (output) {
                case SOFTMAX_CROSS_ENTROPY: {
                    // S[:, c] = sqrt(p_c) (e_c - p)
                    INDArray rootC = root.getColumn(c);
                    s.assign(p).negi().muliColumnVector(rootC.reshape(rootC.length(), 1));
                    s.getColumn(c).addi(rootC);
                    return;
                }
                case IDENTITY_MSE: {
                    s.assign(0.0);
                    s.getColumn(c).assign(Math.sqrt(2.0 / p.size(1)));
                    return;
                }
                default: {
                    // sigmoid + binary cross-entropy: S = diag(sqrt(p (1 - p)))
                    s.assign(0.0);
                    s.getColumn(c).assign(root.getColumn(c));
                }
            }
        }
    }
}
