package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.sgdobservatory.listener.ObservatoryBuilder;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.sample.ObservationSession;

/**
 * BENCHMARKS.md#what-observing-costs: training time per iteration of one network with each listener set-up, measured in
 * alternation. Every set-up trains its own identically initialised copy of the network (same seed) on the
 * same minibatches in the same order, one {@code fit(DataSet)} (= one iteration) at a time. A round runs every
 * set-up for the same number of iterations, interleaved in chunks of {@value #CHUNK} iterations (a rotation runs
 * one chunk of each, in a new seeded random order each time) so that every set-up sees the same machine load and
 * follows every other equally often.
 *
 * <p>Two estimates of each set-up's ratio to "no listener". <em>Paired</em>: one rotation (every set-up's chunk, one
 * after the other, tens of milliseconds) gives each set-up the ratio of its chunk to the no-listener chunk of the same
 * rotation; the estimate is the median of those ratios over every rotation of every round, with a bootstrap interval
 * ({@link BenchStats#medianInterval}). On this machine an iteration's time switches between regimes for seconds at a
 * time (the same network ran 1.2 and 2.2 ms per iteration in neighbouring chunks), which a rotation mostly sees
 * whole; a switch inside a rotation makes an outlier, which the median ignores. The median chunk is the typical
 * one, not the mean: work that comes back less often than once a chunk (the wide MLP's stride of the directions, a
 * reservoir copy, a block of statistics closed) is in the rarer, dearer chunks that the median leaves out, so it reads
 * low by their share. <em>Per round</em>: each set-up's mean time per iteration over the round, divided by
 * no listener's, the median over rounds; a mean whatever the period, but a round's mean carries every regime switch
 * inside it (per-round ratios scattered by 10 to 20% here).
 *
 * <p>Besides wall time, each chunk records the training thread's CPU time and the bytes it allocated
 * ({@code com.sun.management.ThreadMXBean}). Wall time charges a garbage collection to whichever set-up is
 * running when it happens, and with millisecond iterations one collection triggered by one set-up's garbage can
 * land on another's chunk; it also counts time the scheduler gave to other processes. The thread's CPU time
 * counts neither (ND4J runs its operations on the calling thread with {@code OMP_NUM_THREADS=1}), so its ratios
 * are steadier; the allocation column shows the garbage each set-up makes, whose collection CPU time is not in
 * the ratio. A listener that does nothing, inside the same timing decorator as the observatory
 * ({@link Setup#EMPTY}), measures what attaching any listener and timing it costs; a second copy without a listener
 * ({@link Setup#NONE_AGAIN}) shows the estimates' own error.
 *
 * <p>The observatory uses its defaults plus {@code startAtIteration(WINDOW_START)}: its window opens after
 * {@value #WINDOW_START} warm-up iterations, as it opens late in a user's training, so the iteration time it measures
 * when it finds the eigen-directions (and sizes their sampling stride with) is a warm one; the first warm-up pass
 * runs on until every observatory has its basis. The window never ends during the measurement: the timed part holds
 * the per-iteration work (sampling, statistics, data-order fingerprints, probe reservoir, the directions'
 * projections) but no probes and no report, which {@link ProbeCost} measures separately. Not thread-safe.
 */
final class ListenerOverhead {

    /** The listener set-ups, in table order. */
    enum Setup {
        NONE("no listener", false),
        OBSERVATORY_EVERY_1("observatory every 1", true),
        OBSERVATORY_EVERY_10("observatory every 10", true),
        OBSERVATORY_EVERY_1_NO_DIRECTIONS("observatory every 1, no directions", true),
        OBSERVATORY_EVERY_10_NO_DIRECTIONS("observatory every 10, no directions", true),
        STATS("StatsListener (in-memory, defaults)", false),
        SCORE("ScoreIterationListener(1)", false),
        EMPTY("a listener that does nothing", true),
        NONE_AGAIN("no listener, a second copy", false);

        final String label;
        /** Whether its listener runs inside a {@link TimedListener} (its time inside the callbacks is read). */
        final boolean timed;

        Setup(String label, boolean timed) {
            this.label = label;
            this.timed = timed;
        }
    }

    /**
     * Per-round figures of one network, per set-up: wall nanoseconds per iteration and its ratio to NONE, the
     * training thread's CPU nanoseconds per iteration and its ratio to NONE, and bytes allocated per iteration.
     */
    record Result(BenchNetwork network, long numParams, int iterationsPerMeasurement, int firstWindowIteration,
                  Map<Setup, List<Double>> nanosPerIteration, Map<Setup, List<Double>> ratios,
                  Map<Setup, List<Double>> cpuNanosPerIteration, Map<Setup, List<Double>> cpuRatios,
                  Map<Setup, List<Double>> bytesPerIteration, Map<Setup, List<Double>> callbackRatios, Paired paired) {
    }

