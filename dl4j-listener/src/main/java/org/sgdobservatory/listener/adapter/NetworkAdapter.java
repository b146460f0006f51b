package org.sgdobservatory.listener.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.updater.VarianceNormalizedSgd;

/**
 * The single adapter over Deeplearning4j's two network types, {@link MultiLayerNetwork} and
 * {@link ComputationGraph}; no other class of the listener checks the type.
 *
 * <p>Life cycle: create with {@link #of(Model)} once the network is initialised (the listener does it in
 * its first callback, when DL4J has already created the updater). The parameter blocks are read from the
 * updater's {@code UpdaterBlock}s (docs/dl4j-behaviour.md#updater-state-layout), so their offsets are exactly the ones
 * DL4J updates. Views returned here alias the network's memory: read them, never write them, except on a probe copy
 * from {@link #doublePrecisionCopy()}.
 *
 * <p>Not thread-safe; use from the training thread (listener callbacks) only.
 */
public final class NetworkAdapter {

    private final Model model;
    private final MultiLayerNetwork mln;
    private final ComputationGraph graph;
    private final List<ParameterBlock> blocks;
    private final Map<String, IUpdater> updaters = new HashMap<>();
    private final Map<String, TrainingConfig> configs = new HashMap<>();

    private NetworkAdapter(Model model) {
        this.model = model;
        this.mln = model instanceof MultiLayerNetwork m ? m : null;
        this.graph = model instanceof ComputationGraph g ? g : null;
        this.blocks = List.copyOf(readBlocks());
    }

