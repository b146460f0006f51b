package org.sgdobservatory.listener.adapter;

import java.util.Optional;
import java.util.OptionalInt;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's training-mode score of a {@link MultiLayerNetwork} while one parameter of a hidden dense or convolution layer
 * moves, from that layer's pre-activations. They are linear in the layer's own parameters,
 * {@code z(theta + t e) = z(theta) + t dz}, so the pre-activations at two points give those at every point of a loss
 * slice, and each point runs only the layer's activation function and the layers after it ({@link TailScores}):
 * neither the layers before nor the layer's own convolution or matrix product. The pre-activations are what the
 * layer's {@code activate} returns while its activation function is, for that call, the identity (the function is
 * read from the copy's own layer configuration on every call; a call that does not apply it is refused). The caller
 * compares scores with full passes, at a point the interpolation is not made from, before trusting the rest:
 * dropout on the layer's input and weight noise make {@code z} random, layer normalisation makes it non-linear in
 * the weights, and both show there. Not thread-safe.
 */
public final class LinearLayerScores {

    private final MultiLayerNetwork mln;
    private final int layer;
    private final TailScores after;

    private LinearLayerScores(MultiLayerNetwork mln, int layer, TailScores after) {
        this.mln = mln;
        this.layer = layer;
        this.after = after;
    }

    /**
     * The scores for parameter {@code index} when the layer holding it is a dense layer or a 2-D convolution (DL4J's
     * own classes, not subclasses) followed by at least one more layer, of a network {@link TailScores#layerHolding}
     * accepts; empty otherwise.
     */
    static Optional<LinearLayerScores> holding(MultiLayerNetwork mln, long index) {
        OptionalInt found = TailScores.layerHolding(mln, index);
        if (found.isEmpty() || found.getAsInt() >= mln.getnLayers() - 1) {
            return Optional.empty();
        }
        int l = found.getAsInt();
        Layer layer = mln.getLayer(l);
        boolean linear = layer.getClass() == DenseLayer.class || layer.getClass() == ConvolutionLayer.class;
        if (!linear || !(layer.conf().getLayer() instanceof BaseLayer)) {
            return Optional.empty();
        }
        return Optional.of(new LinearLayerScores(mln, l, TailScores.from(mln, l + 1)));
    }

    /** The layer whose pre-activations these are. */
    public int layer() {
        return layer;
    }

    /**
     * The layer's pre-activations on {@code features} at the network's current parameters, as a training-mode pass
     * computes them, in a new C-ordered array.
     *
     * @throws IllegalStateException when the layer's {@code activate} did not apply its configured function
     */
    public INDArray preActivations(INDArray features) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = TailScores.entering(mln, layer, features);
        InputPreProcessor pre = mln.getLayerWiseConfigurations().getInputPreProcess(layer);
        if (pre != null) {
            x = pre.preProcess(x, (int) features.size(0), mgr);
        }
        Layer target = mln.getLayer(layer);
        BaseLayer conf = (BaseLayer) target.conf().getLayer();
        IActivation configured = conf.getActivationFn();
        Identity identity = new Identity();
        conf.setActivationFn(identity);
        try {
            target.setInput(x, mgr);
            INDArray z = target.activate(true, mgr);
            if (!identity.applied) {
                throw new IllegalStateException("layer " + layer + " (" + target.getClass().getSimpleName()
                        + ") did not read its activation function from its configuration");
            }
            // a fresh C-ordered array: element-wise operations between arrays of different layouts (a convolution's
            // output can be a permuted view) take a path an order of magnitude slower
            return z.dup('c');
        } finally {
            conf.setActivationFn(configured);
            target.clear();
        }
    }

    /**
     * The training-mode score at the network's current parameters of the examples whose pre-activations in the layer
     * are {@code preActivations}, which the layer's activation function overwrites.
     */
    public double score(INDArray preActivations, INDArray labels) {
        IActivation function = ((BaseLayer) mln.getLayer(layer).conf().getLayer()).getActivationFn();
        return after.score(function.getActivation(preActivations, true), labels);
    }

    /** The identity, remembering that a pass applied it. */
    private static final class Identity extends ActivationIdentity {
        private boolean applied;

        @Override
        public INDArray getActivation(INDArray in, boolean training) {
            applied = true;
            return super.getActivation(in, training);
        }
    }
}
