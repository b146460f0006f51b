package org.sgdobservatory.listener.adapter;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's training-mode score of a {@link MultiLayerNetwork} that re-runs only its layers from {@code from} on: the
 * activations entering layer {@code from} are computed once ({@link #head}) and reused while only parameters of
 * that layer or later ones change (a loss slice along one parameter). The score is the output layer's mean loss
 * plus {@link MultiLayerNetwork#calcRegularizationScore} over the whole network, as {@code score(DataSet, true)}
 * computes it; the caller compares one score with a full pass before trusting the rest (stochastic layers draw new
 * masks on every pass, and a network DL4J scores in another way would differ). A score's intermediates live in one
 * ND4J workspace reused from score to score (fresh off-heap arrays of a pass's size cost about as much to allocate as
 * the pass itself); only the score leaves it. Not thread-safe.
 */
public final class TailScores {

    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private final MultiLayerNetwork mln;
    private final int from;
    private final LayerWorkspaceMgr inWorkspace = LayerWorkspaceMgr.builder()
            .defaultWorkspace("SGD_OBSERVATORY_TAIL_SCORE", WORKSPACE).build();

    private TailScores(MultiLayerNetwork mln, int from) {
        this.mln = mln;
        this.from = from;
    }

    /**
     * The tail of {@code mln} from the layer holding flattened parameter {@code index}, when that is not the first
     * layer (the first layer's tail is the whole network) and {@link #layerHolding} knows the layer.
     */
    static Optional<TailScores> holding(MultiLayerNetwork mln, long index) {
        OptionalInt layer = layerHolding(mln, index);
        return layer.isPresent() && layer.getAsInt() > 0 ? Optional.of(new TailScores(mln, layer.getAsInt()))
                : Optional.empty();
    }

    /** The tail from layer {@code from} ({@code 1 <= from < nLayers}) of a network {@link #layerHolding} accepts. */
    static TailScores from(MultiLayerNetwork mln, int from) {
        if (from < 1 || from >= mln.getnLayers()) {
            throw new IllegalArgumentException("a tail starts at layer 1 to " + (mln.getnLayers() - 1) + ", not "
                    + from);
        }
        return new TailScores(mln, from);
    }

    /**
     * The layer holding flattened parameter {@code index}, when the last layer is an output layer and the layers'
     * parameter counts add up to the network's (so that the layer holding {@code index} is known); empty otherwise.
     */
    static OptionalInt layerHolding(MultiLayerNetwork mln, long index) {
        Layer[] layers = mln.getLayers();
        if (!(layers[layers.length - 1] instanceof IOutputLayer)) {
            return OptionalInt.empty();
        }
        long[] ends = new long[layers.length];
        long offset = 0;
        for (int l = 0; l < layers.length; l++) {
            offset += layers[l].numParams();
            ends[l] = offset;
        }
        if (offset != mln.numParams()) {
            return OptionalInt.empty();
        }
        for (int l = 0; l < layers.length; l++) {
            if (index < ends[l]) {
                return OptionalInt.of(l);
            }
        }
        return OptionalInt.empty();
    }

    /** The layer the tail starts at. */
    public int from() {
        return from;
    }

    /** The activations entering layer {@link #from} on {@code features}, at the network's current parameters. */
    public INDArray head(INDArray features) {
        return entering(mln, from, features);
    }

    /**
     * The activations entering layer {@code layer} of {@code mln} on {@code features} (before its preprocessor), at
     * the network's current parameters, in training mode: the features themselves for the first layer.
     */
    static INDArray entering(MultiLayerNetwork mln, int layer, INDArray features) {
        if (layer == 0) {
            return features;
        }
        List<INDArray> activations = mln.feedForwardToLayer(layer - 1, features, true);
        return activations.get(layer).detach();
    }

    /**
     * The training-mode score on the examples whose activations entering the tail are {@code head}, at the network's
     * current parameters. The preprocessors get the examples' count from {@code labels} (a recurrent layer's
     * activations reshaped to 2-D have one row per example and time step).
     */
    public double score(INDArray head, INDArray labels) {
        LayerWorkspaceMgr mgr = inWorkspace;
        int rows = (int) labels.size(0);
        Layer[] layers = mln.getLayers();
        try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            INDArray a = head;
            for (int l = from; l < layers.length; l++) {
                InputPreProcessor pre = mln.getLayerWiseConfigurations().getInputPreProcess(l);
                if (pre != null) {
                    a = pre.preProcess(a, rows, mgr);
                }
                if (l < layers.length - 1) {
                    a = layers[l].activate(a, true, mgr);
                }
            }
            IOutputLayer out = (IOutputLayer) layers[layers.length - 1];
            out.setInput(a, mgr);
            out.setLabels(labels);
            return out.computeScore(mln.calcRegularizationScore(true), true, mgr);
        } finally {
            for (int l = from; l < layers.length; l++) {
                layers[l].clear(); // their inputs pointed into the workspace
            }
        }
    }
}