    /**
     * Per set-up, one ratio to the no-listener chunk of the same rotation per rotation (all rounds): wall time, the
     * training thread's CPU time, and the time inside the observatory's callbacks over no listener's CPU time.
     */
    record Paired(Map<Setup, List<Double>> wall, Map<Setup, List<Double>> cpu, Map<Setup, List<Double>> callbacks) {

        static Paired of(Setup[] all) {
            Paired p = new Paired(new EnumMap<>(Setup.class), new EnumMap<>(Setup.class), new EnumMap<>(Setup.class));
            for (Setup s : all) {
                p.wall.put(s, new ArrayList<>());
                p.cpu.put(s, new ArrayList<>());
                p.callbacks.put(s, new ArrayList<>());
            }
            return p;
        }

        /** Adds one rotation's costs. */
        void add(Map<Setup, Cost> rotation) {
            Cost none = rotation.get(Setup.NONE);
            for (Map.Entry<Setup, Cost> e : rotation.entrySet()) {
                wall.get(e.getKey()).add(e.getValue().wall() / none.wall());
                cpu.get(e.getKey()).add(e.getValue().cpu() / none.cpu());
                callbacks.get(e.getKey()).add(e.getValue().callbacks() / none.cpu());
            }
        }
    }

    /**
     * Wall nanoseconds, thread CPU nanoseconds, allocated bytes and nanoseconds inside the timed listener's callbacks
     * ({@link TimedListener}: wall time) of a run, per iteration.
     */
    private record Cost(double wall, double cpu, double bytes, double callbacks) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Iterations a set-up runs before the next one takes over (a multiple of 10: one sample for "every 10"). */
    static final int CHUNK = 10;

    /** Warm-up iterations before the observatory's window opens. */
    static final int WINDOW_START = 100;

    private ListenerOverhead() {
    }

    /**
     * Measures {@code setups} (NONE is always included) on copies of {@code bn}: {@code rounds} rounds of about
     * {@code seconds} per set-up, each round interleaving the set-ups in chunks of {@link #CHUNK} iterations, from
     * {@code intoWindow} iterations after the window's directions were found (the first part of a window keeps more
     * of the minibatches offered to the probe reservoir, and the data order is still being fingerprinted).
     */
    static Result measure(BenchNetwork bn, List<Setup> setups, int rounds, double seconds, int intoWindow) {
        java.util.EnumSet<Setup> chosen = java.util.EnumSet.copyOf(setups);
        chosen.add(Setup.NONE);
        Setup[] all = chosen.toArray(new Setup[0]);
        Map<Setup, Trained> nets = new EnumMap<>(Setup.class);
        for (Setup s : all) {
            nets.put(s, Trained.of(bn, s));
        }
        // warm-up: two alternating passes; the first opens the windows and finds the directions (the window's first
        // BASIS_BATCHES minibatches, and a few more), the second calibrates the iteration count on "no listener"
        double nanosNone = 0;
        for (int pass = 0; pass < 2; pass++) {
            int warm = pass == 0 ? WINDOW_START + ObservationSession.BASIS_BATCHES + 4 + intoWindow : 20;
            for (Setup s : all) {
                double t = nets.get(s).run(bn, warm).wall();
                if (s == Setup.NONE) {
                    nanosNone = t;
                }
            }
        }
        int chunks = (int) Math.max(2, Math.ceil(seconds * 1e9 / nanosNone / CHUNK));
        Rounds out = new Rounds(all);
        Paired paired = Paired.of(all);
        java.util.SplittableRandom order = new java.util.SplittableRandom(20261206L);
        for (int r = 0; r < rounds; r++) {
            Map<Setup, double[]> t = new EnumMap<>(Setup.class);
            for (Setup s : all) {
                t.put(s, new double[4]);
            }
            for (int c = 0; c < chunks; c++) {
                Map<Setup, Cost> rotation = new EnumMap<>(Setup.class);
                shuffle(all, order);
                for (Setup s : all) {
                    Cost cost = nets.get(s).run(bn, CHUNK);
                    rotation.put(s, cost);
                    double[] sum = t.get(s);
                    sum[0] += cost.wall() / chunks;
                    sum[1] += cost.cpu() / chunks;
                    sum[2] += cost.bytes() / chunks;
                    sum[3] += cost.callbacks() / chunks;
                }
                paired.add(rotation);
            }
            System.err.printf(Locale.ROOT, "  %s round %d/%d (wall/cpu per iteration):%s%n", bn.name(), r + 1, rounds,
                    out.add(t));
        }
        int first = ObservationSession.BASIS_BATCHES + 4 + intoWindow + 20;
        return new Result(bn, nets.get(Setup.NONE).net().numParams(), chunks * CHUNK, first, out.nanos, out.ratios,
                out.cpuNanos, out.cpuRatios, out.bytes, out.callbackRatios, paired);
    }