    /**
     * Wraps an initialised network.
     *
     * @param model a {@link MultiLayerNetwork} or {@link ComputationGraph} on which {@code init()} was called
     * @throws IllegalArgumentException for any other model type, or a network without trainable parameters
     */
    public static NetworkAdapter of(Model model) {
        Objects.requireNonNull(model, "model");
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, was "
                    + model.getClass().getName() + "; wrap other models yourself or attach the listener to one of those");
        }
        if (model.numParams() <= 0) {
            throw new IllegalArgumentException("the network has no trainable parameters (numParams = "
                    + model.numParams() + "); there is nothing to observe: attach the listener to a network with"
                    + " at least one layer that has parameters");
        }
        return new NetworkAdapter(model);
    }

    private BaseMultiLayerUpdater<?> updater() {
        return mln != null ? (BaseMultiLayerUpdater<?>) mln.getUpdater() : graph.getUpdater();
    }

    private List<ParameterBlock> readBlocks() {
        List<ParameterBlock> out = new ArrayList<>();
        for (UpdaterBlock ub : updater().getUpdaterBlocks()) {
            long paramSpan = (long) ub.getParamOffsetEnd() - ub.getParamOffsetStart();
            long stateSpan = (long) ub.getUpdaterViewOffsetEnd() - ub.getUpdaterViewOffsetStart();
            for (UpdaterBlock.ParamState ps : ub.getLayersAndVariablesInBlock()) {
                Trainable layer = ps.getLayer();
                TrainingConfig conf = layer.getConfig();
                String paramName = ps.getParamName();
                // MultiLayerNetwork's paramTable keys use the layer index ("0_W"), not its name ("layer0").
                String layerName = mln != null && layer instanceof org.deeplearning4j.nn.api.Layer l
                        ? String.valueOf(l.getIndex()) : conf.getLayerName();
                String key = layerName + "_" + paramName;
                IUpdater iu = conf.getUpdaterByParam(paramName);
                UpdaterSpec spec = describe(iu);
                long len = (long) ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                long stateOffset = -1;
                long stateLength = 0;
                long within = (long) ps.getParamOffsetStart() - ub.getParamOffsetStart();
                if (spec.kind() == UpdaterKind.RMSPROP && stateSpan == paramSpan) {
                    // RmsProp: v, one per parameter
                    stateOffset = ub.getUpdaterViewOffsetStart() + within;
                    stateLength = len;
                } else if (spec.kind() == UpdaterKind.VARNORM && stateSpan == 2 * paramSpan) {
                    // VarianceNormalizedSgd: the block's means, then its variances s
                    stateOffset = ub.getUpdaterViewOffsetStart() + paramSpan + within;
                    stateLength = len;
                }
                updaters.put(key, iu);
                configs.put(key, conf);
                out.add(new ParameterBlock(key, layerName, paramName, ps.getParamOffsetStart(), len, spec,
                        stateOffset, stateLength));
            }
        }
        return out;
    }

    private static UpdaterSpec describe(IUpdater iu) {
        String name = iu == null ? "none" : iu.getClass().getSimpleName();
        Map<String, Double> hp = new HashMap<>();
        if (iu != null && iu.hasLearningRate()) {
            hp.put("learningRate", iu.getLearningRate(0, 0));
        }
        if (iu instanceof Sgd) {
            return new UpdaterSpec(UpdaterKind.SGD, name, hp);
        } else if (iu instanceof RmsProp r) {
            hp.put("rmsDecay", r.getRmsDecay());
            hp.put("epsilon", r.getEpsilon());
            return new UpdaterSpec(UpdaterKind.RMSPROP, name, hp);
        } else if (iu instanceof Nesterovs n) {
            hp.put("momentum", n.getMomentum());
            return new UpdaterSpec(UpdaterKind.NESTEROVS, name, hp);
        } else if (iu instanceof VarianceNormalizedSgd v) {
            hp.put("averagingDecay", v.getAveragingDecay());
            hp.put("epsilon", v.getEpsilon());
            return new UpdaterSpec(UpdaterKind.VARNORM, name, hp);
        }
        return new UpdaterSpec(UpdaterKind.UNSUPPORTED, name, hp);
    }

    /** The network type as a short name: {@code MultiLayerNetwork} or {@code ComputationGraph}. */
    public String networkType() {
        return mln != null ? "MultiLayerNetwork" : "ComputationGraph";
    }

    /** The wrapped network (the same object, for identity checks). */
    public Model model() {
        return model;
    }

    /** All parameter blocks in flattened order. */
    public List<ParameterBlock> blocks() {
        return blocks;
    }

    /** Total number of parameters. */
    public long numParams() {
        return model.numParams();
    }

    /** The flattened parameter vector (a live view, row vector of length {@link #numParams()}). */
    public INDArray params() {
        return model.params();
    }

    /**
     * The flattened gradient view. Inside {@code onGradientCalculation} it holds the raw minibatch
     * <em>sum</em> without regularisation (docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum); inside
     * {@code iterationDone} the applied update (docs/dl4j-behaviour.md#the-applied-update-in-iterationdone).
     */
    public INDArray gradientView() {
        return model.getGradientsViewArray();
    }

    /** The updater state view ({@code getStateViewArray()}), empty when the updaters hold no state. */
    public Optional<INDArray> updaterStateView() {
        INDArray v = updater().getStateViewArray();
        return v == null || v.length() == 0 ? Optional.empty() : Optional.of(v);
    }

    /**
     * The per-parameter updater state that normalises the step, for one block (a live view): RmsProp's {@code v}
     * ({@code lr/(sqrt(v) + eps)}) or VarianceNormalizedSgd's {@code s} ({@code lr/(s + eps)}); empty for other
     * updaters.
     */
    public Optional<INDArray> normaliserState(ParameterBlock block) {
        if (block.updaterStateOffset() < 0) {
            return Optional.empty();
        }
        return updaterStateView().map(v -> v.reshape(v.length()).get(NDArrayIndex.interval(
                block.updaterStateOffset(), block.updaterStateOffset() + block.updaterStateLength())));
    }

    /** The learning rate in force for a block at an iteration and epoch (schedules applied), or NaN. */
    public double learningRate(ParameterBlock block, int iteration, int epoch) {
        IUpdater iu = updaters.get(block.key());
        return iu != null && iu.hasLearningRate() ? iu.getLearningRate(iteration, epoch) : Double.NaN;
    }

    /** L1/L2/weight decay of a block at an iteration and epoch (schedules applied). */
    public RegularizationSpec regularization(ParameterBlock block, int iteration, int epoch) {
        List<Regularization> regs = configs.get(block.key()).getRegularizationByParam(block.paramName());
        if (regs == null || regs.isEmpty()) {
            return RegularizationSpec.NONE;
        }
        double l1 = 0;
        double l2 = 0;
        double wd = 0;
        boolean applyLr = true;
        for (Regularization r : regs) {
            if (r instanceof L1Regularization a) {
                l1 += a.getL1().valueAt(iteration, epoch);
            } else if (r instanceof L2Regularization a) {
                l2 += a.getL2().valueAt(iteration, epoch);
            } else if (r instanceof WeightDecay a) {
                wd += a.getCoeff().valueAt(iteration, epoch);
                applyLr = a.isApplyLR();
            }
        }
        return new RegularizationSpec(l1, l2, wd, applyLr);
    }

    /** DL4J's iteration counter (iterations completed so far). */
    public int iterationCount() {
        return mln != null ? mln.getIterationCount() : graph.getIterationCount();
    }

    /** DL4J's epoch counter. */
    public int epochCount() {
        return mln != null ? mln.getEpochCount() : graph.getEpochCount();
    }

    /** The size of the current minibatch (DL4J's {@code batchSize()}: rows of the current input). */
    public int miniBatchSize() {
        return model.batchSize();
    }

    /** The current (first) input array of the network, empty when none is set. */
    public Optional<INDArray> currentFeatures() {
        if (mln != null) {
            return Optional.ofNullable(mln.getInput());
        }
        INDArray[] in = graph.getInputs();
        return in == null || in.length == 0 ? Optional.empty() : Optional.ofNullable(in[0]);
    }

    /** The current labels of the (first) output layer, empty when none are set. */
    public Optional<INDArray> currentLabels() {
        if (mln != null) {
            return Optional.ofNullable(mln.getLabels());
        }
        for (GraphVertex v : graph.getVertices()) {
            if (v.isOutputVertex() && v.hasLayer() && v.getLayer() instanceof IOutputLayer out) {
                return Optional.ofNullable(out.getLabels());
            }
        }
        return Optional.empty();
    }

    /** Whether probes can feed this network: exactly one input and one output array. */
    public boolean singleInputSingleOutput() {
        return mln != null || (graph.getNumInputArrays() == 1 && graph.getNumOutputArrays() == 1);
    }

    /** The network configuration as DL4J's own JSON (for provenance). */
    public String configurationJson() {
        return mln != null ? mln.getLayerWiseConfigurations().toJson() : graph.getConfiguration().toJson();
    }

    /**
     * The network as a {@link DenseStack} when it is one: a {@link MultiLayerNetwork} whose layers are DL4J's
     * {@code DenseLayer}s followed by one {@code OutputLayer} (exactly those classes, so no frozen, centre-loss or
     * other subclass), each with exactly the parameters {@code W} and {@code b} (bias on, no layer norm), no
     * dropout, no weight noise, no random activation ({@code ActivationRReLU}), and no input preprocessor.
     * Empty for everything else, including every {@link ComputationGraph}: probes then use DL4J's own passes.
     */
    public Optional<DenseStack> denseStack() {
        Map<Integer, ?> preprocessors = mln == null ? Map.of() : mln.getLayerWiseConfigurations().getInputPreProcessors();
        if (mln == null || (preprocessors != null && !preprocessors.isEmpty())) {
            return Optional.empty();
        }
        Map<String, ParameterBlock> byKey = new HashMap<>();
        for (ParameterBlock b : blocks) {
            byKey.put(b.key(), b);
        }
        org.deeplearning4j.nn.api.Layer[] layers = mln.getLayers();
        List<DenseLayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            boolean last = i == layers.length - 1;
            Class<?> expected = last ? org.deeplearning4j.nn.layers.OutputLayer.class
                    : org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class;
            if (layers[i].getClass() != expected
                    || !(layers[i].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer c)
                    || c.getIDropout() != null || c.getWeightNoise() != null
                    || c.getActivationFn() == null
                    || c.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationRReLU
                    || (c instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d && d.hasLayerNorm())
                    || !layers[i].paramTable().keySet().equals(java.util.Set.of("W", "b"))) {
                return Optional.empty();
            }
            ParameterBlock w = byKey.get(i + "_W");
            ParameterBlock b = byKey.get(i + "_b");
            if (w == null || b == null || w.length() != c.getNIn() * c.getNOut() || b.length() != c.getNOut()) {
                return Optional.empty();
            }
            specs.add(new DenseLayerSpec(String.valueOf(i), w.offset(), b.offset(), (int) c.getNIn(),
                    (int) c.getNOut(), c.getActivationFn()));
        }
        org.deeplearning4j.nn.conf.layers.BaseOutputLayer out = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                layers[layers.length - 1].conf().getLayer();
        return out.getLossFn() == null ? Optional.empty() : Optional.of(new DenseStack(specs, out.getLossFn()));
    }

    /**
     * An independent double-precision copy for probes: a new network built from a copy of the configuration (data
     * type DOUBLE) and initialised with a DOUBLE copy of the parameters, so that nothing done to it (setting
     * parameters, inputs, computing gradients) reaches the training network. It has no listeners and no updater
     * state (the probes never step it).
     *
     * <p>DL4J's shortcuts are not used on purpose: {@code convertDataType(DOUBLE)} returns the network itself when it
     * is already DOUBLE, and {@code ComputationGraph.clone()} shares the listener collection with the original,
     * so that clearing the copy's listeners would detach them from the training network (both pinned in
     * {@code DoubleNetworkSafetyTest}). The result is checked: a copy that is the same object or shares the
     * parameter buffer is refused.
     *
     * @throws IllegalStateException when the copy is not independent of the training network
     */
    public NetworkAdapter doublePrecisionCopy() {
        INDArray params = model.params().dataType() == DataType.DOUBLE ? model.params().dup()
                : model.params().castTo(DataType.DOUBLE);
        Model copy;
        if (mln != null) {
            org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            conf.setDataType(DataType.DOUBLE);
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init(params, false);
            copy = net;
        } else {
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = graph.getConfiguration().clone();
            conf.setDataType(DataType.DOUBLE);
            ComputationGraph net = new ComputationGraph(conf);
            net.init(params, false);
            copy = net;
        }
        if (copy == model || copy.params().data() == model.params().data()
                || copy.params().dataType() != DataType.DOUBLE) {
            throw new IllegalStateException("the double-precision probe copy of the " + networkType()
                    + " is not independent of the training network (same object or shared parameter buffer, or not"
                    + " DOUBLE); the probes were not run so that the training network stays untouched");
        }
        return new NetworkAdapter(copy);
    }

    /** The listeners attached to the network, in order (a copy of DL4J's collection). */
    public List<org.deeplearning4j.optimize.api.TrainingListener> listeners() {
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> ls = mln != null ? mln.getListeners()
                : graph.getListeners();
        return ls == null ? List.of() : List.copyOf(ls);
    }

    /** Overwrites this network's parameters (use only on a probe copy). */
    public void setParams(INDArray flatParams) {
        model.setParams(flatParams);
    }

    /**
     * Computes the gradient of the score on one minibatch and returns the flattened gradient view, which
     * holds the <em>sum</em> over the minibatch without regularisation
     * (docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum). Use only on a probe
     * copy. The returned view is overwritten by the next call.
     *
     * @param features minibatch features, {@code B x ...}
     * @param labels minibatch labels, {@code B x nOut}
     * @return the gradient view, length {@link #numParams()}
     */
    public INDArray gradientSum(INDArray features, INDArray labels) {
        if (mln != null) {
            mln.setInput(features);
            mln.setLabels(labels);
            mln.computeGradientAndScore();
        } else {
            graph.setInputs(features);
            graph.setLabels(labels);
            graph.computeGradientAndScore();
        }
        return model.getGradientsViewArray();
    }

    /**
     * DL4J's score on one minibatch in training mode (mean loss plus its regularisation score, as training computes
     * it) by a forward pass only. Use only on a probe copy.
     */
    public double scoreOf(INDArray features, INDArray labels) {
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(features, labels);
        return mln != null ? mln.score(ds, true) : graph.score(ds, true);
    }

    /**
     * The network's single output layer's activation-and-loss pair when it is one whose loss Hessian has a simple
     * factor ({@link OutputLoss}); empty for several outputs or any other pair.
     */
    public Optional<OutputLoss> outputLoss() {
        List<org.deeplearning4j.nn.conf.layers.Layer> outputs = new ArrayList<>();
        if (mln != null) {
            outputs.add(mln.getLayers()[mln.getnLayers() - 1].conf().getLayer());
        } else {
            for (GraphVertex v : graph.getVertices()) {
                if (v.isOutputVertex() && v.hasLayer()) {
                    outputs.add(v.getLayer().conf().getLayer());
                }
            }
        }
        if (outputs.size() != 1 || !(outputs.get(0) instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o)) {
            return Optional.empty();
        }
        return OutputLoss.of(o.getActivationFn(), o.getLossFn());
    }

    /**
     * Whether the network's Hessian equals its generalised Gauss-Newton matrix almost everywhere: every layer is a
     * dense, convolution, subsampling (max or average pooling) or output layer, every hidden activation piecewise
     * linear (ReLU, leaky ReLU, identity), no dropout, and the output pair is an {@link OutputLoss}. Then the second
     * derivatives of the network function vanish off the kinks and {@code H = J' H_L J}.
     */
    public boolean gaussNewtonIsHessian() {
        if (outputLoss().isEmpty()) {
            return false;
        }
        List<org.deeplearning4j.nn.api.Layer> layers = new ArrayList<>();
        if (mln != null) {
            layers.addAll(List.of(mln.getLayers()));
        } else {
            for (GraphVertex v : graph.getVertices()) {
                if (v.hasLayer()) {
                    layers.add(v.getLayer());
                } else if (!(v instanceof org.deeplearning4j.nn.graph.vertex.impl.InputVertex)) {
                    return false;
                }
            }
        }
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            org.deeplearning4j.nn.conf.layers.Layer c = l.conf().getLayer();
            if (c.getIDropout() != null) {
                return false;
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer) {
                continue;
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer sub) {
                if (sub.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                        && sub.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.AVG) {
                    return false;
                }
                continue;
            }
            boolean supported = c.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class
                    || c.getClass() == org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class;
            if (!supported || !OutputLoss.piecewiseLinear(((org.deeplearning4j.nn.conf.layers.BaseLayer) c)
                    .getActivationFn())) {
                return false;
            }
        }
        return true;
    }

    /** The network's output on {@code features} in inference mode (no dropout). Use only on a probe copy. */
    public INDArray output(INDArray features) {
        return mln != null ? mln.output(features, false) : graph.outputSingle(false, features);
    }

    /**
     * DL4J's per-example losses on one minibatch, without regularisation, by a forward pass in training mode. Use only
     * on a probe copy.
     *
     * @return one loss per example
     */
    public double[] exampleLosses(INDArray features, INDArray labels) {
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(features, labels);
        INDArray scores = mln != null ? mln.scoreExamples(ds, false) : graph.scoreExamples(ds, false);
        return scores.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** The score DL4J computed in the last gradient call (mean loss plus DL4J's own regularisation score). */
    public double score() {
        return model.score();
    }

    @Override
    public String toString() {
        return "NetworkAdapter[" + networkType() + ", " + numParams() + " params, " + blocks.size() + " blocks]";
    }
}
