package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The noise along a direction is measured on every probe example. The top directions of a preconditioned frame are
 * often carried by a parameter that only a few examples reach (on the digits MLP under RMSProp, the weights of input
 * pixels set in one training image of 1438); a sample of the probe set that misses those examples reports no noise
 * along the direction at all, and the prediction collapses with it.
 */
class DirectionNoiseProbeTest {

    private static final int EXAMPLES = 1000;
    private static final int RARE_FROM = 900;
    private static final int RARE_COUNT = 10;
    private static final int BATCH = 32;

    /**
     * Linear regression {@code y ~ w0 x0 + w1 x1 + b}, DL4J's MSE with one output: the per-example loss is
     * {@code (y - yhat)^2}, its derivative along {@code w_j} is {@code d_i = -2 (y_i - yhat_i) x_ij} and its curvature
     * {@code q_i = 2 x_ij^2}. Both ways of measuring them are checked: the exact forward derivatives this dense stack
     * gets, in single precision (a handful of roundings of {@code u = 6e-8} per {@code d_i}, each of a term no larger
     * than about {@code |d_i|}: some 5e-7 relative on {@code c_k}, tolerance {@code 2e-6}), and the central
     * differences of the losses other networks get, which are exact up to rounding on a quadratic (about
     * {@code 1e-16 l / e}, {@code e ~ 1e-4}: {@code 1e-12} relative for {@code d}, and {@code 1e-16 l / e^2}:
     * {@code 1e-8} for {@code q}; tolerance {@code 1e-8} relative for {@code c_k}); {@code 1e-6} for
     * {@code SE(lambda)} on both. {@code x1} is non-zero only in examples 900-909, beyond
     * the 512 a capped sample of the probe set would take.
     */
    @Test
    void noiseAlongADirectionThatFewExamplesReachUsesEveryProbeExample() {
        MultiLayerNetwork net = regression();
        double[][] x = features(new Random(7));
        double[][] y = labels(x, new Random(8));
        assertMeasuredOnEveryRow(net, x, y);
    }

    /**
     * A probe set drawn over several epochs holds examples more than once: the statistics are still those of its
     * rows, each distinct example computed once and counted as often as it occurs. The first 300 examples and the
     * rare ones appear twice, and one row repeats example 0's features with another label (a different example).
     */
    @Test
    void repeatedExamplesCountAsOftenAsTheProbeSetHoldsThem() {
        MultiLayerNetwork net = regression();
        double[][] x = features(new Random(7));
        double[][] y = labels(x, new Random(8));
        int extra = 300 + RARE_COUNT + 1;
        double[][] x2 = java.util.Arrays.copyOf(x, EXAMPLES + extra);
        double[][] y2 = java.util.Arrays.copyOf(y, EXAMPLES + extra);
        for (int i = 0; i < 300; i++) {
            x2[EXAMPLES + i] = x[i].clone();
            y2[EXAMPLES + i] = y[i].clone();
        }
        for (int i = 0; i < RARE_COUNT; i++) {
            x2[EXAMPLES + 300 + i] = x[RARE_FROM + i].clone();
            y2[EXAMPLES + 300 + i] = y[RARE_FROM + i].clone();
        }
        x2[EXAMPLES + extra - 1] = x[0].clone();
        y2[EXAMPLES + extra - 1] = new double[] {y[0][0] + 1};
        assertMeasuredOnEveryRow(net, x2, y2);
    }

    /** The exact path and the differences against the closed forms over every row of {@code x, y}. */
    private static void assertMeasuredOnEveryRow(MultiLayerNetwork net, double[][] x, double[][] y) {
        int rows = x.length;
        MiniBatch examples = new MiniBatch(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        NetworkAdapter adapter = NetworkAdapter.of(net);
        DirectionFrame frame = DirectionFrame.of(adapter, 0, 0).frame().orElseThrow();
        int p = (int) adapter.numParams();
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(p);
        ProbeCopy copy = new ProbeCopy(new GradientProbes(adapter, 0, 0), theta, examples, List.of());
        DirectionBasis basis = new DirectionBasis(frame, new double[][] {{0, 1, 0}, {1, 0, 0}}, new double[] {1, 0.5},
                new double[] {0, 0}, new boolean[] {true, true},
                new SpectralReport.Solve(2, 0, rows, 0, SpectralReport.HessianProducts.EXACT,
                        SpectralReport.Residuals.LANCZOS_ESTIMATE, SpectralReport.StopReason.CONVERGED, 0));

        double[][] exactPath = DirectionNoiseProbe.measure(copy, basis, BATCH);
        // the exact derivatives in passes of 64 examples, the rare ones in one of them: the same closed forms hold
        double[][] chunked = DirectionNoiseProbe.measure(copy, basis, BATCH, DirectionNoiseProbe.MIN_CHUNK);
        double[][] differences = DirectionNoiseProbe.differences(copy, basis, BATCH);

        for (double[][] measured : List.of(exactPath, chunked, differences)) {
            double tolerance = measured == differences ? 1e-8 : 2e-6;
            for (int k = 0; k < 2; k++) {
                int j = k == 0 ? 1 : 0;
                double[] d = new double[rows];
                for (int i = 0; i < rows; i++) {
                    double yhat = 0.3 * x[i][0] - 0.2 * x[i][1] + 0.1;
                    d[i] = -2 * (y[i][0] - yhat) * x[i][j];
                }
                double exact = sampleVariance(d) / BATCH;
                assertTrue(exact > 0);
                assertEquals(exact, measured[k][0], tolerance * exact, "c_k along w_" + j + " from all " + rows
                        + " examples");
                double[] q = new double[rows];
                for (int i = 0; i < rows; i++) {
                    q[i] = 2 * x[i][j] * x[i][j];
                }
                double seLambda = Math.sqrt(sampleVariance(q) / rows);
                assertEquals(seLambda, measured[k][2], 1e-6 * seLambda, "SE(lambda) along w_" + j);
            }
        }
    }

    /** {@code y ~ w0 x0 + w1 x1 + b}, MSE, identity output, at {@code (0.3, -0.2, 0.1)}. */
    private static MultiLayerNetwork regression() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Sgd(0.1)).dataType(DataType.DOUBLE).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.setParams(Nd4j.createFromArray(new double[][] {{0.3, -0.2, 0.1}}));
        return net;
    }

    /** Gaussian {@code x0}; {@code x1} non-zero only in the rare examples. */
    private static double[][] features(Random rnd) {
        double[][] x = new double[EXAMPLES][2];
        for (int i = 0; i < EXAMPLES; i++) {
            x[i][0] = rnd.nextGaussian();
            x[i][1] = i >= RARE_FROM && i < RARE_FROM + RARE_COUNT ? 1 + rnd.nextDouble() : 0;
        }
        return x;
    }

    private static double[][] labels(double[][] x, Random rnd) {
        double[][] y = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            y[i][0] = 0.5 * x[i][0] + 0.8 * x[i][1] + 0.3 * rnd.nextGaussian();
        }
        return y;
    }

    private static double sampleVariance(double[] d) {
        double mean = 0;
        for (double v : d) {
            mean += v / d.length;
        }
        double s = 0;
        for (double v : d) {
            s += (v - mean) * (v - mean);
        }
        return s / (d.length - 1);
    }
}
