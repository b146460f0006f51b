package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * The sampled Gauss-Newton diagonal on a small convolutional network (conv 3x3 + ReLU, max pooling, softmax), whose
 * Hessian diagonal is its Gauss-Newton diagonal almost everywhere, against the Hessian diagonal by central differences of DL4J's
 * gradient along unit vectors (the reference), and against Hutchinson's estimate with 32 probes.
 *
 * <p>Expectations: the sampled estimate is unbiased with standard error {@code sd(g~^2)/sqrt(512)}; Hutchinson's
 * per-parameter error is of the order of the off-diagonal mass, comparable to {@code |h|}. So the sampled estimate's
 * median relative error must be at least 5 times smaller, and its errors calibrated: under normality 99.7% of errors
 * fall within 3 standard errors; the mean of squared {@code g~} is skewed (a few examples dominate some
 * parameters), so at least 90% within 3 SE is required over the 60 parameters checked.
 */
class SampledGaussNewtonDiagonalTest {

    private static final int EXAMPLES = 512;

    @Test
    void sampledDiagonalIsCalibratedAndFarBetterThanHutchinson() {
        MultiLayerNetwork net = cnn();
        NetworkAdapter adapter = NetworkAdapter.of(net);
        GradientProbes probes = new GradientProbes(adapter, 0, 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(net.numParams());
        MiniBatch set = data(EXAMPLES, 5);
        assertEquals(CurvatureMethod.SAMPLED_GAUSS_NEWTON, probes.curvatureMethod(set), "a ReLU CNN with softmax");
        Random pick = new Random(7);
        long[] idx = new long[60];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = pick.nextInt((int) net.numParams());
        }
        double[][] sampled = probes.hessianDiagonal(theta, set, 32, 6e-6, 11, idx);
        double[][] hutchinson = probes.hessianDiagonal(theta, set, 32, 6e-6, 11, idx, FiniteDifference.FORWARD);
        double[] errSampled = new double[idx.length];
        double[] errHutchinson = new double[idx.length];
        int within = 0;
        for (int i = 0; i < idx.length; i++) {
            double ref = probes.hessianBlock(theta, set, new long[] {idx[i]}, 6e-6)[0][0];
            errSampled[i] = Math.abs(sampled[i][0] - ref) / Math.abs(ref);
            errHutchinson[i] = Math.abs(hutchinson[i][0] - ref) / Math.abs(ref);
            within += Math.abs(sampled[i][0] - ref) <= 3 * sampled[i][1] + 1e-9 * Math.abs(ref) ? 1 : 0;
        }
        double medSampled = median(errSampled);
        double medHutchinson = median(errHutchinson);
        System.out.printf("CNN curvature: median relative error sampled GN %.3f, Hutchinson-32 %.3f (%.1fx);"
                + " %d of %d within 3 SE%n", medSampled, medHutchinson, medHutchinson / medSampled, within, idx.length);
        assertTrue(medSampled * 5 <= medHutchinson, "sampled " + medSampled + " vs Hutchinson " + medHutchinson);
        assertTrue(within >= 0.9 * idx.length, within + " of " + idx.length + " errors within 3 standard errors");
    }

    static MultiLayerNetwork cnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.05))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MiniBatch data(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][64];
        double[][] y = new double[n][10];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i][rnd.nextInt(10)] = 1;
        }
        return new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
