package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.FiniteDifference;
import org.sgdobservatory.listener.probe.GradientProbes;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * How precise Hutchinson's Hessian diagonal is on the digits MLP 64-64-10 after two epochs, by number of probes M,
 * probe-set size (the whole 64-minibatch reservoir, 2048 examples, or its first 16 minibatches, 512) and
 * difference scheme, against a reference diagonal by central differences along unit vectors on the 2048
 * examples, for 300 random parameters (seed 5). Medians, not RMS: with ReLU units, finite differences that
 * cross a kink give a few huge values. Also the diagonal as the listener computes it for this network (the exact
 * Gauss-Newton diagonal, {@code CurvatureMethod.EXACT_GAUSS_NEWTON}) against the same reference. Prints plain
 * lines; run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.sgdobservatory.benchmarks.HutchinsonPrecision}
 * (OMP_NUM_THREADS=1, about a minute). The figures in
 * BENCHMARKS.md#hutchinson-against-the-exact-diagonal come from it; with the argument {@code cnn} it compares the
 * small CNN's diagonals instead (BENCHMARKS.md#the-small-cnns-curvature, about five minutes).
 * Not thread-safe.
 */
public final class HutchinsonPrecision {

    private HutchinsonPrecision() {
    }

    /** Runs the comparison on the digits MLP; with the argument {@code cnn}, on the benchmarks' small CNN. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cnn")) {
            cnn();
            return;
        }
        List<DataSet> batches = BenchNetwork.digitsMlp().batches();
        MultiLayerNetwork net = trained(batches);
        List<MiniBatch> res = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            DataSet d = batches.get(i % batches.size());
            res.add(new MiniBatch(d.getFeatures(), d.getLabels()));
        }
        MiniBatch full = MiniBatch.concat(res);
        MiniBatch small = MiniBatch.concat(res.subList(0, 16));
        long p = net.numParams();
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), net.getIterationCount(), 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(p);
        Random rnd = new Random(5);
        int n = 300;
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rnd.nextInt((int) p);
        }
        double[] exactFull = exact(probes, theta, full, idx);
        double[] exactSmall = exact(probes, theta, small, idx);
        double medianH = medianAbsDiff(exactFull, new double[n]);
        System.out.printf(Locale.ROOT, "median |exact diag| (2048 rows) %.4g; nonzero %d of %d%n", medianH, count(exactFull), n);
        System.out.printf(Locale.ROOT, "exact diag on 512 rows vs 2048: median |err| / median |H| = %.3f%n",
                medianAbsDiff(exactSmall, exactFull) / medianH);
        // what the listener reports for this ReLU MLP: the exact (Gauss-Newton) diagonal, regardless of M
        for (MiniBatch set : new MiniBatch[] {full, small}) {
            listenersDiagonal(probes, theta, set, set == full, idx, exactFull, medianH);
        }
        for (int m : new int[] {8, 32, 128}) {
            for (MiniBatch set : new MiniBatch[] {full, small}) {
                for (FiniteDifference fd : FiniteDifference.values()) {
                    hutchinson(probes, theta, set, m, fd, idx, exactFull, medianH);
                }
            }
        }
    }

    /**
     * The small CNN of the benchmarks (conv-pool-conv-pool-dense-softmax, 20 522 parameters) after 200 steps of Sgd
     * 0.01 on its 512 synthetic examples: the diagonal the listener takes for it (the sampled Gauss-Newton diagonal
     * over the 512 examples, 8 per pass) and Hutchinson's with 32 probes, each timed against one epoch (16 minibatches
     * of 32, median of 5), against central differences along unit vectors for 100 random parameters (seed 5), then
     * the sampled diagonal at 1 to 32 examples per pass over five label seeds. Max-pool and
     * ReLU make a difference wrong when a probe example's switch flips within the step: the reference is taken at two
     * steps, 6e-6 and 2e-6 (times 1 + rms(theta)), and parameters where the two differ by more than 1e-4 relative
     * are left out and counted.
     */
    private static void cnn() {
        BenchNetwork bench = BenchNetwork.smallCnn();
        MultiLayerNetwork net = bench.factory().get();
        for (int step = 0; step < 200; step++) {
            net.fit(bench.batches().get(step % bench.batches().size()));
        }
        List<Double> epochs = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            long t0 = System.nanoTime();
            for (DataSet d : bench.batches()) {
                net.fit(d);
            }
            epochs.add((System.nanoTime() - t0) / 1e9);
        }
        double epoch = BenchStats.median(epochs);
        List<MiniBatch> res = new ArrayList<>();
        for (DataSet d : bench.batches()) {
            res.add(new MiniBatch(d.getFeatures(), d.getLabels()));
        }
        MiniBatch set = MiniBatch.concat(res);
        long p = net.numParams();
        GradientProbes probes = new GradientProbes(NetworkAdapter.of(net), net.getIterationCount(), 0);
        INDArray theta = net.params().castTo(DataType.DOUBLE).dup().reshape(p);
        Random rnd = new Random(5);
        int n = 100;
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rnd.nextInt((int) p);
        }
        double[] reference = unitVectorDifferences(probes, theta, set, idx, 6e-6);
        double[] check = unitVectorDifferences(probes, theta, set, idx, 2e-6);
        boolean[] clean = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            clean[i] = Math.abs(reference[i] - check[i]) <= 1e-4 * Math.abs(reference[i]) + 1e-12;
            kept += clean[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "cnn: %d parameters, %d examples, epoch %.3f s (%d minibatches); reference"
                + " kept for %d of %d parameters (the others' differences at two steps disagree: a switch flipped)%n",
                p, set.size(), epoch, bench.batches().size(), kept, n);
        // warm both estimators once (JIT, ND4J's first use of each op), then time the second call
        probes.hessianDiagonal(theta, set, 32, 6e-6, 29, idx);
        probes.hessianDiagonal(theta, set, 32, 6e-6, 29, idx, FiniteDifference.FORWARD);
        long t0 = System.nanoTime();
        double[][] listener = probes.hessianDiagonal(theta, set, 32, 6e-6, 29, idx);
        double listenerSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        double[][] hutchinson = probes.hessianDiagonal(theta, set, 32, 6e-6, 29, idx, FiniteDifference.FORWARD);
        double hutchinsonSeconds = (System.nanoTime() - t0) / 1e9;
        report(probes.curvatureMethod(set) + " (the listener's choice)", listener, listenerSeconds, epoch, reference,
                clean);
        report("Hutchinson, 32 probes, forward differences", hutchinson, hutchinsonSeconds, epoch, reference, clean);
        for (int perPass : new int[] {1, 4, 8, 16, 32}) {
            examplesPerPass(probes, theta, set, perPass, idx, epoch, reference, clean);
        }
    }

    /**
     * The sampled Gauss-Newton diagonal with {@code perPass} examples per DL4J pass, five label seeds (after one
     * warm-up): the median time, and over the clean parameters the median of each one's RMS error over the seeds
     * relative to the reference, the median relative SE and the share of errors within 3 SE. One line.
     */
    private static void examplesPerPass(GradientProbes probes, INDArray theta, MiniBatch set, int perPass, long[] idx,
                                        double epoch, double[] reference, boolean[] clean) {
        int seeds = 5;
        probes.sampledGaussNewtonDiagonal(theta, set, perPass, 99, idx);
        List<Double> seconds = new ArrayList<>();
        double[][][] runs = new double[seeds][][];
        for (int s = 0; s < seeds; s++) {
            long t0 = System.nanoTime();
            runs[s] = probes.sampledGaussNewtonDiagonal(theta, set, perPass, 40 + s, idx);
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        List<Double> error = new ArrayList<>();
        List<Double> se = new ArrayList<>();
        int within = 0;
        int count = 0;
        for (int i = 0; i < idx.length; i++) {
            if (!clean[i] || reference[i] == 0) {
                continue;
            }
            double squares = 0;
            double seSum = 0;
            for (double[][] run : runs) {
                double err = run[i][0] - reference[i];
                squares += err * err;
                seSum += run[i][1];
                within += Math.abs(err) <= 3 * run[i][1] ? 1 : 0;
                count++;
            }
            error.add(Math.sqrt(squares / seeds) / Math.abs(reference[i]));
            se.add(seSum / seeds / Math.abs(reference[i]));
        }
        double t = BenchStats.median(seconds);
        System.out.printf(Locale.ROOT, "  sampled Gauss-Newton, %2d examples per pass: %.3f s = %.2f epochs; median"
                + " relative RMS error %.3f, median relative SE %.3f, within 3 SE %.1f%%%n", perPass, t, t / epoch,
                BenchStats.median(error), BenchStats.median(se), 100.0 * within / count);
    }

    /** One estimator's line: time in epochs, median errors against the reference, share within 3 of its SE. */
    private static void report(String what, double[][] h, double seconds, double epoch, double[] reference,
                               boolean[] clean) {
        List<Double> absolute = new ArrayList<>();
        List<Double> relative = new ArrayList<>();
        List<Double> magnitude = new ArrayList<>();
        int within = 0;
        for (int i = 0; i < reference.length; i++) {
            if (!clean[i]) {
                continue;
            }
            double err = Math.abs(h[i][0] - reference[i]);
            absolute.add(err);
            magnitude.add(Math.abs(reference[i]));
            relative.add(reference[i] != 0 ? err / Math.abs(reference[i]) : Double.NaN);
            within += err <= 3 * h[i][1] ? 1 : 0;
        }
        relative.removeIf(x -> Double.isNaN(x));
        System.out.printf(Locale.ROOT, "  %s: %.3f s = %.2f epochs; median |err| / median |h| = %.3g, median"
                + " |err| / |h| = %.3g, within 3 SE: %d of %d%n", what, seconds, seconds / epoch,
                BenchStats.median(absolute) / BenchStats.median(magnitude), BenchStats.median(relative), within,
                absolute.size());
    }

    /** Central differences of the mean gradient along unit vectors at relative step {@code step}. */
    private static double[] unitVectorDifferences(GradientProbes probes, INDArray theta, MiniBatch set, long[] idx,
                                                  double step) {
        double r = step * (1 + Math.sqrt(theta.mul(theta).meanNumber().doubleValue()));
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            INDArray plus = theta.dup();
            plus.putScalar(idx[i], theta.getDouble(idx[i]) + r);
            INDArray minus = theta.dup();
            minus.putScalar(idx[i], theta.getDouble(idx[i]) - r);
            out[i] = (probes.meanGradient(plus, set).getDouble(idx[i]) - probes.meanGradient(minus, set)
                    .getDouble(idx[i])) / (2 * r);
        }
        return out;
    }

    /** The digits MLP 64-64-10 after two epochs of Sgd 0.1 (seed 3). */
    private static MultiLayerNetwork trained(List<DataSet> batches) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                .l2(1e-4).weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        for (int e = 0; e < 2; e++) {
            for (DataSet d : batches) {
                net.fit(d);
            }
        }
        return net;
    }

    /** The diagonal as the listener computes it on {@code set}, against the reference; prints one line. */
    private static void listenersDiagonal(GradientProbes probes, INDArray theta, MiniBatch set, boolean printMisses,
                                          long[] idx, double[] exactFull, double medianH) {
        int n = idx.length;
        long t0 = System.nanoTime();
        double[][] h = probes.hessianDiagonal(theta, set, 32, 6e-6, 29, idx);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] est = new double[n];
        int agree = 0;
        for (int i = 0; i < n; i++) {
            est[i] = h[i][0];
            // central differences that cross no kink agree to rounding, ~1e-9 relative at this step
            if (Math.abs(est[i] - exactFull[i]) <= 1e-6 * Math.abs(exactFull[i]) + 1e-9) {
                agree++;
            } else if (printMisses) {
                System.out.printf(Locale.ROOT, "  parameter %d: exact %.6g, unit-vector reference %.6g%n", idx[i],
                        est[i], exactFull[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%s rows=%d (%.3f s): median |err| vs exact(2048) / median |H| = %.2e;"
                + " %d of %d within 1e-6 relative of the 2048-row reference%n",
                probes.curvatureMethod(set), set.size(), seconds, medianAbsDiff(est, exactFull) / medianH, agree, n);
    }

    /** Hutchinson's diagonal with {@code m} probes and difference scheme {@code fd}; prints one line. */
    private static void hutchinson(GradientProbes probes, INDArray theta, MiniBatch set, int m, FiniteDifference fd,
                                   long[] idx, double[] exactFull, double medianH) {
        int n = idx.length;
        double[][] h = probes.hessianDiagonal(theta, set, m, 6e-6, 29, idx, fd);
        double[] est = new double[n];
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            est[i] = h[i][0];
            se[i] = h[i][1];
        }
        double se2 = Math.pow(medianAbsDiff(se, new double[n]), 2);
        System.out.printf(Locale.ROOT, "M=%d rows=%d %s: median |err| vs exact(2048) / median |H| = %.3f, median SE / median |H| = %.3f%n",
                m, set.size(), fd, medianAbsDiff(est, exactFull) / medianH, Math.sqrt(se2) / medianH);
    }

    /** Nonzero entries. */
    static int count(double[] x) {
        int c = 0;
        for (double v : x) {
            if (v != 0) {
                c++;
            }
        }
        return c;
    }

    /** The median of {@code |a - b|}. */
    static double medianAbsDiff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.abs(a[i] - b[i]);
        }
        java.util.Arrays.sort(d);
        return d[d.length / 2];
    }

    /** The reference diagonal: central differences of the mean gradient along unit vectors. */
    static double[] exact(GradientProbes probes, INDArray theta, MiniBatch set, long[] idx) {
        return unitVectorDifferences(probes, theta, set, idx, 6e-6);
    }
}
