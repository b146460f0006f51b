package org.sgdobservatory.listener.probe;

import java.util.Optional;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.DenseStack;
import org.sgdobservatory.listener.sample.DistinctExamples;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.Measurement;

/**
 * The gradient noise and the curvature along each eigen-direction. Where the network allows exact Hessian products
 * (dense stacks on the batched engine with piecewise-linear hidden activations and a supported output pair) each
 * example's {@code d_ik = w_k . grad l_i} and
 * {@code q_ik = w_k' H_i w_k} come exactly from first- and second-order forward directional derivatives
 * ({@link DenseHessianProduct#exampleDerivatives}). Elsewhere they come from per-example losses alone: at the probe
 * parameters {@code theta}, the losses {@code l_i(theta), l_i(theta + e w_k), l_i(theta - e w_k)} of all {@code m}
 * probe examples ({@code 2k + 1} forward passes, no per-example backward pass) give
 * <pre>
 *   d_ik = (l_i(theta + e w_k) - l_i(theta - e w_k)) / (2 e)          ~ w_k . grad l_i     (O(e^2))
 *   q_ik = (l_i(theta + e w_k) - 2 l_i(theta) + l_i(theta - e w_k)) / e^2  ~ w_k' H_i w_k  (O(e^2))
 * </pre>
 * with {@code e = 1e-4 (1 + ||theta||) / ||w_k||}, so that the step is small against the parameters and the
 * differences are far above the losses' rounding (about {@code 1e-16 l / e^2 ~ 1e-8} relative for the second
 * difference); a probe example whose ReLU or max-pool switches within the step adds its slope's jump divided by
 * {@code e} to its {@code q_ik}, which inflates {@code SE(lambda)} on such networks (on the benchmarks' small CNN,
 * to 20-50% of {@code lambda}, more at smaller steps), and biases {@code d_ik} by up to half the jump (there, c_k
 * 0.5-2% below its value at smaller steps). The noise along the direction is the per-example variance of {@code d} divided by B,
 * {@code c_k = Var_i(d_ik) / B} (sampling with replacement), with standard error {@code c_k sqrt(2/(m-1) + kappa/m)}
 * from the measured excess kurtosis {@code kappa}; the eigenvalue's sampling error over the examples is
 * {@code sd_i(q_ik) / sqrt(m)} ({@code docs/estimators.md#noise-along-a-direction}). Every probe example is used, not
 * a sample of them: the top directions of a preconditioned frame are often carried by parameters that only a handful
 * of examples reach (an input pixel set in one image of the training set), and a sample that misses those examples
 * misses the direction's noise altogether. Each distinct example is computed once and counted as often as the probe
 * set holds it ({@link DistinctExamples}): a reservoir drawn over several epochs of a small data set repeats
 * examples, and the statistics are those of the probe set's rows either way. Stateless.
 */
public final class DirectionNoiseProbe {

    private static final double RELATIVE_STEP = 1e-4;
    /**
     * Memory for the exact derivatives' arrays of one pass over a chunk of examples: the base pass in double, its
     * single-precision copies and the work arrays. 128 MB is about 1 450 examples of the 784-1024-1024-10 MLP and
     * all the probe examples of a small network, which then take one base pass instead of several.
     */
    static final long CHUNK_BYTES = 128L << 20;
    /** The fewest examples per chunk, whatever their size. */
    static final int MIN_CHUNK = 64;

    private DirectionNoiseProbe() {
    }

    /**
     * Noise and curvature errors along every direction of {@code basis}.
     *
     * @param copy the probe copy (its engine, parameters and examples: all of them are used)
     * @param miniBatchSize B
     * @return per direction: {@code [c_k, SE(c_k), SE(lambda_k), kappa_k]} (kappa: the slopes' excess kurtosis)
     */
    public static double[][] measure(ProbeCopy copy, DirectionBasis basis, int miniBatchSize) {
        return start(copy, basis, miniBatchSize).join();
    }

    /** {@link #measure} with the exact derivatives taken {@code chunk} examples at a time. */
    static double[][] measure(ProbeCopy copy, DirectionBasis basis, int miniBatchSize, int chunk) {
        return start(copy, basis, miniBatchSize, chunk).join();
    }

    /**
     * {@link #measure}, started: where the exact derivatives of all the probe examples take one pass, the directions
     * are being shared among the copy's other threads ({@link ProbeThreads}) when this returns, and
     * {@link Pending#join} has the caller take those left; otherwise the measurement is made here. The threads only
     * read the copy's parameters, examples and dense stack, so the caller may meanwhile use the copy for anything
     * that does not modify them.
     */
    public static Pending start(ProbeCopy copy, DirectionBasis basis, int miniBatchSize) {
        return start(copy, basis, miniBatchSize,
                copy.probes().denseStack().map(DirectionNoiseProbe::chunkRows).orElse(MIN_CHUNK));
    }

