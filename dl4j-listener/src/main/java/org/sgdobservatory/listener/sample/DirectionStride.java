package org.sgdobservatory.listener.sample;

import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.stats.Median;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.SpectralReport.StrideChoice;

/**
 * How often the directions are sampled: the configured stride, or an automatic one, the smallest multiple of the
 * window's {@code every} at which the projections take at most a budget's share of the training time.
 * <ul>
 *   <li>Projections made on the training thread (the heap engine, small networks) are allowed
 *       {@link #TRAINING_THREAD_BUDGET}. A pair timed when the directions are found runs with warm caches and
 *       under-states what a sampled step costs between training steps (on the 64-64-10 MLP, 23-30 us against
 *       medians of 68 to 78 us in the window), so the stride it gives is provisional: the training thread's time of the
 *       directions' first {@link #TIMED_STEPS} sampled steps settles it, from their median, and the statistics restart
 *       at the settled stride when it differs ({@link #settle}). The budget is half the share it aims at: the
 *       training steps after a sampled one refill their caches, which roughly doubles its cost
 *       ({@code docs/dl4j-behaviour.md#the-directions-sampling-stride}).</li>
 *   <li>The ND4J engine's product (large networks) runs on another thread above stride 1 and is allowed
 *       {@link #COST_BUDGET} of the training time, from the pair timed when the directions are found.</li>
 * </ul>
 * Not thread-safe.
 */
final class DirectionStride {

    /** Share of the training time the automatic stride allows the ND4J engine's product. */
    static final double COST_BUDGET = 0.03;

    /** Share of the training time the automatic stride allows projections made on the training thread. */
    static final double TRAINING_THREAD_BUDGET = 0.0025;

    /** Sampled steps timed in the window before an automatic stride on the training thread is settled. */
    static final int TIMED_STEPS = 16;

    private final int every;
    private SpectralReport.Sampling sampling;
    /** The timed steps' seconds, null when nothing is timed. */
    private double[] timed;
    private int count;

    private DirectionStride(int every, SpectralReport.Sampling sampling, boolean timeSteps) {
        this.every = every;
        this.sampling = sampling;
        this.timed = timeSteps ? new double[TIMED_STEPS] : null;
    }

    /** The stride the user asked for, rounded up to a multiple of {@code every}. */
    static DirectionStride configured(int stride, int every, double pairSeconds, double iterationSeconds) {
        int multiple = every * (int) Math.ceil(stride / (double) every);
        return new DirectionStride(every, new SpectralReport.Sampling(multiple, StrideChoice.CONFIGURED, Double.NaN,
                pairSeconds, iterationSeconds), false);
    }

    /**
     * The automatic stride from a pair timed when the directions were found ({@code every} while the iteration's time
     * is unknown); provisional, to be settled in the window, when the projections run on the training thread.
     */
    static DirectionStride automatic(boolean onTrainingThread, double pairSeconds, double iterationSeconds,
                                     int every) {
        double budget = onTrainingThread ? TRAINING_THREAD_BUDGET : COST_BUDGET;
        int stride = stride(pairSeconds, iterationSeconds, every, budget);
        return new DirectionStride(every, new SpectralReport.Sampling(stride, StrideChoice.AUTOMATIC, budget,
                pairSeconds, iterationSeconds), onTrainingThread);
    }

    /**
     * The smallest multiple of {@code every} at which one sampled step per stride costs at most {@code budget} of
     * the iterations' time; {@code every} when a time is unknown.
     */
    static int stride(double stepSeconds, double iterationSeconds, int every, double budget) {
        if (!(stepSeconds > 0) || !(iterationSeconds > 0)) {
            return every;
        }
        double strides = Math.ceil(stepSeconds / (budget * iterationSeconds * every));
        return (int) Math.min(Integer.MAX_VALUE / 2, every * Math.max(1, strides));
    }

    /**
     * The shortest wall time of repeated projection pairs: at least 3 and at most 50, while they take less than
     * 50 ms in all. The first calls warm the engine up (the JIT compiles the heap engine's loops while they run), and
     * the shortest is the closest to the steady cost.
     */
    static double timePair(Projection projection, INDArray params, int k) {
        double[] a = new double[k];
        double[] b = new double[k];
        double best = Double.POSITIVE_INFINITY;
        double total = 0;
        for (int i = 0; i < 50 && (i < 3 || total < 0.05); i++) {
            long t0 = System.nanoTime();
            projection.snapshot(params);
            projection.pair(params, a, b);
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.min(best, seconds);
            total += seconds;
        }
        return best;
    }

    /** Whether sampled steps are still being timed ({@link #settle}). */
    boolean timing() {
        return timed != null;
    }

    /**
     * Adds the training thread's nanoseconds of one sampled step while {@link #timing}; once {@link #TIMED_STEPS} are
     * in, settles the stride from their median against {@code iterationSeconds} ({@link StrideChoice#TIMED_IN_WINDOW})
     * and stops timing.
     *
     * @param iterationSeconds the median wall time of the last iterations ({@code IterationClock}: the last 64, with
     *     the caches and the JIT as warm as the timed steps'), asked once, at the last timed step; NaN keeps the time
     *     the stride was first chosen with, and {@code every} when that is unknown too
     * @return the settled stride when it differs from the one sampled so far (the statistics restart at it)
     */
    OptionalInt settle(long stepNanos, DoubleSupplier iterationSeconds) {
        if (timed == null) {
            return OptionalInt.empty();
        }
        timed[count++] = stepNanos / 1e9;
        if (count < TIMED_STEPS) {
            return OptionalInt.empty();
        }
        double median = Median.of(timed);
        timed = null;
        int old = sampling.stride();
        double now = iterationSeconds.getAsDouble();
        double iteration = now > 0 ? now : sampling.iterationSeconds();
        int settled = stride(median, iteration, every, sampling.budget());
        sampling = new SpectralReport.Sampling(settled, StrideChoice.TIMED_IN_WINDOW, sampling.budget(), median,
                iteration);
        return settled == old ? OptionalInt.empty() : OptionalInt.of(settled);
    }

    /** The stride now. */
    int stride() {
        return sampling.stride();
    }

    /** How the directions are sampled: the stride and what it was chosen from. */
    SpectralReport.Sampling sampling() {
        return sampling;
    }
}
