package org.sgdobservatory.listener;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Shared synthetic data and a small network for the listener's tests (no downloads, fixed seeds). */
public final class TestFixtures {

    private TestFixtures() {
    }

    /** Five nearly independent Gaussian features of different scales, n = 1000, label noise 0.5. */
    public static LinearRegressionFixture independentFeatures() {
        return new LinearRegressionFixture(1000, 5, new double[] {1.0, 0.8, 1.3, 0.6, 1.1}, 0.5, 42);
    }

    /** The first {@code rows} examples of a data set. */
    public static DataSet firstRows(DataSet ds, int rows) {
        return new DataSet(ds.getFeatures().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()),
                ds.getLabels().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()));
    }

    /**
     * A d-8-1 FLOAT MLP for {@link #independentFeatures()}, initialised with seed 11: a dense hidden layer with
     * {@code hidden}, an identity output under MSE, SGD at 0.05.
     */
    public static MultiLayerNetwork smallMlp(Activation hidden) {
        int d = independentFeatures().d;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(d).nOut(8).activation(hidden).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }
}