    /**
     * {@link #start}, to run beside other work on the copy: where the copy's exact derivatives apply
     * ({@link GradientProbes#exactProducts}) and the copy has threads besides the caller's. Empty, with nothing done,
     * where the measurement would take the differences of the copy's DL4J losses, which must not run beside other
     * passes on the copy, or where there is one thread only (nothing would run meanwhile, and the base pass's arrays
     * would be held through the other work for nothing).
     */
    public static Optional<Pending> startExact(ProbeCopy copy, DirectionBasis basis, int miniBatchSize) {
        return copy.probes().threads().limit() > 1 && copy.probes().exactProducts(copy.examples())
                ? Optional.of(start(copy, basis, miniBatchSize)) : Optional.empty();
    }

    private static Pending start(ProbeCopy copy, DirectionBasis basis, int miniBatchSize, int chunk) {
        DistinctExamples distinct = copy.probes().distinct(copy.examples());
        MiniBatch examples = distinct.rows();
        int m = examples.size();
        Optional<DenseHessianProduct> first = m > 0
                ? copy.probes().exactHessianProduct(copy.theta(), examples.rows(0, Math.min(m, chunk)))
                : Optional.empty();
        if (first.isEmpty()) {
            return Pending.done(differences(copy, distinct, basis, miniBatchSize));
        }
        ExampleDerivatives all = new ExampleDerivatives(basis.size(), m);
        if (m <= chunk) {
            ProbeThreads.Started started = all.start(copy, basis, first.get().singlePrecision(), 0);
            return new Pending(() -> {
                started.join();
                return all.summarise(distinct, miniBatchSize);
            }, started::abandon);
        }
        exact(copy, examples, basis, first.get(), chunk, all);
        return Pending.done(all.summarise(distinct, miniBatchSize));
    }

    /** A measurement along the directions, finished or under way ({@link #start}). */
    public static final class Pending {
        private final Supplier<double[][]> finish;
        private final Runnable abandon;

        private Pending(Supplier<double[][]> finish, Runnable abandon) {
            this.finish = finish;
            this.abandon = abandon;
        }

        private static Pending done(double[][] measured) {
            return new Pending(() -> measured, () -> { });
        }

        /** The measurement, as {@link #measure} returns it, once every direction is done. */
        public double[][] join() {
            return finish.get();
        }

        /** Stops the measurement and waits until nothing reads the copy any more (for a caller that failed). */
        public void abandon() {
            abandon.run();
        }
    }

    /**
     * Examples per pass of the exact derivatives on {@code stack}: as many as {@link #CHUNK_BYTES} holds, at
     * {@code 8 (nIn + 3 w + 3 nOut) + 4 (nIn + 4 w + 2 nOut)} bytes each for total hidden width {@code w} (the base
     * pass's inputs, slopes, pre-activations and output values in double, the pre-activations being released only
     * when the garbage collector frees them; their single-precision copies; the two work arrays), and at least
     * {@value #MIN_CHUNK}.
     */
    static int chunkRows(DenseStack stack) {
        long w = stack.layers().stream().limit(stack.layers().size() - 1L).mapToLong(l -> l.nOut()).sum();
        long perExample = 8 * (stack.nIn() + 3 * w + 3L * stack.nOut()) + 4 * (stack.nIn() + 4 * w + 2L * stack.nOut());
        return (int) Math.max(MIN_CHUNK, Math.min(Integer.MAX_VALUE, CHUNK_BYTES / perExample));
    }

    /** {@link #measure} by central differences of the per-example losses, whatever the network. */
    static double[][] differences(ProbeCopy copy, DirectionBasis basis, int miniBatchSize) {
        return differences(copy, copy.probes().distinct(copy.examples()), basis, miniBatchSize);
    }

    /** Central differences on each distinct example once, read back for every probe row. */
    private static double[][] differences(ProbeCopy copy, DistinctExamples distinct, DirectionBasis basis,
                                          int miniBatchSize) {
        MiniBatch examples = distinct.rows();
        int m = examples.size();
        INDArray theta = copy.theta();
        double scale = 1 + theta.norm2Number().doubleValue();
        double[] base = copy.probes().exampleLosses(theta, examples);
        double[][] out = new double[basis.size()][];
        for (int k = 0; k < basis.size(); k++) {
            double[] w = basis.noiseDirection(k);
            double norm = 0;
            for (double x : w) {
                norm += x * x;
            }
            double e = RELATIVE_STEP * scale / Math.sqrt(norm);
            INDArray step = Nd4j.createFromArray(w).muli(e);
            double[] plus = copy.probes().exampleLosses(theta.add(step), examples);
            double[] minus = copy.probes().exampleLosses(theta.sub(step), examples);
            double[] d = new double[m];
            double[] q = new double[m];
            for (int i = 0; i < m; i++) {
                d[i] = (plus[i] - minus[i]) / (2 * e);
                q[i] = (plus[i] - 2 * base[i] + minus[i]) / (e * e);
            }
            out[k] = summarise(distinct.expand(d), distinct.expand(q), miniBatchSize);
        }
        return out;
    }

