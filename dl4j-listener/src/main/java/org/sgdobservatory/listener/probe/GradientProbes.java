package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;
import org.sgdobservatory.listener.stats.HillEstimator;

/**
 * Gradient probes on an independent double-precision copy of the training network (DL4J-FACTS 7): the
 * training network and ND4J's global random generator are never touched (random vectors come from a
 * seeded {@link java.util.Random}).
 *
 * <p>Life cycle: construct once per report; call the probes in any order. Not thread-safe.
 */
public final class GradientProbes {

    private final NetworkAdapter copy;
    private final long numParams;
    private final INDArray l2;
    private final INDArray l1;

    /** At most this many per-example values (32 MB) are held for the tail index; beyond, a stride of parameters. */
    static final long TAIL_VALUES_CAP = 4_000_000L;

    /**
     * Makes the double-precision copy and reads the regularisation in force.
     *
     * @param training the training network's adapter
     * @param iteration iteration at which regularisation schedules are evaluated
     * @param epoch epoch at which regularisation schedules are evaluated
     */
    public GradientProbes(NetworkAdapter training, int iteration, int epoch) {
        this.copy = training.doublePrecisionCopy();
        this.numParams = copy.numParams();
        double[] a2 = new double[(int) numParams];
        double[] a1 = new double[(int) numParams];
        for (ParameterBlock b : training.blocks()) {
            RegularizationSpec r = training.regularization(b, iteration, epoch);
            for (long i = b.offset(); i < b.offset() + b.length(); i++) {
                a2[(int) i] = r.l2();
                a1[(int) i] = r.l1();
            }
        }
        l2 = Nd4j.createFromArray(a2);
        l1 = Nd4j.createFromArray(a1);
    }

    /**
     * Minibatch-mean gradient of the training objective at {@code theta} on one minibatch: DL4J's raw sum
     * divided by B (DL4J-FACTS 2), plus {@code l2 theta + l1 sign(theta)} (DL4J-FACTS 4).
     *
     * @param theta DOUBLE vector, length numParams
     * @return a new DOUBLE vector
     */
    public INDArray meanGradient(INDArray theta, MiniBatch batch) {
        return meanGradient(theta, batch, l2.mul(theta), l1.mul(Transforms.sign(theta, true)));
    }

    /** {@link #meanGradient(INDArray, MiniBatch)} with the regularisation terms at {@code theta} given. */
    private INDArray meanGradient(INDArray theta, MiniBatch batch, INDArray l2Term, INDArray l1Term) {
        copy.setParams(theta.reshape(1, numParams));
        INDArray g = copy.gradientSum(batch.features(), batch.labels()).reshape(numParams).dup();
        g.divi(batch.size());
        g.addi(l2Term).addi(l1Term);
        return g;
    }

    /**
     * Gradient noise at fixed parameters: the per-parameter variance of the minibatch-mean gradient over
     * {@code batches} (that is {@code sigma^2_B} as the theory defines it) and, from micro-batches of one
     * over up to {@code maxExamples} of their examples, the per-example variance {@code C_ii}, whose ratio
     * checks the {@code 1/B} law.
     *
     * @param theta parameters (DOUBLE, length numParams)
     * @param batches minibatches of the training size
     * @param examples examples for the per-example probe
     * @param maxExamples cap on per-example gradients (0 skips the per-example probe)
     * @param tracked flattened indices to report
     */
    public NoiseProbeResult gradientNoise(INDArray theta, List<MiniBatch> batches, MiniBatch examples,
                                          int maxExamples, long[] tracked) {
        Welford mb = new Welford(numParams);
        int typicalSize = batches.isEmpty() ? 1 : batches.get(0).size();
        // theta is fixed here: its regularisation terms are computed once, not once per gradient
        INDArray l2Term = l2.mul(theta);
        INDArray l1Term = l1.mul(Transforms.sign(theta, true));
        for (MiniBatch b : batches) {
            mb.add(meanGradient(theta, b, l2Term, l1Term));
        }
        Welford ex = new Welford(numParams);
        int m = Math.min(maxExamples, examples.size());
        // per-example values of (a stride of) the tracked parameters for the tail index, capped in memory
        int every = (int) Math.max(1, ((long) m * tracked.length + TAIL_VALUES_CAP - 1) / TAIL_VALUES_CAP);
        int kept = (tracked.length + every - 1) / every;
        long[] tailIndices = new long[kept];
        for (int j = 0; j < kept; j++) {
            tailIndices[j] = tracked[j * every];
        }
        double[][] perExample = new double[kept][m];
        for (int i = 0; i < m; i++) {
            INDArray g = meanGradient(theta, examples.example(i), l2Term, l1Term);
            ex.add(g);
            double[] picked = pick(g.toDoubleVector(), tailIndices);
            for (int j = 0; j < kept; j++) {
                perExample[j][i] = picked[j];
            }
        }
        double[] tail = new double[tracked.length];
        java.util.Arrays.fill(tail, Double.NaN);
        for (int j = 0; j < kept && m >= 2; j++) {
            tail[j * every] = HillEstimator.tailIndexOfDeviations(perExample[j]).value();
        }
        return new NoiseProbeResult(pick(mb.variance(), tracked), pick(ex.variance(), tracked),
                pick(ex.excessKurtosis(), tracked), tail, (int) mb.count, (int) ex.count, typicalSize);
    }

