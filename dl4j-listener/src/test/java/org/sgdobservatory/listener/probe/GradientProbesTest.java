package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.LinearRegressionFixture;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * Probes include regularisation (docs/dl4j-behaviour.md#l2-and-weight-decay) and reproduce the analytic gradient and
 * Hessian.
 */
class GradientProbesTest {

    @Test
    void meanGradientAndHessianDiagonalIncludeL2() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        double l2 = 0.1;
        MultiLayerNetwork net = fx.mln(new Sgd(0.01), 3, l2);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        DataSet all = fx.dataSet(DataType.DOUBLE);
        MiniBatch batch = new MiniBatch(all.getFeatures(), all.getLabels());
        double[] opt = fx.optimum();
        INDArray theta = Nd4j.createFromArray(opt);
        INDArray g = probes.meanGradient(theta, batch);
        // at the least-squares optimum the data gradient vanishes; what remains is l2 * w (DL4J's .l2() does
        // not regularise the bias). Double precision: agreement to ~1e-12 of the scale.
        for (int i = 0; i < fx.d; i++) {
            assertEquals(l2 * opt[i], g.getDouble(i), 1e-10, "gradient of weight " + i + " is l2 * w at the optimum");
        }
        assertEquals(0.0, g.getDouble(fx.d), 1e-10, "bias gradient: no L2 on the bias");

        double[][] h = fx.hessian();
        long[] all6 = {0, 1, 2, 3, 4, 5};
        double[][] est = probes.hessianDiagonal(theta, batch, 400, 6e-6, 1, all6);
        for (int i = 0; i <= fx.d; i++) {
            double expected = h[i][i] + (i < fx.d ? l2 : 0);
            // 5 standard errors of the Hutchinson mean (its own estimate) plus the central-difference error ~1e-9
            assertEquals(expected, est[i][0], 5 * est[i][1] + 1e-8, "Hutchinson diagonal with L2, parameter " + i);
        }

        // 1-D loss slices through the optimum: DL4J's score with L2 is mean loss + (l2/2)|w|^2, exactly quadratic
        // with curvature H_ii + l2 (weights) and slope l2 w_i; second and first differences at t = +-0.01 recover
        // both up to rounding, 4 n eps |L| / t^2 ~ 3e-9 (n = 1000 summed terms, |L| ~ 0.3)
        double[] t = {-0.01, 0.0, 0.01};
        for (int i = 0; i <= fx.d; i++) {
            double[] dl = probes.lossSlice(theta, batch, i, t);
            assertEquals(0.0, dl[1], 0.0, "zero offset, zero difference");
            double expected = h[i][i] + (i < fx.d ? l2 : 0);
            assertEquals(expected, (dl[0] + dl[2]) / 1e-4, 1e-7, "slice curvature with L2, parameter " + i);
            assertEquals(i < fx.d ? l2 * opt[i] : 0.0, (dl[2] - dl[0]) / 0.02, 1e-7, "slice slope, parameter " + i);
        }
        assertEquals(probes.score(theta, batch), scoreByGradientPass(net, theta, batch), 1e-12,
                "the forward-only score equals the score of DL4J's gradient pass");
    }

    /**
     * The forward pass's multiply-adds per example, counted by hand: a dense layer's parameters once; a convolution's
     * once per output pixel; a pooling layer one per output element. Both network types count the same.
     */
    @Test
    void multiplyAddsPerExampleCountConvolutionsPerOutputPixel() {
        MultiLayerNetwork dense = TestFixtures.independentFeatures().mln(new Sgd(0.01), 3, 0);
        DataSet rows = TestFixtures.independentFeatures().dataSet(DataType.DOUBLE);
        MiniBatch denseBatch = new MiniBatch(rows.getFeatures(), rows.getLabels());
        GradientProbes denseProbes = new GradientProbes(NetworkAdapter.of(dense), 0, 0);
        assertEquals(dense.numParams(), denseProbes.multiplyAddsPerExample(denseBatch), 0.0, "dense: the parameters");

        MultiLayerNetwork cnn = SampledGaussNewtonDiagonalTest.cnn();
        MiniBatch images = SampledGaussNewtonDiagonalTest.data(4, 1);
        // 8x8x1 input: conv 3x3x4 (40 parameters) over 6x6 outputs, max-pool 2x2 to 4x3x3 (36 outputs), dense 36 -> 10
        double expected = 40 * 36 + 36 + 370;
        assertEquals(expected, new GradientProbes(NetworkAdapter.of(cnn), 0, 0).multiplyAddsPerExample(images), 0.0,
                "MultiLayerNetwork CNN");
        assertEquals(expected, new GradientProbes(NetworkAdapter.of(cnn.toComputationGraph()), 0, 0)
                .multiplyAddsPerExample(images), 0.0, "the same CNN as a ComputationGraph");
    }

    private static double scoreByGradientPass(MultiLayerNetwork net, INDArray theta, MiniBatch batch) {
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(NetworkAdapter.of(net));
        copy.setParams(theta.reshape(1, theta.length()));
        copy.gradientSum(batch.features(), batch.labels());
        return copy.network().score();
    }
}
