package org.sgdobservatory.listener.probe;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.OutputLoss;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The Gauss-Newton diagonal by sampled labels, for networks whose Hessian is their Gauss-Newton matrix but which the
 * exact dense path cannot take (convolutions, pooling, graphs): with labels {@code y~} drawn from the model's own
 * predictive distribution, each example's gradient {@code g~_i = J_i' dl/dz(y~)} has {@code E[g~ g~'] = J_i' H_L J_i}
 * because {@code E[dl/dz dl/dz'] = H_L} for the three {@link OutputLoss} pairs:
 * <ul>
 *   <li>softmax + cross-entropy: {@code dl/dz = p - y~}, {@code y~ ~ Categorical(p)}, covariance
 *       {@code diag(p) - p p'};</li>
 *   <li>sigmoid + binary cross-entropy: {@code y~_c ~ Bernoulli(p_c)}, {@code E[(p - y~)^2] = p (1 - p)};</li>
 *   <li>identity + MSE ({@code l = sum (y - z)^2 / nOut}): {@code y~ = z + sqrt(nOut/2) eps}, {@code eps ~ N(0, I)},
 *       so {@code dl/dz = -sqrt(2/nOut) eps} with covariance {@code (2/nOut) I}.</li>
 * </ul>
 * So {@code h_j = mean_i g~_ij^2} (plus L2) is an unbiased estimate of the probe set's Gauss-Newton diagonal, with the
 * standard error {@code sd_i(g~_ij^2) / sqrt(m)} of a mean of {@code m} independent terms, which includes both the
 * examples' spread and the label sampling ({@code docs/estimators.md#sampled-gauss-newton-diagonal}). Cost: one
 * forward pass for {@code p} and one DL4J backward pass per example. Labels come from a seeded
 * {@link SplittableRandom}, never from ND4J's generator. Stateless.
 */
final class SampledGaussNewtonDiagonal {

    private SampledGaussNewtonDiagonal() {
    }

    /**
     * The estimate.
     *
     * @param probes the probe copy's gradients
     * @param theta parameters (DOUBLE, length numParams)
     * @param examples the probe set (its first {@code maxExamples} examples are used)
     * @param loss the output pair
     * @param seed the labels' seed
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    static double[][] estimate(GradientProbes probes, INDArray theta, MiniBatch examples, int maxExamples,
                               OutputLoss loss, long seed, long[] tracked) {
        int m = Math.min(maxExamples, examples.size());
        MiniBatch set = examples.rows(0, m);
        probes.copy().setParams(theta.reshape(1, probes.numParams()));
        double[][] outputs = probes.copy().output(set.features()).castTo(DataType.DOUBLE).toDoubleMatrix();
        SplittableRandom rnd = new SplittableRandom(seed);
        long p = probes.numParams();
        INDArray sum2 = Nd4j.zeros(DataType.DOUBLE, p);
        INDArray sum4 = Nd4j.zeros(DataType.DOUBLE, p);
        for (int i = 0; i < m; i++) {
            INDArray label = Nd4j.createFromArray(sampleLabel(outputs[i], loss, rnd)).reshape(1, outputs[i].length);
            probes.copy().setParams(theta.reshape(1, p));
            INDArray g = probes.copy().gradientSum(set.example(i).features(), label).reshape(p).dup();
            INDArray g2 = g.muli(g);
            sum2.addi(g2);
            sum4.addi(g2.mul(g2));
        }
        double[] s2 = TrackedValues.pick(sum2.toDoubleVector(), tracked);
        double[] s4 = TrackedValues.pick(sum4.toDoubleVector(), tracked);
        double[] l2 = TrackedValues.pick(probes.regularization().l2Coefficients(), tracked);
        double[][] out = new double[tracked.length][];
        for (int j = 0; j < tracked.length; j++) {
            double mean = s2[j] / m;
            double var = m > 1 ? Math.max(0, (s4[j] / m - mean * mean) * m / (m - 1.0)) : Double.NaN;
            out[j] = new double[] {mean + l2[j], Math.sqrt(var / m)};
        }
        return out;
    }

    /** One label drawn so that {@code E[dl/dz dl/dz']} is the output's loss Hessian (class comment). */
    static double[] sampleLabel(double[] output, OutputLoss loss, SplittableRandom rnd) {
        double[] y = new double[output.length];
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double u = rnd.nextDouble();
                int c = 0;
                double cumulative = output[0];
                while (u > cumulative && c < output.length - 1) {
                    c++;
                    cumulative += output[c];
                }
                y[c] = 1;
            }
            case SIGMOID_BINARY_CROSS_ENTROPY -> {
                for (int c = 0; c < y.length; c++) {
                    y[c] = rnd.nextDouble() < output[c] ? 1 : 0;
                }
            }
            case IDENTITY_MSE -> {
                double scale = Math.sqrt(output.length / 2.0);
                for (int c = 0; c < y.length; c++) {
                    double u1 = 1 - rnd.nextDouble();
                    double gauss = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rnd.nextDouble());
                    y[c] = output[c] + scale * gauss;
                }
            }
        }
        return y;
    }
}
