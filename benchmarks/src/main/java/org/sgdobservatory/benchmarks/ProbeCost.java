package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.probe.DirectionNoiseProbe;
import org.sgdobservatory.listener.probe.FiniteDifference;
import org.sgdobservatory.listener.probe.GradientEngine;
import org.sgdobservatory.listener.probe.GradientProbes;
import org.sgdobservatory.listener.probe.ProbeCopy;
import org.sgdobservatory.listener.probe.SpectralProbe;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * BENCHMARKS.md#what-the-probes-cost: the listener's probes ({@link GradientProbes}, exactly as its report assembly
 * calls them) timed on the digits MLP 64-H-10 after two epochs of training, as a fraction of the time of one training
 * epoch of the same network (56 minibatches of 32, no listener, median of 3 epochs timed before and after); each
 * probe's time is the median of {@value #REPEATS} runs.
 * The probe reservoir is K consecutive training minibatches (cycled when K > 56), as the listener keeps it.
 * Each probe is timed in the same run under two set-ups: {@link Setup#BEFORE} (one DL4J pass per gradient,
 * central differences: the probes before the batched dense engine) and {@link Setup#AFTER} (the defaults:
 * {@link GradientEngine#AUTO}, which batches this dense MLP, and forward differences). The "Hutchinson" rows
 * force Hutchinson's estimator; the "Hessian diagonal, listener default" row is what the report assembly gets
 * (the exact diagonal for this ReLU MLP), and the "all probes, listener default" row is the one call the report
 * assembly makes for both probes at the defaults ({@link GradientProbes#noiseAndCurvature}, which shares the dense
 * passes between them). The eigen-directions ({@link DirectionRow}) are timed in rounds of one epoch, one solve and
 * one noise measurement each, and compared round by round.
 * Not thread-safe.
 */
final class ProbeCost {

    /**
     * One timed probe.
     *
     * @param probe what ran
     * @param hidden hidden width H of the MLP 64-H-10
     * @param params parameter count
     * @param reservoirBatches K
     * @param perExample per-example gradients (the noise probe's cap, min(2048, K B))
     * @param hutchinson M (0 for the noise probe)
     * @param seconds wall time of the probe
     * @param epochSeconds wall time of one training epoch of the same network
     */
    record Row(String probe, int hidden, long params, int reservoirBatches, int perExample, int hutchinson,
               double seconds, double epochSeconds, Setup setup) {
        double epochs() {
            return seconds / epochSeconds;
        }
    }

    /**
     * The eigen-directions' cost, timed in rounds that each train one epoch, make the solve and measure the noise,
     * so that every round's ratio compares times taken moments apart.
     *
     * @param hidden hidden width H of the MLP 64-H-10
     * @param params parameter count
     * @param examples the probe examples the directions are found and probed on
     * @param products the solve's Hessian-vector products and their kind
     * @param solve per round, seconds of {@link SpectralProbe#solve}
     * @param noise per round, seconds of {@link DirectionNoiseProbe#measure}
     * @param epoch per round, seconds of one training epoch
     */
    record DirectionRow(int hidden, long params, int examples, String products, List<Double> solve,
                        List<Double> noise, List<Double> epoch) {
        /** Per round, solve plus noise in epochs of that round. */
        List<Double> epochs() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < epoch.size(); i++) {
                out.add((solve.get(i) + noise.get(i)) / epoch.get(i));
            }
            return out;
        }
    }

    /** The rows of both tables. */
    record Result(List<Row> rows, List<DirectionRow> directions) {
    }

    /** How the probes evaluate gradients. */
    enum Setup {
        /** One DL4J pass per gradient, Hutchinson by central differences (the probes before the batched engine). */
        BEFORE("DL4J passes, central", GradientEngine.DL4J_PASSES, FiniteDifference.CENTRAL),
        /** The defaults: the batched dense engine where it applies, Hutchinson by forward differences. */
        AFTER("batched, forward", GradientEngine.AUTO, FiniteDifference.FORWARD);

        final String label;
        final GradientEngine engine;
        final FiniteDifference scheme;

        Setup(String label, GradientEngine engine, FiniteDifference scheme) {
            this.label = label;
            this.engine = engine;
            this.scheme = scheme;
        }
    }

    /**
     * Minibatches the eigen-directions are found on: 45 of 32, 1 440 examples, as many as the main job's 1 438
     * training examples (the listener takes the window's first minibatches of one shape).
     */
    static final int DIRECTION_BATCHES = 45;

    /** Timed runs per probe; the row reports their median. */
    static final int REPEATS = 3;

    private ProbeCost() {
    }

    static Result measure(boolean quick) {
        List<Row> rows = new ArrayList<>();
        List<DirectionRow> directions = new ArrayList<>();
        int[] widths = quick ? new int[] {64, 256} : new int[] {64, 256, 1024};
        // a throw-away network first: run alone (--sections probes), the first network's epochs were timed with
        // DL4J's fit path still cold, about twice as long as warm, which halved its "epochs" column
        new Bench(64);
        for (int hidden : widths) {
            Bench b = new Bench(hidden);
            // the listener's defaults: K = 64 reservoir minibatches, 512 per-example gradients, M = 32
            for (Setup setup : Setup.values()) {
                rows.add(b.noise(64, 0, setup));
                rows.add(b.noise(64, 512, setup));
                rows.add(b.hutchinson(64, 32, setup));
            }
            rows.add(b.hessianAsListener(64, 32));
            rows.add(b.allAsListener(64, 512, 32));
            directions.add(b.directions(DIRECTION_BATCHES, 16, quick ? 5 : 9));
            if (hidden == 64) {
                rows.add(b.noise(64, 2048, Setup.AFTER));
                rows.add(b.hutchinson(16, 32, Setup.AFTER));
                if (!quick) {
                    rows.add(b.hutchinson(64, 8, Setup.AFTER));
                    rows.add(b.hutchinson(64, 64, Setup.AFTER));
                }
            }
            System.err.printf(Locale.ROOT, "  probes: H = %d done%n", hidden);
        }
        return new Result(rows, directions);
    }

    /** One trained network with its epoch time and a probe copy. */
    private static final class Bench {
        final int hidden;
        final List<DataSet> batches;
        final MultiLayerNetwork net;
        final long params;
        final double epochSeconds;
        final java.util.Map<Setup, GradientProbes> probes = new java.util.EnumMap<>(Setup.class);
        final INDArray theta;
        final long[] tracked;

        Bench(int hidden) {
            this.hidden = hidden;
            this.batches = BenchNetwork.digitsMlp().batches();
            this.net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                    .l2(1e-4).weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list()
                    .layer(new DenseLayer.Builder().nIn(64).nOut(hidden).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10)
                            .activation(Activation.SOFTMAX).build())
                    .build());
            net.init();
            this.params = net.numParams();
            epoch();
            epoch();
            List<Double> t = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                t.add(epoch());
            }
            NetworkAdapter adapter = NetworkAdapter.of(net);
            for (Setup setup : Setup.values()) {
                probes.put(setup, new GradientProbes(adapter, net.getIterationCount(), 0, setup.engine));
            }
            this.theta = net.params().castTo(DataType.DOUBLE).dup().reshape(params);
            this.tracked = new long[(int) params];
            for (int i = 0; i < tracked.length; i++) {
                tracked[i] = i;
            }
            // warm the probe path once (JIT, ND4J op caches)
            for (Setup setup : Setup.values()) {
                probes.get(setup).gradientNoise(theta, reservoir(4), MiniBatch.concat(reservoir(4)), 16, tracked);
                probes.get(setup).hessianDiagonal(theta, MiniBatch.concat(reservoir(4)), 2, 6e-6, 1, tracked,
                        setup.scheme);
                probes.get(setup).hessianDiagonal(theta, MiniBatch.concat(reservoir(4)), 2, 6e-6, 1, tracked);
                List<MiniBatch> small = reservoir(4);
                probes.get(setup).noiseAndCurvature(theta, small, MiniBatch.concat(small), 16, tracked, 2, 6e-6, 1);
            }
            for (int i = 0; i < 3; i++) {
                t.add(epoch());
            }
            this.epochSeconds = BenchStats.median(t);
        }

        double epoch() {
            long t0 = System.nanoTime();
            for (DataSet d : batches) {
                net.fit(d);
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        /** Median wall time of {@value #REPEATS} runs (the machine is shared; one run can catch a load spike). */
        double medianSeconds(Runnable probe) {
            List<Double> t = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                probe.run();
                t.add((System.nanoTime() - t0) / 1e9);
            }
            return BenchStats.median(t);
        }

        List<MiniBatch> reservoir(int k) {
            List<MiniBatch> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                DataSet d = batches.get(i % batches.size());
                out.add(new MiniBatch(d.getFeatures(), d.getLabels()));
            }
            return out;
        }

        Row noise(int k, int perExampleCap, Setup setup) {
            List<MiniBatch> res = reservoir(k);
            MiniBatch examples = MiniBatch.concat(res);
            double s = medianSeconds(() -> probes.get(setup).gradientNoise(theta, res, examples, perExampleCap,
                    tracked));
            return new Row(perExampleCap > 0 ? "noise (minibatch + per-example)" : "noise, minibatch part only",
                    hidden, params, k, Math.min(perExampleCap, examples.size()), 0, s, epochSeconds, setup);
        }

        Row hutchinson(int k, int m, Setup setup) {
            MiniBatch examples = MiniBatch.concat(reservoir(k));
            double s = medianSeconds(() -> probes.get(setup).hessianDiagonal(theta, examples, m, 6e-6, 29, tracked,
                    setup.scheme));
            return new Row("Hutchinson", hidden, params, k, 0, m, s, epochSeconds, setup);
        }

        /**
         * Both probes exactly as the report assembly asks for them at the defaults: one
         * {@link GradientProbes#noiseAndCurvature} call on the reservoir and its concatenation.
         */
        Row allAsListener(int k, int perExampleCap, int m) {
            List<MiniBatch> res = reservoir(k);
            MiniBatch examples = MiniBatch.concat(res);
            GradientProbes p = probes.get(Setup.AFTER);
            double s = medianSeconds(() -> p.noiseAndCurvature(theta, res, examples, perExampleCap, tracked, m, 6e-6,
                    29));
            return new Row("all probes, listener default (noise + " + p.curvatureMethod(examples) + ", one call)",
                    hidden, params, k, Math.min(perExampleCap, examples.size()), m, s, epochSeconds, Setup.AFTER);
        }

        /**
         * The eigen-directions as the listener finds and probes them at its defaults: the Lanczos solve for
         * {@code k} directions ({@link SpectralProbe#solve}, made once at the window's start) and the noise along
         * them ({@link DirectionNoiseProbe#measure}, at the window's end), each over the {@code batches} minibatches'
         * examples, in {@code rounds} rounds of one training epoch, one solve and one noise measurement each (the
         * epoch first, so that the probes do not run on caches the epoch has just filled). The network trains on
         * between rounds, so each round's solve is at slightly different parameters, as a listener's would be.
         */
        DirectionRow directions(int batches, int k, int rounds) {
            MiniBatch examples = MiniBatch.concat(reservoir(batches));
            ObservatoryConfig config = ObservatoryConfig.builder().directions(k).config();
            NetworkAdapter adapter = NetworkAdapter.of(net);
            GradientProbes p = probes.get(Setup.AFTER);
            DirectionBasis basis = solve(config, adapter, examples);
            DirectionNoiseProbe.measure(new ProbeCopy(p, theta, examples, reservoir(batches)), basis, 32);
            List<Double> solve = new ArrayList<>();
            List<Double> noise = new ArrayList<>();
            List<Double> epoch = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                epoch.add(epoch());
                INDArray at = net.params().castTo(DataType.DOUBLE).dup().reshape(params);
                ProbeCopy copy = new ProbeCopy(freshProbes(), at, examples, reservoir(batches));
                long t0 = System.nanoTime();
                basis = solve(config, adapter, examples);
                long t1 = System.nanoTime();
                DirectionNoiseProbe.measure(copy, basis, 32);
                long t2 = System.nanoTime();
                solve.add((t1 - t0) / 1e9);
                noise.add((t2 - t1) / 1e9);
            }
            String products = basis.solve().matrixVectorProducts() + " " + basis.solve().products().name()
                    .toLowerCase(Locale.ROOT).replace('_', ' ');
            return new DirectionRow(hidden, params, examples.size(), products, solve, noise, epoch);
        }

        private DirectionBasis solve(ObservatoryConfig config, NetworkAdapter adapter, MiniBatch examples) {
            return SpectralProbe.solve(config, adapter, examples, 0, net.getIterationCount(), 0, 5, new Findings())
                    .orElseThrow();
        }

        /**
         * Probes on a copy of the network as it is now (the listener's window end makes its copy for all its probes,
         * so the copy is not timed).
         */
        private GradientProbes freshProbes() {
            return new GradientProbes(NetworkAdapter.of(net), net.getIterationCount(), 0, Setup.AFTER.engine);
        }

        /**
         * The Hessian diagonal exactly as the report assembly asks for it (no difference scheme given): for this
         * ReLU/softmax MLP under the AUTO engine that is the exact Gauss-Newton diagonal, which ignores M.
         */
        Row hessianAsListener(int k, int m) {
            MiniBatch examples = MiniBatch.concat(reservoir(k));
            GradientProbes p = probes.get(Setup.AFTER);
            double s = medianSeconds(() -> p.hessianDiagonal(theta, examples, m, 6e-6, 29, tracked));
            return new Row("Hessian diagonal, listener default (" + p.curvatureMethod(examples) + ")", hidden, params,
                    k, 0, m, s, epochSeconds, Setup.AFTER);
        }
    }
}
