package org.sgdobservatory.examples.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.util.NetworkUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sgdobservatory.examples.network.OptimizerSettings;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;

/**
 * A network saved with DL4J's {@code ModelSerializer} ({@code MultiLayerNetwork} or {@code ComputationGraph}, told
 * apart by its {@code configuration.json}), restored with its updater state, and what {@code attach} needs to know
 * about it: its input and output widths, its updater (kept, given a new learning rate, or replaced by another
 * optimizer, which starts with a fresh state) and its L2 coefficient. Not thread-safe.
 */
public final class SavedModel {

    /** The two network types DL4J saves. */
    public enum Kind {
        /** {@code MultiLayerNetwork}. */
        MULTI_LAYER_NETWORK("MultiLayerNetwork"),
        /** {@code ComputationGraph}. */
        COMPUTATION_GRAPH("ComputationGraph");

        private final String className;

        Kind(String className) {
            this.className = className;
        }

        /** DL4J's class name. */
        public String className() {
            return className;
        }
    }

    private static final String HOW_TO_SAVE = "save the network with DL4J's ModelSerializer.writeModel(net, file, true)";

    private final Path file;
    private final Kind kind;
    private Model network;
    private Optional<OptimizerSettings> replacedBy = Optional.empty();

    private SavedModel(Path file, Kind kind, Model network) {
        this.file = file;
        this.kind = kind;
        this.network = network;
    }

