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
 * Since {@code E[g~_i] = 0} for each example and the labels are drawn independently, the cross terms of a summed
 * gradient vanish in expectation: for a pass over {@code B} examples, {@code E[(sum_i g~_ij)^2] = sum_i E[g~_ij^2]}.
 * So the estimator sums the squared DL4J gradient of {@link #EXAMPLES_PER_PASS} examples at a time:
 * {@code t_bj = (G~_bj)^2 / B} per pass {@code b}, {@code h_j = mean_b t_bj} (plus L2), an unbiased estimate of the
 * examples' mean Gauss-Newton diagonal, with the standard error {@code sd_b(t_bj) / sqrt(n_b)} of a mean of
 * {@code n_b} independent terms, which includes the examples' spread, the label sampling and the cross terms. Each
 * pass's examples must not interact in the forward pass (no batch normalisation, no dropout: the networks
 * {@link org.sgdobservatory.listener.adapter.NetworkAdapter#gaussNewtonIsHessian} accepts).
 *
 * <p>Why several examples per pass: one example's squared gradient is heavy-tailed (relative variance
 * {@code kappa - 1}, {@code kappa} the kurtosis of {@code g~}, about 28 on the benchmarks' CNN, where a few examples
 * carry a parameter), a pass's squared sum far less ({@code 2 + (kappa - 3)/B}), while a DL4J pass over 8 examples
 * costs far less than 8 passes over one. On that CNN, 8 per pass gives a 1.3 times larger error than one per pass
 * in a third of the time ({@code docs/estimators.md#sampled-gauss-newton-diagonal}).
 * Labels come from a seeded {@link SplittableRandom}, never from ND4J's generator. Stateless.
 */
final class SampledGaussNewtonDiagonal {

    /** Examples per DL4J backward pass (a pass's squared gradient is one term of the estimate). */
    static final int EXAMPLES_PER_PASS = 8;

    private SampledGaussNewtonDiagonal() {
    }

    /**
     * The estimate over the first {@code maxExamples} examples of {@code examples}, {@code examplesPerPass} per pass
     * (fewer when there are fewer than {@code 2 x} that many examples, so that there are at least two passes;
     * examples beyond a whole number of passes are left out).
     *
     * @param probes the probe copy's gradients
     * @param theta parameters (DOUBLE, length numParams)
     * @param examples the probe set
     * @param loss the output pair
     * @param examplesPerPass examples summed in one DL4J pass, at least 1 ({@link #EXAMPLES_PER_PASS} by default)
     * @param seed the labels' seed
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    static double[][] estimate(GradientProbes probes, INDArray theta, MiniBatch examples, int maxExamples,
                               OutputLoss loss, int examplesPerPass, long seed, long[] tracked) {
        if (examplesPerPass < 1) {
            throw new IllegalArgumentException("examplesPerPass " + examplesPerPass + ": must be at least 1");
        }
        int available = Math.min(maxExamples, examples.size());
        int perPass = Math.max(1, Math.min(examplesPerPass, available / 2));
        int passes = available / perPass;
        MiniBatch set = examples.rows(0, passes * perPass);
        long p = probes.numParams();
        probes.copy().setParams(theta.reshape(1, p));
        double[][] outputs = probes.copy().output(set.features()).castTo(DataType.DOUBLE).toDoubleMatrix();
        SplittableRandom rnd = new SplittableRandom(seed);
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, p);
        INDArray sum2 = Nd4j.zeros(DataType.DOUBLE, p);
        for (int b = 0; b < passes; b++) {
            int from = b * perPass;
            double[][] labels = new double[perPass][];
            for (int i = 0; i < perPass; i++) {
                labels[i] = sampleLabel(outputs[from + i], loss, rnd);
            }
            probes.copy().setParams(theta.reshape(1, p));
            INDArray g = probes.copy().gradientSum(set.rows(from, from + perPass).features(),
                    Nd4j.createFromArray(labels)).reshape(p).dup();
            INDArray term = g.muli(g).divi(perPass);
            sum.addi(term);
            sum2.addi(term.mul(term));
        }
        double[] s1 = TrackedValues.pick(sum.toDoubleVector(), tracked);
        double[] s2 = TrackedValues.pick(sum2.toDoubleVector(), tracked);
        double[] l2 = TrackedValues.pick(probes.regularization().l2Coefficients(), tracked);
        double[][] out = new double[tracked.length][];
        for (int j = 0; j < tracked.length; j++) {
            double mean = s1[j] / passes;
            double var = passes > 1 ? Math.max(0, (s2[j] / passes - mean * mean) * passes / (passes - 1.0))
                    : Double.NaN;
            out[j] = new double[] {mean + l2[j], Math.sqrt(var / passes)};
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
