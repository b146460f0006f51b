package org.sgdobservatory.listener.adapter;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An independent double-precision copy of the training network for probes
 * (docs/dl4j-behaviour.md#double-precision-probe-copy), and the passes the probes run on it: set its parameters,
 * compute a gradient, a score, an output or per-example losses. Nothing done to it reaches the training network;
 * read its parameter layout and shape through {@link #network()}.
 *
 * <p>Not thread-safe; use from one thread.
 */
public final class DoublePrecisionCopy {

    private final NetworkAdapter network;
    /** The copy when it is a {@link MultiLayerNetwork}, else null. */
    private final MultiLayerNetwork mln;
    /** The copy when it is a {@link ComputationGraph}, else null. */
    private final ComputationGraph graph;

    private DoublePrecisionCopy(Model copy) {
        this.network = NetworkAdapter.of(copy);
        this.mln = copy instanceof MultiLayerNetwork m ? m : null;
        this.graph = copy instanceof ComputationGraph g ? g : null;
    }

    /**
     * Copies a training network in DOUBLE ({@link IndependentCopy}). It has no listeners and no updater state (the
     * probes never step it).
     *
     * @param training the training network's adapter
     * @throws IllegalStateException when the copy is not independent of the training network
     */
    public static DoublePrecisionCopy of(NetworkAdapter training) {
        return new DoublePrecisionCopy(IndependentCopy.of(training, DataType.DOUBLE));
    }

    /** The adapter over the copy: its parameter blocks, parameters, shape and listeners. */
    public NetworkAdapter network() {
        return network;
    }

    /** Overwrites the copy's parameters. */
    public void setParams(INDArray flatParams) {
        network.model().setParams(flatParams);
    }

    /**
     * Computes the gradient of the score on one minibatch and returns the flattened gradient view, which
     * holds the <em>sum</em> over the minibatch without regularisation
     * (docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum). The returned view is overwritten by the next call.
     *
     * @param features minibatch features, {@code B x ...}
     * @param labels minibatch labels, {@code B x nOut}
     * @return the gradient view, length {@code numParams}
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
        return network.gradientView();
    }

    /**
     * The score of the layers from the one holding flattened parameter {@code index} on, for a
     * {@link MultiLayerNetwork} copy whose parameter is past its first layer; empty otherwise.
     */
    public java.util.Optional<TailScores> tailHolding(long index) {
        return mln != null ? TailScores.holding(mln, index) : java.util.Optional.empty();
    }

    /**
     * The scores from the pre-activations of the hidden dense or convolution layer holding flattened parameter
     * {@code index}, for a {@link MultiLayerNetwork} copy; empty otherwise.
     */
    public java.util.Optional<LinearLayerScores> linearHolding(long index) {
        return mln != null ? LinearLayerScores.holding(mln, index) : java.util.Optional.empty();
    }

    /**
     * DL4J's score on one minibatch in training mode (mean loss plus its regularisation score, as training computes
     * it) by a forward pass only.
     */
    public double scoreOf(INDArray features, INDArray labels) {
        DataSet ds = new DataSet(features, labels);
        return mln != null ? mln.score(ds, true) : graph.score(ds, true);
    }

    /** The copy's output on {@code features} in inference mode (no dropout). */
    public INDArray output(INDArray features) {
        return mln != null ? mln.output(features, false) : graph.outputSingle(false, features);
    }

    /**
     * Whether a training-mode pass makes one example's output depend on the other examples of its minibatch: a
     * {@code BatchNormalization} layer normalises with the minibatch's own mean and variance; with {@code miniBatch(false)}
     * the score sums the examples' losses instead of averaging them. Otherwise the score of a
     * minibatch is the mean of its examples' losses plus the regularisation score, whatever the minibatch.
     */
    public boolean examplesInteract() {
        List<org.deeplearning4j.nn.api.Layer> layers = mln != null ? List.of(mln.getLayers())
                : List.of(graph.getLayers());
        // miniBatch(false) makes the score a sum over the rows, not a mean: no group of rows stands for the others
        return layers.stream().anyMatch(l -> !l.conf().isMiniBatch() || l.conf().getLayer()
                instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization);
    }

    /**
     * DL4J's per-example losses on one minibatch, without regularisation ({@code scoreExamples}, whose forward pass
     * runs in inference mode).
     *
     * @return one loss per example
     */
    public double[] exampleLosses(INDArray features, INDArray labels) {
        DataSet ds = new DataSet(features, labels);
        INDArray scores = mln != null ? mln.scoreExamples(ds, false) : graph.scoreExamples(ds, false);
        return scores.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * About how many multiply-adds one example's forward pass takes: each layer's parameters times the positions its
     * output repeats them over (a dense layer's weights once, a convolution's once per output pixel, a recurrent
     * layer's once per time step), read from one forward pass of the first example of {@code features}. A
     * parameterless layer counts one per output element. Used to budget repeated forward passes.
     *
     * @param features a minibatch of features (the first example is used)
     * @return multiply-adds per example, at least the parameter count
     */
    public double multiplyAddsPerExample(INDArray features) {
        INDArrayIndex[] first = new INDArrayIndex[features.rank()];
        first[0] = NDArrayIndex.interval(0, 1);
        for (int d = 1; d < first.length; d++) {
            first[d] = NDArrayIndex.all();
        }
        INDArray one = features.get(first).castTo(DataType.DOUBLE);
        double work = 0;
        if (mln != null) {
            List<INDArray> activations = mln.feedForward(one, false);
            for (int i = 0; i < mln.getnLayers(); i++) {
                work += layerWork(mln.getLayer(i), activations.get(i + 1));
            }
        } else {
            Map<String, INDArray> activations = graph.feedForward(one, false);
            for (Layer layer : graph.getLayers()) {
                INDArray out = activations.get(layer.conf().getLayer().getLayerName());
                work += out == null ? layer.numParams() : layerWork(layer, out);
            }
        }
        return Math.max(work, network.numParams());
    }

    /** One layer's multiply-adds for one example whose output is {@code out}. */
    private static double layerWork(Layer layer, INDArray out) {
        long params = layer.numParams();
        if (params == 0) {
            return out.length();
        }
        long nOut = layer.conf().getLayer() instanceof FeedForwardLayer ff ? ff.getNOut() : 0;
        return nOut > 0 && out.length() > nOut ? (double) params * out.length() / nOut : params;
    }

    @Override
    public String toString() {
        return "DoublePrecisionCopy[" + network + "]";
    }
}