    /**
     * The same from each example's exact directional derivatives ({@link DenseHessianProduct#exampleDerivatives}),
     * {@code chunk} examples at a time ({@link #chunkRows}: the base pass's arrays of a chunk, not of the whole probe
     * set, are held),
     * each product in single precision ({@link DenseHessianProduct#singlePrecision}: twice as fast, its rounding
     * bounded by 6e-5 of a product's terms on 1024-wide layers, 2e-6 of {@code c_k} measured on a closed form, against
     * a sampling error of several percent). The directions are shared among the probe copy's threads
     * ({@link ProbeThreads}), each with its own work arrays on the one base pass.
     */
    private static void exact(ProbeCopy copy, MiniBatch examples, DirectionBasis basis, DenseHessianProduct first,
                              int chunk, ExampleDerivatives all) {
        int m = examples.size();
        for (int from = 0; from < m; from += chunk) {
            int to = Math.min(m, from + chunk);
            DenseHessianProduct.Derivatives pass = (from == 0 ? first
                    : copy.probes().exactHessianProduct(copy.theta(), examples.rows(from, to)).orElseThrow())
                    .singlePrecision();
            // the first pass's arrays become garbage once the next pass replaces it
            first = null;
            all.start(copy, basis, pass, from).join();
        }
    }

    /** Every distinct example's {@code d_ik} and {@code q_ik}, filled pass by pass. */
    private static final class ExampleDerivatives {
        final double[][] d;
        final double[][] q;

        ExampleDerivatives(int directions, int examples) {
            d = new double[directions][examples];
            q = new double[directions][examples];
        }

        /**
         * Starts the directions on {@code pass}, whose examples begin at {@code offset}: each thread with its own work
         * arrays on the one base pass (the caller's thread with {@code pass} itself) and its own direction vector.
         */
        ProbeThreads.Started start(ProbeCopy copy, DirectionBasis basis, DenseHessianProduct.Derivatives pass,
                                   int offset) {
            int parameters = (int) copy.theta().length();
            return copy.probes().threads().start(basis.size(), thread -> {
                DenseHessianProduct.Derivatives mine = thread == 0 ? pass : pass.sibling();
                double[] w = new double[parameters];
                return k -> {
                    double[][] dq = mine.along(basis.noiseDirection(k, w));
                    System.arraycopy(dq[0], 0, d[k], offset, dq[0].length);
                    System.arraycopy(dq[1], 0, q[k], offset, dq[1].length);
                };
            });
        }

        double[][] summarise(DistinctExamples distinct, int miniBatchSize) {
            double[][] out = new double[d.length][];
            for (int k = 0; k < d.length; k++) {
                out[k] = DirectionNoiseProbe.summarise(distinct.expand(d[k]), distinct.expand(q[k]), miniBatchSize);
            }
            return out;
        }
    }

    /** {@code [c, SE(c), SE(lambda), kappa]} from the per-example first and second differences. */
    static double[] summarise(double[] d, double[] q, int miniBatchSize) {
        int m = d.length;
        if (m < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = 0;
        double meanQ = 0;
        for (int i = 0; i < m; i++) {
            mean += d[i] / m;
            meanQ += q[i] / m;
        }
        double m2 = 0;
        double m4 = 0;
        double q2 = 0;
        for (int i = 0; i < m; i++) {
            double x = d[i] - mean;
            m2 += x * x / m;
            m4 += x * x * x * x / m;
            q2 += (q[i] - meanQ) * (q[i] - meanQ);
        }
        double variance = m2 * m / (m - 1.0);
        double kappa = m2 > 0 ? Math.max(-2, m4 / (m2 * m2) - 3) : 0;
        double c = variance / miniBatchSize;
        return new double[] {c, c * Math.sqrt(Math.max(0, 2.0 / (m - 1) + kappa / m)), Math.sqrt(q2 / (m - 1) / m),
            kappa};
    }

    /** The noise of direction {@code k} of {@code measured} as a measurement. */
    public static Measurement noise(double[][] measured, int k) {
        return new Measurement(measured[k][0], measured[k][1]);
    }
}
