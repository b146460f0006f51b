package org.sgdobservatory.listener.adapter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The single adapter over Deeplearning4j's two network types, {@link MultiLayerNetwork} and
 * {@link ComputationGraph}; no other class of the listener checks the type.
 *
 * <p>Life cycle: create with {@link #of(Model)} once the network is initialised (the listener does it in
 * its first callback, when DL4J has already created the updater). The parameter blocks are read from the
 * updater's {@code UpdaterBlock}s (docs/dl4j-behaviour.md#updater-state-layout), so their offsets are exactly the ones
 * DL4J updates. Views returned here alias the network's memory: read them, never write them; probes run on a
 * {@link DoublePrecisionCopy} instead.
 *
 * <p>Not thread-safe; use from the training thread (listener callbacks) only.
 */
public final class NetworkAdapter {

    private final Model model;
    private final MultiLayerNetwork mln;
    private final ComputationGraph graph;
    private final ParameterLayout layout;

    private NetworkAdapter(Model model) {
        this.model = model;
        this.mln = model instanceof MultiLayerNetwork m ? m : null;
        this.graph = model instanceof ComputationGraph g ? g : null;
        this.layout = ParameterLayout.read(updater(), mln != null);
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
        return layout.blocks();
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
        return layout.learningRate(block, iteration, epoch);
    }

    /** L1/L2/weight decay of a block at an iteration and epoch (schedules applied). */
    public RegularizationSpec regularization(ParameterBlock block, int iteration, int epoch) {
        return layout.regularization(block, iteration, epoch);
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

    /**
     * The network's inputs and outputs in words, e.g. {@code 2 inputs (a, b) and 2 outputs (o1, o2)}: what a finding
     * names when probes need exactly one of each.
     */
    public String inputsAndOutputs() {
        if (mln != null) {
            return "1 input and 1 output";
        }
        List<String> in = graph.getConfiguration().getNetworkInputs();
        List<String> out = graph.getConfiguration().getNetworkOutputs();
        return in.size() + (in.size() == 1 ? " input (" : " inputs (") + String.join(", ", in) + ") and " + out.size()
                + (out.size() == 1 ? " output (" : " outputs (") + String.join(", ", out) + ")";
    }

    /**
     * The simple class name of the DL4J configuration of the layer a parameter block belongs to, e.g.
     * {@code BatchNormalization}; for a frozen layer DL4J's runtime wrapper, {@code FrozenLayer} or
     * {@code FrozenLayerWithBackprop}; {@code ?} when it cannot be found.
     */
    public String layerType(ParameterBlock block) {
        org.deeplearning4j.nn.api.Layer layer = null;
        if (mln != null) {
            try {
                layer = mln.getLayer(Integer.parseInt(block.layerName()));
            } catch (RuntimeException e) {
                layer = null;
            }
        } else {
            layer = graph.getLayer(block.layerName());
        }
        if (layer == null) {
            return "?";
        }
        // a frozen layer's configuration is the wrapped layer's; the runtime wrapper says it is frozen
        return layer.getClass().getSimpleName().startsWith("Frozen") ? layer.getClass().getSimpleName()
                : layer.conf().getLayer().getClass().getSimpleName();
    }

    /** The layer a parameter block belongs to, in words: {@code layer 1 (BatchNormalization)}. */
    public String layerDescription(ParameterBlock block) {
        return "layer " + block.layerName() + " (" + layerType(block) + ")";
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
     * The network as a {@link DenseStack} when it is one ({@link NetworkShape#denseStack} gives the eligibility
     * rules); empty for everything else, including every {@link ComputationGraph}: probes then use DL4J's own passes.
     */
    public Optional<DenseStack> denseStack() {
        return mln == null ? Optional.empty() : NetworkShape.denseStack(mln, layout.blocks());
    }

    /** The listeners attached to the network, in order (a copy of DL4J's collection). */
    public List<org.deeplearning4j.optimize.api.TrainingListener> listeners() {
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> ls = mln != null ? mln.getListeners()
                : graph.getListeners();
        return ls == null ? List.of() : List.copyOf(ls);
    }

    /**
     * The network's single output layer's activation-and-loss pair when it is one whose loss Hessian has a simple
     * factor ({@link OutputLoss}); empty for several outputs or any other pair.
     */
    public Optional<OutputLoss> outputLoss() {
        return NetworkShape.outputLoss(mln, graph);
    }

    /** Whether the network's Hessian diagonal equals its Gauss-Newton diagonal ({@link NetworkShape#gaussNewtonIsHessian}). */
    public boolean gaussNewtonIsHessian() {
        return NetworkShape.gaussNewtonIsHessian(mln, graph);
    }

    /**
     * Whether DL4J writes the parameters between iterations: a layer has constraints, which it applies after the
     * listeners' {@code iterationDone} ({@link NetworkShape#constrained}).
     */
    public boolean constrained() {
        return NetworkShape.constrained(mln, graph);
    }

    /** The score DL4J computed in the last gradient call (mean loss plus DL4J's own regularisation score). */
    public double score() {
        return model.score();
    }

    @Override
    public String toString() {
        return "NetworkAdapter[" + networkType() + ", " + numParams() + " params, " + layout.blocks().size() + " blocks]";
    }
}