    /**
     * Puts {@code setups} in a new random order (Fisher-Yates): each set-up follows every other about equally often,
     * where a rotated fixed order would always give it the same predecessor and its garbage and cache footprint.
     */
    private static void shuffle(Setup[] setups, java.util.SplittableRandom random) {
        for (int i = setups.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Setup t = setups[i];
            setups[i] = setups[j];
            setups[j] = t;
        }
    }

    /**
     * The observatory at its defaults, its window opening after the warm-up; without the rehearsal, a one-off on
     * another thread when the JVM's first window opens (its cost is in the window-end figures), which would run
     * beside the first rounds of every set-up.
     */
    private static ObservatoryBuilder observatory() {
        return ObservatoryListener.builder().startAtIteration(WINDOW_START).rehearse(false);
    }

    /** Every round's figures per set-up, in round order. */
    private static final class Rounds {
        final Map<Setup, List<Double>> nanos = new EnumMap<>(Setup.class);
        final Map<Setup, List<Double>> ratios = new EnumMap<>(Setup.class);
        final Map<Setup, List<Double>> cpuNanos = new EnumMap<>(Setup.class);
        final Map<Setup, List<Double>> cpuRatios = new EnumMap<>(Setup.class);
        final Map<Setup, List<Double>> bytes = new EnumMap<>(Setup.class);
        final Map<Setup, List<Double>> callbackRatios = new EnumMap<>(Setup.class);

        Rounds(Setup[] all) {
            for (Setup s : all) {
                nanos.put(s, new ArrayList<>());
                ratios.put(s, new ArrayList<>());
                cpuNanos.put(s, new ArrayList<>());
                cpuRatios.put(s, new ArrayList<>());
                bytes.put(s, new ArrayList<>());
                callbackRatios.put(s, new ArrayList<>());
            }
        }

        /** Adds one round's {wall, cpu, bytes} per iteration of each set-up; returns the progress line's tail. */
        String add(Map<Setup, double[]> round) {
            double[] none = round.get(Setup.NONE);
            StringBuilder line = new StringBuilder();
            for (Map.Entry<Setup, double[]> e : round.entrySet()) {
                Setup s = e.getKey();
                double[] sum = e.getValue();
                nanos.get(s).add(sum[0]);
                ratios.get(s).add(sum[0] / none[0]);
                cpuNanos.get(s).add(sum[1]);
                cpuRatios.get(s).add(sum[1] / none[1]);
                bytes.get(s).add(sum[2]);
                callbackRatios.get(s).add(sum[3] / none[1]);
                line.append(String.format(Locale.ROOT, " %s %.3f/%.3f ms", s, sum[0] / 1e6, sum[1] / 1e6));
            }
            return line.toString();
        }
    }

    /**
     * One set-up's copy of the network, the decorator timing the observatory's callbacks (null for the other set-ups)
     * and the position of the next minibatch.
     */
    private record Trained(MultiLayerNetwork net, TimedListener timed, int[] position) {

        /** A fresh copy of the network with the set-up's listener attached; the observatory inside a decorator. */
        static Trained of(BenchNetwork bn, Setup s) {
            MultiLayerNetwork net = bn.factory().get();
            TrainingListener listener = switch (s) {
                case OBSERVATORY_EVERY_1 -> observatory().build();
                case OBSERVATORY_EVERY_10 -> observatory().every(10).build();
                case OBSERVATORY_EVERY_1_NO_DIRECTIONS -> observatory().directions(0).build();
                case OBSERVATORY_EVERY_10_NO_DIRECTIONS -> observatory().every(10).directions(0).build();
                case EMPTY -> new BaseTrainingListener() { };
                case STATS -> new StatsListener(new InMemoryStatsStorage());
                case SCORE -> new ScoreIterationListener(1);
                case NONE, NONE_AGAIN -> null;
            };
            TimedListener timed = s.timed ? new TimedListener(listener) : null;
            if (listener != null) {
                net.addListeners(timed != null ? timed : listener);
            }
            return new Trained(net, timed, new int[1]);
        }

        /** Trains {@code iterations} iterations (one fit(DataSet) each); its costs per iteration. */
        Cost run(BenchNetwork bn, int iterations) {
            long inside = timed == null ? 0 : timed.insideNanos();
            List<org.nd4j.linalg.dataset.DataSet> batches = bn.batches();
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                net.fit(batches.get(position[0]++ % batches.size()));
            }
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            long a1 = THREADS.getCurrentThreadAllocatedBytes();
            double callbacks = timed == null ? 0 : (timed.insideNanos() - inside) / (double) iterations;
            return new Cost((t1 - t0) / (double) iterations, (c1 - c0) / (double) iterations,
                    (a1 - a0) / (double) iterations, callbacks);
        }
    }
}
