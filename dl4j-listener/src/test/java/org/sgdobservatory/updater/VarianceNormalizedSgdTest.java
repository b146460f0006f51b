package org.sgdobservatory.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.sim.optim.VarianceNormalized;

/**
 * {@link VarianceNormalizedSgd}: parity with sim-core's {@code VarianceNormalized.estimated} on a fixed gradient
 * sequence, the DL4J JSON round trip, training inside a network, and argument checks.
 */
class VarianceNormalizedSgdTest {

    private static final double LR = 0.01;
    private static final double DECAY = 0.9;
    private static final double EPS = 1e-6;

    @Test
    void matchesSimCoreOnAFixedGradientSequence() {
        int dims = 7;
        VarianceNormalizedSgd config = new VarianceNormalizedSgd(LR, DECAY, EPS);
        INDArray view = Nd4j.create(DataType.DOUBLE, 1, config.stateSize(dims));
        GradientUpdater<?> dl4j = config.instantiate(view, true);
        org.sgdobservatory.sim.optim.GradientUpdater sim = VarianceNormalized.estimated(LR, DECAY, EPS)
                .instantiate(1, dims);
        Random rnd = new Random(7);
        double worst = 0;
        for (int t = 0; t < 300; t++) {
            double[] g = new double[dims];
            for (int i = 0; i < dims; i++) {
                // unequal scales and a drifting mean, as in training
                g[i] = (0.1 + i) * rnd.nextGaussian() + 0.5 * Math.sin(t / 20.0);
            }
            INDArray a = Nd4j.createFromArray(g).reshape(1, dims);
            INDArray b = a.dup();
            dl4j.applyUpdater(a, t, 0);
            sim.applyUpdater(b, t);
            for (int i = 0; i < dims; i++) {
                double x = a.getDouble(0, i);
                double y = b.getDouble(0, i);
                worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
            }
        }
        // the same double-precision operations in a different association order: ~1e-15 relative expected
        assertTrue(worst < 1e-6, "worst relative difference to sim-core over 300 steps: " + worst);
        assertTrue(view.getDouble(0, dims) > 0, "the state lives in DL4J's view array (s of parameter 0 > 0)");
    }

    @Test
    void serialisesInDl4jJsonConfiguration() {
        VarianceNormalizedSgd updater = new VarianceNormalizedSgd(0.003, 0.995, 1e-5);
        MultiLayerConfiguration conf = network(updater);
        String json = conf.toJson();
        assertTrue(json.contains(VarianceNormalizedSgd.class.getName()), "class named in the JSON: " + json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back, "JSON round trip");
        Object restored = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        VarianceNormalizedSgd v = assertInstanceOf(VarianceNormalizedSgd.class, restored, "updater type");
        assertEquals(updater, v, "hyperparameters survive: " + v);
    }

    @Test
    void trainsANetworkAndKeepsItsStateInTheUpdaterView() {
        MultiLayerNetwork net = new MultiLayerNetwork(network(new VarianceNormalizedSgd(1e-4, 0.99, 1e-4)));
        net.init();
        Random rnd = new Random(1);
        double[][] x = new double[64][3];
        double[][] y = new double[64][1];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i][0] = x[i][0] - 0.5 * x[i][1] + 0.1 * rnd.nextGaussian();
        }
        DataSet data = new DataSet(Nd4j.createFromArray(x).castTo(DataType.FLOAT),
                Nd4j.createFromArray(y).castTo(DataType.FLOAT));
        double before = net.score(data);
        for (int i = 0; i < 300; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        assertTrue(Double.isFinite(after) && after < before, "loss falls: " + before + " -> " + after);
        INDArray state = net.getUpdater().getStateViewArray();
        assertEquals(2 * net.numParams(), state.length(), "two state values per parameter");
    }

    @Test
    void rejectsBadHyperparametersNamingThem() {
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> new VarianceNormalizedSgd(0, 0.9, 1e-8));
        assertTrue(lr.getMessage().contains("learningRate"), lr.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> new VarianceNormalizedSgd(0.1, 1.0, 1e-8));
        assertTrue(decay.getMessage().contains("averagingDecay"), decay.getMessage());
        IllegalArgumentException eps = assertThrows(IllegalArgumentException.class,
                () -> new VarianceNormalizedSgd(0.1, 0.9, Double.NaN));
        assertTrue(eps.getMessage().contains("epsilon"), eps.getMessage());
    }

    private static MultiLayerConfiguration network(VarianceNormalizedSgd updater) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(updater).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
    }
}
