package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
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
     * A probe set that repeats examples (as a reservoir drawn over several epochs does) gives the same slices with each
     * distinct example passed once: the slice is DL4J's training-mode score over the rows (mean loss plus L2), and the
     * scores of the groups of equal multiplicity, weighted by their shares of the rows, add up to it. Only rounding
     * separates the two: sums of some 60 losses of order 2.3 (about 1e-14 each) against slice values up to 1e-2, so
     * 1e-12 absolute. On a network with batch normalisation, whose training-mode pass normalises with the batch's own
     * statistics, every row is passed.
     */
    @Test
    void slicesOverRepeatedExamplesPassEachDistinctExampleOnce() {
        MultiLayerNetwork cnn = SampledGaussNewtonDiagonalTest.cnn(1e-2);
        MiniBatch distinct = SampledGaussNewtonDiagonalTest.data(40, 5);
        // rows 0-9 twice, 10-14 three times, 15-39 once: 65 rows
        int[] idx = new int[65];
        for (int i = 0; i < 40; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < 10; i++) {
            idx[40 + i] = i;
        }
        for (int i = 0; i < 5; i++) {
            idx[50 + i] = 10 + i;
            idx[55 + i] = 10 + i;
        }
        for (int i = 0; i < 5; i++) {
            idx[60 + i] = 39 - i;
        }
        MiniBatch rows = new MiniBatch(Nd4j.pullRows(distinct.features(), 1, idx),
                Nd4j.pullRows(distinct.labels(), 1, idx));
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(cnn), 0, 0);
        assertEquals(40, probes.sliceExamples(rows), "each distinct example once per point");
        INDArray theta = cnn.params().castTo(DataType.DOUBLE);
        double[] offsets = {-0.1, -0.02, 0.0, 0.05, 0.2};
        for (long index : new long[] {3, 38, 150}) { // a convolution weight, a convolution bias, an output weight
            double[] slice = probes.lossSlice(theta, rows, index, offsets);
            double base = probes.score(theta, rows);
            for (int k = 0; k < offsets.length; k++) {
                INDArray moved = theta.dup();
                moved.putScalar(index, theta.getDouble(index) + offsets[k]);
                assertEquals(probes.score(moved, rows) - base, slice[k], 1e-12,
                        "parameter " + index + ", offset " + offsets[k]);
            }
        }
        assertEquals(0.0, probes.lossSlice(theta, rows, 3, new double[] {0.0})[0], 0.0);
        LossSlices slices = new LossSlices(probes.copy());
        double base = probes.score(theta, rows);
        var parts = slices.sliceParts(rows);
        assertTrue(slices.tail(theta, parts, 150, base).isPresent(), "an output weight's slice re-runs the tail");
        assertTrue(slices.tail(theta, parts, 3, base).isEmpty(), "a first-layer weight has no tail short of the"
                + " network");
        assertTrue(slices.linear(theta, parts, 3, base, 0.2).isPresent(), "a convolution weight's slice starts from"
                + " the layer's pre-activations");
        assertTrue(slices.linear(theta, parts, 150, base, 0.2).isEmpty(), "an output weight has no layer after it");
        assertTrue(slices.tail(theta, parts, 150, base * (1 + 1e-9)).isEmpty(),
                "a tail that does not reproduce the full score is not used");

        MultiLayerNetwork normalised = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Sgd(0.05)).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(6).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        normalised.init();
        assertEquals(65, new GradientProbes(NetworkAdapter.of(normalised), 0, 0).sliceExamples(rows),
                "batch normalisation: every row");
    }

    /**
     * A dense layer with layer normalisation is not linear in its weights, yet its pre-activations interpolated from
     * two points reproduce the full score at those two points: the check at a third offset refuses the shortcut, and
     * the slice is the full passes' to rounding (sums of 40 losses of order 2.3, 1e-12 absolute as above).
     */
    @Test
    void layerNormalisationIsSlicedByFullPasses() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Sgd(0.05)).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(6).activation(Activation.TANH).hasLayerNorm(true).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        MiniBatch rows = SampledGaussNewtonDiagonalTest.data(40, 5);
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), 0, 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE);
        LossSlices slices = new LossSlices(probes.copy());
        double base = probes.score(theta, rows);
        long index = 7;
        assertTrue(slices.linear(theta, slices.sliceParts(rows), index, base, 0.5).isEmpty(),
                "layer normalisation: no slice from interpolated pre-activations");
        double[] offsets = {-0.5, -0.2, 0.0, 0.3, 0.5};
        double[] slice = probes.lossSlice(theta, rows, index, offsets);
        for (int k = 0; k < offsets.length; k++) {
            INDArray moved = theta.dup();
            moved.putScalar(index, theta.getDouble(index) + offsets[k]);
            assertEquals(probes.score(moved, rows) - base, slice[k], 1e-12, "offset " + offsets[k]);
        }
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
