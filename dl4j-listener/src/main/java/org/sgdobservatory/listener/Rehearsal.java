package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdobservatory.listener.adapter.IndependentCopy;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dress rehearsal of the window's end. In a fresh JVM the first report pays for loading and compiling its code:
 * the probes' loops over tracked parameters and examples run interpreted until the JIT compiler catches up, and the
 * statistics, the judging, Jackson's serializers and the page are loaded on first use, seconds of the window's end
 * on the benchmarks' wide MLP. So when the first listener of a JVM starts its window, a daemon thread trains a
 * {@link IndependentCopy#detached detached copy} of the network (its own data type, its own configuration objects)
 * for {@value #ITERATIONS} iterations on copies of at most {@value #ROWS} rows of the current minibatch, split into
 * up to {@value #BATCHES} minibatches, under a listener with the user's probes and judging but small sizes
 * ({@link ObservatoryConfig#rehearsal}: {@value #TRACKED} tracked parameters, {@value #CLOSE_UPS} close-up), which
 * writes its report and page into a {@link ScratchDirectory}. The real report then runs compiled code.
 *
 * <p>What it never does: touch the training network (the copy is made on the training thread, in the callback before
 * the step, and shares no buffer or configuration object with it), draw from the training thread's random generator
 * (ND4J's generators are per thread), log (the observatory's log lines are silent on this thread,
 * {@link #onThisThread()}), or let a failure out (anything thrown, errors included, is logged at DEBUG and dropped).
 * It runs only when asked for ({@code rehearse(true)}), at most once per JVM, and not for networks of more than
 * {@value #MAX_PARAMETERS} parameters. What it costs
 * (a copy of the network, and CPU time beside training) is measured in {@code BENCHMARKS.md#window-end-to-report}.
 */
public final class Rehearsal {

    /** Networks with more parameters are not rehearsed. */
    public static final long MAX_PARAMETERS = 4_000_000L;
    /** The rehearsal's window. */
    static final int ITERATIONS = 64;
    /** Rows of the current minibatch it trains on, at most. */
    static final int ROWS = 16;
    /** Minibatches they are split into, trained in turn. */
    static final int BATCHES = 4;
    /** Tracked parameters, at most. */
    static final int TRACKED = 4096;
    /** Close-ups, at most. */
    static final int CLOSE_UPS = 1;
    /** The statistics' memory budget, at most. */
    static final double MEGABYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    private static final String THREAD_NAME = "sgd-observatory-rehearsal";
    private static volatile Rehearsal last;

    private final Thread thread;
    private volatile Optional<ObservatoryReport> report = Optional.empty();
    private volatile Path directory;

    private Rehearsal(Model copy, DataSet[] batches, ObservatoryConfig config) {
        this.thread = new RehearsalThread(() -> run(copy, batches, config));
        thread.setDaemon(true);
    }

    /**
     * Starts the JVM's one rehearsal unless it has already been started or {@link #wanted} says no; call on the
     * training thread, in a callback before the step. Never throws.
     *
     * @param config the listener's configuration
     * @param adapter the training network (copied, not written)
     * @param features the current minibatch's features (rows are copied, not retained)
     * @param labels its labels
     */
    public static void maybeStart(ObservatoryConfig config, NetworkAdapter adapter, INDArray features,
                                  INDArray labels) {
        if (wanted(config, adapter, features, labels) && CLAIMED.compareAndSet(false, true)) {
            start(config, adapter, features, labels);
        }
    }

    /**
     * Whether a rehearsal is asked for and possible: {@code rehearse(true)}, not on a rehearsal's own thread, a
     * network of one input and one output array of at most {@value #MAX_PARAMETERS} parameters, a minibatch of at
     * least two rows.
     */
    static boolean wanted(ObservatoryConfig config, NetworkAdapter adapter, INDArray features, INDArray labels) {
        Model m = adapter.model();
        return config.rehearse() && !onThisThread() && (m instanceof MultiLayerNetwork || m instanceof ComputationGraph)
                && adapter.singleInputSingleOutput() && adapter.numParams() <= MAX_PARAMETERS && features.rank() >= 2
                && features.size(0) >= 2 && labels.size(0) == features.size(0);
    }

    /**
     * Starts a rehearsal whether or not one ran before (what {@link #maybeStart} does once the checks passed).
     *
     * @return empty when the copy, the rows or the thread could not be made (logged at DEBUG)
     */
    static Optional<Rehearsal> start(ObservatoryConfig config, NetworkAdapter adapter, INDArray features,
                                     INDArray labels) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Rehearsal r = new Rehearsal(IndependentCopy.detached(adapter, adapter.params().dataType()),
                    batches(features, labels), config);
            r.thread.start();
            last = r;
            return Optional.of(r);
        } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
            LOG.debug("SGD Observatory: no rehearsal ({})", e.toString());
            return Optional.empty();
        }
    }

    /** Whether the calling thread is a rehearsal's: the observatory's log lines stay silent there. */
    public static boolean onThisThread() {
        return Thread.currentThread() instanceof RehearsalThread;
    }

    /** The rehearsal started last in this JVM, if any (for tests of the listener's path). */
    static Optional<Rehearsal> last() {
        return Optional.ofNullable(last);
    }

    /** Lets {@link #maybeStart} start one more rehearsal in this JVM (for tests of the listener's path). */
    static void allowAnother() {
        CLAIMED.set(false);
    }

    /**
     * Waits for the rehearsal to end.
     *
     * @return its report, empty when it failed
     */
    Optional<ObservatoryReport> join() throws InterruptedException {
        thread.join();
        return report;
    }

    /** The directory its report was written to (deleted by the time it ended), once it has one. */
    Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** The first rows of the minibatch, copied, in up to {@value #BATCHES} minibatches of equal size. */
    private static DataSet[] batches(INDArray features, INDArray labels) {
        int rows = (int) Math.min(ROWS, features.size(0));
        int count = Math.min(BATCHES, rows / 2);
        int size = rows / count;
        DataSet[] out = new DataSet[count];
        for (int k = 0; k < count; k++) {
            out[k] = new DataSet(features.get(NDArrayIndex.interval(k * size, (k + 1) * size)).dup(),
                    labels.get(NDArrayIndex.interval(k * size, (k + 1) * size)).dup());
        }
        return out;
    }

    private void run(Model copy, DataSet[] batches, ObservatoryConfig config) {
        long t0 = System.nanoTime();
        try (ScratchDirectory dir = new ScratchDirectory(THREAD_NAME + "-")) {
            directory = dir.path();
            ObservatoryListener listener = ObservatoryListener.of(config.rehearsal(ITERATIONS, TRACKED, CLOSE_UPS,
                    MEGABYTES, dir.path().resolve("report.json")));
            listener.attachTo(copy);
            for (int i = 0; i < 2 * ITERATIONS && listener.phase() != ObservationWindow.Phase.FINISHED; i++) {
                fit(copy, batches[i % batches.length]);
            }
            report = Optional.of(listener.report());
            LOG.debug("SGD Observatory: rehearsal done in {} s ({} s of this thread's CPU time)",
                    (System.nanoTime() - t0) / 1e9,
                    java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9);
        } catch (Throwable e) {
            // whatever went wrong, it stays here: the real report does not depend on the rehearsal
            LOG.debug("SGD Observatory: the rehearsal failed ({}); the real report is not affected", e.toString());
        }
    }

    /** One step of {@code net} (a MultiLayerNetwork or a ComputationGraph) on {@code batch}. */
    static void fit(Model net, DataSet batch) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.fit(batch);
        } else {
            ((ComputationGraph) net).fit(batch);
        }
    }

    /** The rehearsal's thread, recognised by {@link #onThisThread()}. */
    private static final class RehearsalThread extends Thread {
        RehearsalThread(Runnable body) {
            super(body, THREAD_NAME);
        }
    }
}