    /**
     * The score DL4J's training computes on {@code batch} at {@code theta}: the mean loss plus DL4J's own
     * regularisation score, in training mode (forward pass only).
     */
    public double score(INDArray theta, MiniBatch batch) {
        copy.setParams(theta.reshape(1, numParams));
        return copy.scoreOf(batch.features(), batch.labels());
    }

    /**
     * A 1-D loss slice: {@code L(theta + t e_index) - L(theta)} on {@code probeSet} for each offset {@code t},
     * the other parameters held at {@code theta}.
     *
     * @param theta parameters (DOUBLE, length numParams), not modified
     * @param index flattened index of the parameter
     * @param offsets the offsets {@code t}
     */
    public double[] lossSlice(INDArray theta, MiniBatch probeSet, long index, double[] offsets) {
        double base = score(theta, probeSet);
        double centre = theta.getDouble(index);
        INDArray moved = theta.dup();
        double[] out = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            moved.putScalar(index, centre + offsets[k]);
            out[k] = score(moved, probeSet) - base;
        }
        return out;
    }

    /**
     * Minibatch-mean gradients (regularisation included) of the tracked parameters at {@code theta}, one row per
     * minibatch in the given order: the raw material of the per-minibatch noises of a fixed cyclic epoch.
     */
    public double[][] batchGradients(INDArray theta, List<MiniBatch> batches, long[] tracked) {
        double[][] out = new double[batches.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = pick(meanGradient(theta, batches.get(k)).toDoubleVector(), tracked);
        }
        return out;
    }

    /**
     * Hessian diagonal by Hutchinson's estimator, {@code diag(H) ~ mean_k v_k * (H v_k)} with Rademacher
     * {@code v_k}, {@code H v} by central differences {@code [g(theta + r v) - g(theta - r v)] / (2 r)} of the
     * probe-set mean gradient (regularisation included) with {@code r = step (1 + rms(theta))}.
     *
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    public double[][] hessianDiagonal(INDArray theta, MiniBatch probeSet, int probes, double step, long seed,
                                      long[] tracked) {
        Random rnd = new Random(seed);
        double r = step * (1 + Math.sqrt(theta.mul(theta).meanNumber().doubleValue()));
        Welford est = new Welford(numParams);
        double[] v = new double[(int) numParams];
        for (int k = 0; k < probes; k++) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextBoolean() ? 1.0 : -1.0;
            }
            INDArray vec = Nd4j.createFromArray(v);
            INDArray plus = meanGradient(theta.add(vec.mul(r)), probeSet);
            INDArray minus = meanGradient(theta.sub(vec.mul(r)), probeSet);
            est.add(plus.subi(minus).divi(2 * r).muli(vec));
        }
        double[] mean = pick(est.mean.toDoubleVector(), tracked);
        double[] var = pick(est.variance(), tracked);
        double[][] out = new double[tracked.length][];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = new double[] {mean[i], Math.sqrt(var[i] / probes)};
        }
        return out;
    }

    /**
     * The Hessian block of a small parameter group by central differences along unit vectors:
     * column j is {@code [g(theta + r e_j) - g(theta - r e_j)] / (2 r)} restricted to the group
     * ({@code 2k} gradient evaluations), then symmetrised. Regularisation included.
     *
     * @param indices flattened indices of the group ({@code k} of them)
     * @return {@code k x k}
     */
    public double[][] hessianBlock(INDArray theta, MiniBatch probeSet, long[] indices, double step) {
        int k = indices.length;
        double r = step * (1 + Math.sqrt(theta.mul(theta).meanNumber().doubleValue()));
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            INDArray plus = theta.dup();
            plus.putScalar(indices[j], theta.getDouble(indices[j]) + r);
            INDArray minus = theta.dup();
            minus.putScalar(indices[j], theta.getDouble(indices[j]) - r);
            double[] col = pick(meanGradient(plus, probeSet).subi(meanGradient(minus, probeSet)).divi(2 * r)
                    .toDoubleVector(), indices);
            for (int i = 0; i < k; i++) {
                h[i][j] = col[i];
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    /**
     * Covariance of per-example gradients restricted to a small group, divided by {@code miniBatchSize}:
     * the minibatch noise covariance block {@code Sigma_B = C / B} (sampling with replacement).
     *
     * @return {@code k x k}
     */
    public double[][] noiseCovarianceBlock(INDArray theta, MiniBatch examples, int maxExamples, long[] indices,
                                           int miniBatchSize) {
        int k = indices.length;
        int m = Math.min(maxExamples, examples.size());
        double[][] g = new double[m][];
        double[] mean = new double[k];
        for (int e = 0; e < m; e++) {
            g[e] = pick(meanGradient(theta, examples.example(e)).toDoubleVector(), indices);
            for (int i = 0; i < k; i++) {
                mean[i] += g[e][i] / m;
            }
        }
        double[][] c = new double[k][k];
        for (int e = 0; e < m; e++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    c[i][j] += (g[e][i] - mean[i]) * (g[e][j] - mean[j]) / ((m - 1.0) * miniBatchSize);
                }
            }
        }
        return c;
    }

    private static double[] pick(double[] all, long[] tracked) {
        double[] out = new double[tracked.length];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = all[(int) tracked[i]];
        }
        return out;
    }

    /**
     * Streaming central moments up to the fourth over DOUBLE vectors (Pebay 2008, "Formulas for robust,
     * one-pass parallel computation of covariances and arbitrary-order statistical moments", Sandia
     * SAND2008-6212). Every update writes into preallocated scratch vectors (allocating ops cost several times
     * the arithmetic on a few thousand doubles; thousands of per-example gradients go through here).
     */
    private static final class Welford {
        long count;
        final INDArray mean;
        final INDArray m2;
        final INDArray m3;
        final INDArray m4;
        private final INDArray delta;
        private final INDArray deltaN;
        private final INDArray deltaN2;
        private final INDArray term1;
        private final INDArray scratch;

        Welford(long n) {
            mean = Nd4j.zeros(DataType.DOUBLE, n);
            m2 = Nd4j.zeros(DataType.DOUBLE, n);
            m3 = Nd4j.zeros(DataType.DOUBLE, n);
            m4 = Nd4j.zeros(DataType.DOUBLE, n);
            delta = Nd4j.zeros(DataType.DOUBLE, n);
            deltaN = Nd4j.zeros(DataType.DOUBLE, n);
            deltaN2 = Nd4j.zeros(DataType.DOUBLE, n);
            term1 = Nd4j.zeros(DataType.DOUBLE, n);
            scratch = Nd4j.zeros(DataType.DOUBLE, n);
        }

        void add(INDArray x) {
            long n1 = count;
            count++;
            double n = count;
            x.sub(mean, delta);
            delta.div(n, deltaN);
            deltaN.mul(deltaN, deltaN2);
            delta.mul(deltaN, term1).muli(n1);
            mean.addi(deltaN);
            // M4 += term1 dN^2 (n^2 - 3n + 3) + 6 dN^2 M2 - 4 dN M3 (in this order), then M3, then M2
            m4.addi(term1.mul(deltaN2, scratch).muli(n * n - 3 * n + 3));
            m4.addi(deltaN2.mul(m2, scratch).muli(6));
            m4.subi(deltaN.mul(m3, scratch).muli(4));
            m3.addi(term1.mul(deltaN, scratch).muli(n - 2));
            m3.subi(deltaN.mul(m2, scratch).muli(3));
            m2.addi(term1);
        }

        /** Excess kurtosis {@code n M4 / M2^2 - 3} per element (NaN with fewer than 4 samples). */
        double[] excessKurtosis() {
            if (count < 4) {
                double[] nan = new double[(int) mean.length()];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            }
            return m4.mul(count).divi(m2.mul(m2)).subi(3).toDoubleVector();
        }

        double[] variance() {
            if (count < 2) {
                double[] nan = new double[(int) mean.length()];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            }
            return m2.div(count - 1).toDoubleVector();
        }
    }
}