    /**
     * Restores the network in {@code file}, updater state included.
     *
     * @throws IOException one line naming the file and what to do, when it is missing, a directory, not a zip file,
     *     a zip without a DL4J configuration, or a configuration DL4J cannot restore
     */
    public static SavedModel load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("model '" + file + "' is a directory; give the .zip file; " + HOW_TO_SAVE);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file '" + file + "' does not exist; " + HOW_TO_SAVE);
        }
        Kind kind = kindOf(file, configuration(file));
        Model net;
        try {
            net = kind == Kind.MULTI_LAYER_NETWORK ? ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true)
                    : ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException("model '" + file + "' holds a " + kind.className() + " that DL4J could not restore ("
                    + firstLine(e) + "); was it saved by another DL4J version?", e);
        }
        return new SavedModel(file, kind, net);
    }

    private static String configuration(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null || zip.getEntry(ModelSerializer.COEFFICIENTS_BIN) == null) {
                throw new IOException("model '" + file + "' is a zip file but not a DL4J model (no "
                        + (entry == null ? ModelSerializer.CONFIGURATION_JSON : ModelSerializer.COEFFICIENTS_BIN)
                        + " in it); " + HOW_TO_SAVE);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ZipException e) {
            throw new IOException("model '" + file + "' is not a zip file, so not a model saved by DL4J; "
                    + HOW_TO_SAVE, e);
        }
    }

    private static Kind kindOf(Path file, String json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            root = null;
        }
        if (root != null && root.has("vertices") && root.has("networkInputs")) {
            return Kind.COMPUTATION_GRAPH;
        }
        if (root != null && root.has("confs")) {
            return Kind.MULTI_LAYER_NETWORK;
        }
        throw new IOException("model '" + file + "' is a zip file but its " + ModelSerializer.CONFIGURATION_JSON
                + " is neither a MultiLayerNetwork's nor a ComputationGraph's; " + HOW_TO_SAVE);
    }

    /** The file it was restored from. */
    public Path file() {
        return file;
    }

    /** MultiLayerNetwork or ComputationGraph. */
    public Kind kind() {
        return kind;
    }

    /** The network (a new instance after {@link #replaceUpdater}). */
    public Model network() {
        return network;
    }

    /** Input arrays and output arrays of the network: 1 and 1 for a MultiLayerNetwork. */
    public int[] inputsAndOutputs() {
        if (network instanceof ComputationGraph g) {
            ComputationGraphConfiguration c = g.getConfiguration();
            return new int[] {c.getNetworkInputs().size(), c.getNetworkOutputs().size()};
        }
        return new int[] {1, 1};
    }

    /**
     * Features per example the network takes, when its configuration says: the first layer's {@code nIn}, or
     * {@code height x width x channels} of a flat-image preprocessor in front of it. Empty when it does not say.
     */
    public OptionalLong inputWidth() {
        if (network instanceof MultiLayerNetwork m) {
            MultiLayerConfiguration c = m.getLayerWiseConfigurations();
            return width(c.getInputPreProcess(0), c.getConf(0).getLayer());
        }
        ComputationGraphConfiguration c = ((ComputationGraph) network).getConfiguration();
        String input = c.getNetworkInputs().get(0);
        for (Map.Entry<String, List<String>> e : c.getVertexInputs().entrySet()) {
            if (e.getValue().contains(input) && c.getVertices().get(e.getKey()) instanceof LayerVertex v) {
                return width(v.getPreProcessor(), v.getLayerConf().getLayer());
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong width(InputPreProcessor pre, Layer first) {
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            return OptionalLong.of(p.getInputHeight() * p.getInputWidth() * p.getNumChannels());
        }
        if (pre == null && first instanceof FeedForwardLayer f && f.getNIn() > 0) {
            return OptionalLong.of(f.getNIn());
        }
        return OptionalLong.empty();
    }

    /**
     * Outputs per example: the width of the network's output for one row of {@code features} zeros (inference mode).
     *
     * @throws IOException with DL4J's reason in one line when the network does not take rows of that width
     */
    public long outputWidth(int features) throws IOException {
        INDArray row = Nd4j.zeros(network.params().dataType(), 1, features);
        try {
            INDArray out = network instanceof ComputationGraph g ? g.outputSingle(false, row)
                    : ((MultiLayerNetwork) network).output(row, false);
            return out.rank() == 2 ? out.size(1) : out.length();
        } catch (RuntimeException e) {
            throw new IOException("the network in '" + file + "' does not take rows of " + features + " features ("
                    + firstLine(e) + "); give the CSV it was trained on", e);
        }
    }

    /** Sets the learning rate of the saved updater of every layer (its state and type are kept). */
    public void setLearningRate(double learningRate) {
        if (network instanceof MultiLayerNetwork m) {
            NetworkUtils.setLearningRate(m, learningRate);
        } else {
            NetworkUtils.setLearningRate((ComputationGraph) network, learningRate);
        }
    }

    /**
     * Replaces the updater of every layer by {@code optimizer}'s: rebuilds the network from its configuration with the
     * new updater and the restored parameters; the new updater starts with a fresh state.
     */
    public void replaceUpdater(OptimizerSettings optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        IUpdater updater = optimizer.updater();
        if (network instanceof MultiLayerNetwork m) {
            MultiLayerConfiguration c = m.getLayerWiseConfigurations().clone();
            c.getConfs().forEach(conf -> setUpdater(conf.getLayer(), updater));
            MultiLayerNetwork fresh = new MultiLayerNetwork(c);
            fresh.init(m.params().dup(), false);
            network = fresh;
        } else {
            ComputationGraph g = (ComputationGraph) network;
            ComputationGraphConfiguration c = g.getConfiguration().clone();
            c.getVertices().values().forEach(v -> {
                if (v instanceof LayerVertex lv) {
                    setUpdater(lv.getLayerConf().getLayer(), updater);
                }
            });
            ComputationGraph fresh = new ComputationGraph(c);
            fresh.init(g.params().dup(), false);
            network = fresh;
        }
        replacedBy = Optional.of(optimizer);
    }

    private static void setUpdater(Layer layer, IUpdater updater) {
        if (layer instanceof BaseLayer b) {
            b.setIUpdater(updater.clone());
            b.setBiasUpdater(null);
        }
    }

    /** The optimizer that replaced the saved updater, if one did. */
    public Optional<OptimizerSettings> replacedBy() {
        return replacedBy;
    }

    /**
     * The updater now in force, as the listener reads it: its class name and hyperparameters by the report's names
     * ({@code learningRate}, {@code rmsDecay}, {@code epsilon}, {@code momentum}, ...), from the first parameter
     * block (layers with different updaters are possible; the listener's report has each block's).
     */
    public Updater updater() {
        NetworkAdapter adapter = NetworkAdapter.of(network);
        ParameterBlock first = adapter.blocks().get(0);
        Map<String, Double> hp = new HashMap<>(first.updater().hyperparameters());
        double lr = adapter.learningRate(first, adapter.iterationCount(), adapter.epochCount());
        hp.remove("learningRate");
        double l2 = adapter.blocks().stream().filter(b -> b.paramName().equals("W")).findFirst()
                .map(b -> adapter.regularization(b, adapter.iterationCount(), adapter.epochCount()).l2()).orElse(0.0);
        return new Updater(first.updater().className(), lr, hp, l2);
    }

    /**
     * The updater in force.
     *
     * @param className DL4J's {@code IUpdater} class, e.g. {@code Sgd}
     * @param learningRate its learning rate now (NaN when it has none)
     * @param hyperparameters its other hyperparameters by the report's names
     * @param l2 the L2 coefficient on the weights of the first weighted layer (0 for none)
     */
    public record Updater(String className, double learningRate, Map<String, Double> hyperparameters, double l2) {
        /** Copies. */
        public Updater {
            hyperparameters = Map.copyOf(hyperparameters);
        }
    }

    /** The network in one phrase, e.g. {@code MultiLayerNetwork, 2 layers, 15 parameters, updater Sgd}. */
    public String describe() {
        int layers = network instanceof MultiLayerNetwork m ? m.getnLayers() : ((ComputationGraph) network).getNumLayers();
        return kind.className() + ", " + layers + (layers == 1 ? " layer, " : " layers, ") + network.numParams()
                + " parameters, updater "
                + updater().className() + (replacedBy.isPresent() ? " (replacing the saved one)" : " (saved)");
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
