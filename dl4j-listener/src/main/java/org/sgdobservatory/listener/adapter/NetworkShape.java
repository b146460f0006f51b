package org.sgdobservatory.listener.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a network's layer configuration allows the probes to exploit: a chain of dense layers
 * ({@link DenseStack}), an output pair with a simple loss Hessian ({@link OutputLoss}), a Hessian equal to its
 * Gauss-Newton matrix. Read from DL4J's configuration classes; {@code mln} or {@code graph} is null. Stateless.
 */
final class NetworkShape {

    private NetworkShape() {
    }

    /**
     * The network as a {@link DenseStack} when it is one: a {@link MultiLayerNetwork} whose layers are DL4J's
     * {@code DenseLayer}s followed by one {@code OutputLayer} (exactly those classes, so no frozen, centre-loss or
     * other subclass), each with exactly the parameters {@code W} and {@code b} (bias on, no layer norm), no
     * dropout, no weight noise, no random activation ({@code ActivationRReLU}), and no input preprocessor.
     * Empty for everything else.
     */
    static Optional<DenseStack> denseStack(MultiLayerNetwork mln, List<ParameterBlock> blocks) {
        Map<Integer, ?> preprocessors = mln.getLayerWiseConfigurations().getInputPreProcessors();
        if (preprocessors != null && !preprocessors.isEmpty()) {
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
     * The network's single output layer's activation-and-loss pair when it is one whose loss Hessian has a simple
     * factor ({@link OutputLoss}); empty for several outputs or any other pair.
     */
    static Optional<OutputLoss> outputLoss(MultiLayerNetwork mln, ComputationGraph graph) {
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
     * Whether any layer has weight, bias or parameter constraints, which DL4J applies to the parameters after the
     * listeners' {@code iterationDone}, before the next iteration; a {@code Bidirectional} wrapper's are its two
     * layers'. (A frozen layer's count too, though DL4J leaves it alone: it only costs keeping reads.)
     */
    static boolean constrained(MultiLayerNetwork mln, ComputationGraph graph) {
        org.deeplearning4j.nn.api.Layer[] layers = mln != null ? mln.getLayers() : graph.getLayers();
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            if (constrained(l.conf().getLayer())) {
                return true;
            }
        }
        return false;
    }

    private static boolean constrained(org.deeplearning4j.nn.conf.layers.Layer c) {
        if (c instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b) {
            return constrained(b.getFwd()) || constrained(b.getBwd());
        }
        java.util.List<?> constraints = c.getConstraints();
        return constraints != null && !constraints.isEmpty();
    }

    /**
     * Whether the network's Hessian diagonal equals its generalised Gauss-Newton diagonal almost everywhere: every layer is a
     * dense, convolution, subsampling (max or average pooling) or output layer, every hidden activation piecewise
     * linear (ReLU, leaky ReLU, identity), no dropout, and the output pair is an {@link OutputLoss}. Then the second
     * derivatives of the network function in each layer's own parameters vanish off the kinks and
     * {@code diag H = diag(J' H_L J)} (the cross-layer blocks differ).
     */
    static boolean gaussNewtonIsHessian(MultiLayerNetwork mln, ComputationGraph graph) {
        if (outputLoss(mln, graph).isEmpty()) {
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
}
