package org.sgdobservatory.listener.sample;

import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.stats.DoublingHistogram;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * Samples the projections {@code s_k = a_k . (theta - theta_ref)} of all parameters on the eigen-directions, before
 * and after each sampled step ({@code theta_ref} = the parameters when the basis was found), into mergeable
 * {@link TraceMoments} of size {@code k} and a histogram per direction. The projection reads a {@code k x P} matrix,
 * so on a large network it costs as much as a good part of a training step; the directions are therefore sampled
 * every {@code stride}-th iteration, a multiple of the window's {@code every}: configured, or chosen so that the
 * projections take at most a share of the training time ({@link DirectionStride}; on the training thread, settled
 * from the first sampled steps as timed there, the statistics then restarting at the settled stride). At stride 1
 * the projection after one step stands for the one before the next while the parameters are unchanged between them
 * (the tracked parameters' check, {@code TraceSampler#unchangedSinceStep}), so each iteration projects once; else it
 * projects before the step too. No allocation per sampled iteration on the heap engine once the stride is settled. On the native engine (large networks) at a stride above 1 the training thread only copies the parameters
 * before and after the step; the product with the matrix and the statistics' update run on a background daemon
 * thread while training goes on, and every read of the statistics ({@link #moments}, {@link #histogram}) and the next
 * sampled step wait for it first, so the samples are those of the synchronous path, in the same order. A projection
 * that is not finite is then reported by {@link #nonFinite}, with its iteration, once the background thread is done
 * with it. Never writes to the network. Not thread-safe: one thread calls it (the background work is its own).
 */
public final class DirectionSampler {

    private final DirectionBasis basis;
    private final Projection projection;
    private final DirectionStride stride;
    private final int every;
    private final int blockLength;
    private final int maxBlocks;
    private long firstIteration;
    /** The samples at the stride now. */
    private DirectionStatistics statistics;
    /**
     * After a restart at a settled stride, the provisional stride's samples, reported instead until the settled
     * stride has as many (so that a window ending soon after the restart keeps its directions); else null.
     */
    private Provisional provisional;
    private final double[] before;
    private final double[] after;
    private final double[] update;
    private long pendingIteration = -1;
    private long afterIteration = -1;
    /** The training thread's nanoseconds in the pending sampled step so far, while the stride is being timed. */
    private long stepNanos;
    /** The clock the sampled steps are timed with. */
    private LongSupplier clock = System::nanoTime;
    /** The median wall time of a training iteration now. */
    private final DoubleSupplier iterationSeconds;
    /** Where the native engine's products run. */
    private ExecutorService background = BACKGROUND;
    /** The background projection of the last sampled step (true when its projections were finite), or null. */
    private Future<Boolean> inFlight;
    private long inFlightIteration = -1;
    /** The first iteration whose background projection was not finite and is not reported yet, or -1. */
    private long unreportedNonFinite = -1;

    /** One daemon thread for the native engine's products, started on demand and stopped after a minute idle. */
    private static final ThreadPoolExecutor BACKGROUND = background();

    private static ThreadPoolExecutor background() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "sgd-observatory-projections");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private DirectionSampler(DirectionBasis basis, Projection projection, DirectionStride stride, int every,
                             DoubleSupplier iterationSeconds, long firstIteration, int blockLength, int maxBlocks) {
        this.basis = basis;
        this.iterationSeconds = iterationSeconds;
        this.projection = projection;
        this.stride = stride;
        this.every = every;
        this.blockLength = blockLength;
        this.maxBlocks = maxBlocks;
        int k = basis.size();
        restart(firstIteration);
        this.before = new double[k];
        this.after = new double[k];
        this.update = new double[k];
    }

    /**
     * A sampler for {@code basis} on the network's current parameters.
     *
     * @param params the network's parameters now (the reference {@code theta_ref}; not retained)
     * @param configuredStride the stride asked for, 0 = automatic
     * @param every the window's sampling stride (the directions' stride is a multiple of it)
     * @param iterationSeconds the median wall time of a training iteration at the time it is asked (NaN when unknown):
     *     now, and when an automatic stride is settled in the window
     * @param firstIteration the listener iteration from which sampling starts
     * @param blockLength samples per block of the window's statistics (at the window's stride {@code every})
     * @param maxBlocks block capacity of the statistics
     */
    public static DirectionSampler start(DirectionBasis basis, INDArray params, int configuredStride, int every,
                                         DoubleSupplier iterationSeconds, long firstIteration, int blockLength,
                                         int maxBlocks) {
        int k = basis.size();
        Projection projection = Projection.of(k, basis::projection, params);
        double seconds = DirectionStride.timePair(projection, params, k);
        double iteration = iterationSeconds.getAsDouble();
        DirectionStride stride = configuredStride > 0
                ? DirectionStride.configured(configuredStride, every, seconds, iteration)
                : DirectionStride.automatic(!projection.nativeProduct(), seconds, iteration, every);
        return new DirectionSampler(basis, projection, stride, every, iterationSeconds, firstIteration, blockLength,
                maxBlocks);
    }

    /**
     * Starts new statistics, sampled from {@code iteration} on at the stride now. The window's block length counts
     * samples at its own stride; the directions sample every {@code stride / every}-th of them, so their blocks are
     * shorter by that factor and a window still ends with 33 to 66 of them.
     */
    private void restart(long iteration) {
        settle();
        firstIteration = iteration;
        int directionBlock = (int) Math.max(1, (long) blockLength * every / stride.stride());
        statistics = new DirectionStatistics(basis.size(), directionBlock, maxBlocks);
        afterIteration = -1;
    }

    /** Runs the native engine's products on {@code executor} instead of the shared daemon thread (for tests). */
    void runProductsOn(ExecutorService executor) {
        this.background = executor;
    }

    /** Times the sampled steps with {@code nanos} instead of {@link System#nanoTime} (for tests). */
    void timeWith(LongSupplier nanos) {
        this.clock = nanos;
    }

    /** Whether listener iteration {@code iteration} is one the directions sample. */
    public boolean samples(long iteration) {
        return iteration >= firstIteration && (iteration - firstIteration) % stride.stride() == 0;
    }

    /**
     * Reads the projections before the step of {@code iteration}, when it is one the directions sample.
     *
     * @param unchanged whether the parameters are still those after the previous step (the tracked parameters'
     *     check): then projections taken after that step are kept rather than taken again
     * @param values the whole parameter vector as already read for this step, or null: then the network is read
     */
    public void beforeStep(NetworkAdapter adapter, long iteration, boolean unchanged, double[] values) {
        if (!samples(iteration)) {
            return;
        }
        long t0 = stride.timing() ? clock.getAsLong() : 0;
        settle();
        pendingIteration = iteration;
        if (stride.stride() == 1) {
            if (unchanged && afterIteration == iteration - 1) {
                System.arraycopy(after, 0, before, 0, before.length);
            } else {
                projection.project(adapter.params(), values, before);
            }
        } else {
            projection.snapshot(adapter.params(), values);
        }
        if (stride.timing()) {
            stepNanos = clock.getAsLong() - t0;
        }
    }

    /**
     * Reads them after the step and adds the sample; false when a projection is not finite (skipped). When the
     * product runs in the background this returns true and {@link #nonFinite} reports such a sample later.
     *
     * @param values the whole parameter vector as already read after this step, or null: then the network is read
     */
    public boolean afterStep(NetworkAdapter adapter, long iteration, double[] values) {
        if (pendingIteration != iteration) {
            return true;
        }
        pendingIteration = -1;
        if (!stride.timing()) {
            return sample(adapter, iteration, values);
        }
        long t0 = clock.getAsLong();
        boolean finite = sample(adapter, iteration, values);
        Provisional sampledSoFar = new Provisional(statistics, stride.sampling());
        stride.settle(stepNanos + clock.getAsLong() - t0, iterationSeconds).ifPresent(settled -> {
            provisional = sampledSoFar;
            restart(iteration + settled);
        });
        return finite;
    }

    /** The part of {@link #afterStep} that reads the parameters and adds the sample. */
    private boolean sample(NetworkAdapter adapter, long iteration, double[] values) {
        if (stride.stride() == 1) {
            projection.project(adapter.params(), values, after);
            boolean finite = add();
            afterIteration = finite ? iteration : -1;
            return finite;
        }
        projection.capture(adapter.params(), values);
        if (!projection.nativeProduct()) {
            projection.projectCaptured(before, after);
            return add();
        }
        inFlightIteration = iteration;
        inFlight = background.submit(() -> {
            projection.projectCaptured(before, after);
            return add();
        });
        return true;
    }

    /**
     * The iteration of a sample whose background projection was not finite (and was left out), reported once; empty
     * when there is none, or when {@code wait} is false and the last product is still running.
     *
     * @param wait whether to wait for a product still running (at the window's end)
     */
    public OptionalLong nonFinite(boolean wait) {
        if (inFlight != null && (wait || inFlight.isDone())) {
            settle();
        }
        long iteration = unreportedNonFinite;
        unreportedNonFinite = -1;
        return iteration < 0 ? OptionalLong.empty() : OptionalLong.of(iteration);
    }

    /** Adds the sample in {@code before} and {@code after}; false (and nothing added) when one is not finite. */
    private boolean add() {
        for (int k = 0; k < update.length; k++) {
            update[k] = before[k] - after[k];
            if (!Double.isFinite(update[k]) || !Double.isFinite(before[k])) {
                return false;
            }
        }
        statistics.add(before, update);
        if (provisional != null && statistics.count() >= provisional.statistics().count()) {
            provisional = null;
        }
        return true;
    }

    /**
     * Waits for the background projection, if one runs, through interrupts (the wait is one product; an interrupt is
     * kept for the caller); an exception it threw is thrown here.
     */
    private void settle() {
        if (inFlight == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    boolean finite = inFlight.get();
                    inFlight = null;
                    if (!finite && unreportedNonFinite < 0) {
                        unreportedNonFinite = inFlightIteration;
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    inFlight = null;
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("the directions' projection failed", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The basis. */
    public DirectionBasis basis() {
        return basis;
    }

    /** How the directions are sampled: the stride and what it was chosen from. */
    public SpectralReport.Sampling sampling() {
        settle();
        return provisional != null ? provisional.sampling() : stride.sampling();
    }

    /** The projections' statistics, once the last sampled step's projection has been added. */
    public TraceMoments moments() {
        return reported().moments();
    }

    /** The histogram of all observed values of projection {@code k}, as {@link #moments}. */
    public DoublingHistogram.Bins histogram(int k) {
        return reported().histogram(k);
    }

    /** The statistics the reads report: the provisional stride's while they have more samples. */
    private DirectionStatistics reported() {
        settle();
        return provisional != null ? provisional.statistics() : statistics;
    }

    /** Bytes held: the projection matrix, its buffers and the statistics. */
    public long bytesHeld() {
        TraceMoments moments = statistics.moments();
        long held = projection.bytesHeld() + moments.bytesPerParameter() * moments.size();
        return provisional == null ? held : held + moments.bytesPerParameter() * moments.size();
    }

    /** The provisional stride's samples and how they were sampled. */
    private record Provisional(DirectionStatistics statistics, SpectralReport.Sampling sampling) {
    }
}
