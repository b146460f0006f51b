package org.sgdobservatory.listener.adapter;

import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network independent of the training network: a new network built from a copy of the configuration, in a given
 * data type, initialised with a copy of the parameters in that type. It has no listeners and no updater state.
 * {@link #of} is for use on the training thread; {@link #detached} for use on another thread while the network trains.
 *
 * <p>DL4J's shortcuts are not used on purpose: {@code convertDataType(DOUBLE)} returns the network itself when it is
 * already DOUBLE, and {@code ComputationGraph.clone()} shares the listener collection with the original, so that
 * clearing the copy's listeners would detach them from the training network (both pinned in
 * {@code DoubleNetworkSafetyTest}). The result is checked: a copy that is the same object, shares the parameter buffer
 * or is not of the type asked for is refused. Stateless.
 */
public final class IndependentCopy {

    private IndependentCopy() {
    }

    /**
     * The copy, for use on the thread that trains the network; read on that thread, which must not be stepping the
     * network meanwhile. The configuration is cloned as DL4J clones it: the layers' activation functions, the dropout
     * of layers without parameters and the layers inside wrappers stay shared with the training network, which is
     * harmless as long as the two are never used at the same time.
     *
     * @param training the training network's adapter
     * @param type the copy's data type (its configuration's and its parameters')
     * @throws IllegalStateException when the copy is not independent of the training network
     */
    public static Model of(NetworkAdapter training, DataType type) {
        Model model = Objects.requireNonNull(training, "training").model();
        return checked(training, type, model instanceof MultiLayerNetwork mln
                ? mln.getLayerWiseConfigurations().clone() : ((ComputationGraph) model).getConfiguration().clone());
    }

    /**
     * A copy that shares no configuration object with the training network either, for use on another thread while
     * the network trains: its configuration is rebuilt from the training network's JSON, so that the activation
     * functions (RReLU keeps its random slopes between the forward and the backward pass), dropout masks and wrapped
     * layers are the copy's own. Read on the training thread, which must not be stepping the network meanwhile.
     *
     * @param training the training network's adapter
     * @param type the copy's data type
     * @throws IllegalStateException when the copy is not independent of the training network
     * @throws RuntimeException when the configuration does not survive its JSON form (a custom layer without it)
     */
    public static Model detached(NetworkAdapter training, DataType type) {
        Model model = Objects.requireNonNull(training, "training").model();
        return checked(training, type, model instanceof MultiLayerNetwork mln
                ? MultiLayerConfiguration.fromJson(mln.getLayerWiseConfigurations().toJson())
                : ComputationGraphConfiguration.fromJson(((ComputationGraph) model).getConfiguration().toJson()));
    }

    /** A network of {@code conf} (a copy of the training network's, not shared) in {@code type}, checked. */
    private static Model checked(NetworkAdapter training, DataType type, Object conf) {
        Model model = training.model();
        INDArray params = model.params().dataType() == type ? model.params().dup() : model.params().castTo(type);
        Model copy;
        if (conf instanceof MultiLayerConfiguration c) {
            c.setDataType(type);
            MultiLayerNetwork net = new MultiLayerNetwork(c);
            net.init(params, false);
            copy = net;
        } else {
            ComputationGraphConfiguration c = (ComputationGraphConfiguration) conf;
            c.setDataType(type);
            ComputationGraph net = new ComputationGraph(c);
            net.init(params, false);
            copy = net;
        }
        if (copy == model || copy.params().data() == model.params().data() || copy.params().dataType() != type) {
            throw new IllegalStateException("the " + type + " copy of the " + training.networkType()
                    + " is not independent of the training network (same object or shared parameter buffer, or not "
                    + type + "); it was not used, so that the training network stays untouched");
        }
        return copy;
    }
}
