package org.sgdobservatory.listener.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pre-activations of a dense or convolution layer at two parameter values give DL4J's full training-mode score at
 * every value of one of the layer's parameters: on the CNN of {@link TailScoresTest} (convolution, pooling, dense,
 * output; L2 and weight decay), for a convolution weight and bias in the first layer and a dense weight. The
 * interpolated pre-activations differ from computed ones by a few units in the last place of the largest (about
 * 1e-15 here), the loss is a smooth function of them averaged over 30 examples, so the scores agree to 1e-12
 * relative, the agreement the loss slices require before using them. With layer normalisation the dense layer's output
 * is not linear in its weights, and the scores part by far more, which is what the slices' check at the farthest
 * offset catches.
 */
class LinearLayerScoresTest {

    private static final long CONV = 4 * 9 + 4;
    private static final long DENSE = 36 * 7 + 7;

    @Test
    void preActivationsAtTwoPointsGiveTheScoreAtEveryPoint() {
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(NetworkAdapter.of(TailScoresTest.cnn(false)));
        assertTrue(copy.linearHolding(CONV + DENSE + 2).isEmpty(), "an output-layer parameter: no layer after it");
        for (long index : new long[] {3, CONV - 1, CONV + 5}) {
            assertEquals(index < CONV ? 0 : 2, copy.linearHolding(index).orElseThrow().layer(),
                    "layer of parameter " + index);
            double worst = worstDisagreement(false, index);
            assertTrue(worst <= 1e-12, "parameter " + index + ": relative disagreement " + worst);
        }
    }

    @Test
    void layerNormalisationIsNotLinearInTheWeights() {
        double worst = worstDisagreement(true, CONV + 5);
        assertTrue(worst > 1e-9, "layer normalisation: relative disagreement only " + worst);
    }

    /**
     * The largest relative gap between the interpolated scores and full passes over offsets inside a reach of 0.5,
     * for parameter {@code index} of the test CNN (with layer normalisation in its dense layer when asked).
     */
    private static double worstDisagreement(boolean layerNorm, long index) {
        MultiLayerNetwork net = TailScoresTest.cnn(layerNorm);
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(NetworkAdapter.of(net));
        LinearLayerScores layer = copy.linearHolding(index).orElseThrow();
        INDArray features = TailScoresTest.features(30, 2);
        INDArray labels = TailScoresTest.labels(30, 2);
        INDArray theta = net.params().dup();
        double reach = 0.5;
        copy.setParams(theta);
        INDArray z0 = layer.preActivations(features);
        INDArray far = theta.dup();
        far.putScalar(index, theta.getDouble(index) + reach);
        copy.setParams(far);
        INDArray slope = layer.preActivations(features).subi(z0).divi(reach);
        double worst = 0;
        for (double t : new double[] {0.0, -0.3, 0.2, 0.5}) {
            INDArray moved = theta.dup();
            moved.putScalar(index, theta.getDouble(index) + t);
            copy.setParams(moved);
            double full = copy.scoreOf(features, labels);
            double shortcut = layer.score(slope.mul(t).addi(z0), labels);
            worst = Math.max(worst, Math.abs(shortcut - full) / Math.abs(full));
        }
        return worst;
    }
}
