package org.sgdobservatory.listener.sample;

import java.util.Objects;

import org.sgdobservatory.listener.ObservatoryConfig.WindowStart;
import org.sgdobservatory.listener.ObservatoryConfig;

/**
 * The observation window's state machine: counts the iterations and epochs the listener sees, decides when the
 * window starts (at an iteration, at an epoch, or once the smoothed loss stops falling), which iterations are
 * sampled ({@code every} k-th) and when it ends (after {@code windowIterations}, after {@code finishAfterEpochs}, or
 * on demand). Life cycle per iteration: {@link #beforeStep()} in {@code onGradientCalculation}, then
 * {@link #afterStep(double)} in {@code iterationDone}; {@link #epochEnded()} at each epoch's end;
 * {@link #finish(String)} once. Not thread-safe.
 */
public final class ObservationWindow {

    /** Where the window is. */
    public enum Phase {
        /** Before the window starts. */
        WAITING,
        /** Inside the window. */
        OBSERVING,
        /** The window ended; the report is (being) made. */
        FINISHED
    }

    private final ObservatoryConfig.Window config;
    private final LossSlopeDetector slope = new LossSlopeDetector(20, 10);
    private long iteration;
    private int epochsDone;
    private long startIteration = -1;
    private String startReason = "never started";
    private String endReason = "";
    private boolean finished;
    private long length;
    private int extensions;
    private int lastDl4jIteration;
    private int lastDl4jEpoch;

    /** A window that has not started. */
    public ObservationWindow(ObservatoryConfig.Window config) {
        this.config = Objects.requireNonNull(config, "config");
        this.length = config.iterations();
    }

    /**
     * Called before the optimizer's step of the current iteration: starts the window at the configured iteration or
     * epoch. Returns whether this iteration is sampled.
     */
    public boolean beforeStep() {
        if (startIteration < 0) {
            if (config.start() == WindowStart.ITERATION && iteration >= config.startAt()) {
                start("user: start at iteration " + config.startAt());
            } else if (config.start() == WindowStart.EPOCH && epochsDone >= config.startAt()) {
                start("user: start at epoch " + config.startAt());
            }
        }
        return phase() == Phase.OBSERVING && (iteration - startIteration) % config.every() == 0;
    }

    /**
     * Called after the step, with DL4J's score and counters: an automatic window starts after the iteration whose loss
     * made the smoothed loss flat. Returns whether the window is complete now ({@code windowIterations} reached).
     */
    public boolean afterStep(double score, int dl4jIteration, int dl4jEpoch) {
        lastDl4jIteration = dl4jIteration;
        lastDl4jEpoch = dl4jEpoch;
        if (startIteration < 0 && config.start() == WindowStart.AUTOMATIC && slope.addAndTest(score)) {
            startIteration = iteration + 1;
            startReason = "automatic: the smoothed loss stopped falling (slope within 2 standard errors of 0) at"
                    + " iteration " + iteration;
        }
        iteration++;
        return !finished && startIteration >= 0 && length > 0 && iteration - startIteration >= length;
    }

    /** Called at each epoch's end; returns whether the configured number of epochs is complete now. */
    public boolean epochEnded() {
        epochsDone++;
        return !finished && config.finishAfterEpochs() > 0 && epochsDone >= config.finishAfterEpochs();
    }

    /**
     * Extends a window of known length by {@code iterations}, at most up to the configured {@code extendUpTo}.
     *
     * @return the iterations actually added (0 when the cap is reached)
     */
    public long extend(long iterations) {
        long added = Math.max(0, Math.min(iterations, config.extendUpTo() - length));
        if (added > 0) {
            length += added;
            extensions++;
        }
        return added;
    }

    /** The window's length now: the configured one plus any extension (0 = until on demand). */
    public long length() {
        return length;
    }

    /** How many times the window was extended. */
    public int extensions() {
        return extensions;
    }

    /** Ends the window for {@code reason}. */
    public void finish(String reason) {
        finished = true;
        endReason = Objects.requireNonNull(reason, "reason");
    }

    private void start(String reason) {
        startIteration = iteration;
        startReason = reason;
    }

    /** Where the window is now. */
    public Phase phase() {
        return finished ? Phase.FINISHED : startIteration >= 0 && iteration >= startIteration ? Phase.OBSERVING
                : Phase.WAITING;
    }

    /**
     * Whether the window starts within {@code iterations} iterations or has started (always true for automatic and
     * epoch starts, whose start is not known in advance).
     */
    public boolean within(long iterations) {
        return startIteration >= 0 || config.start() != WindowStart.ITERATION
                || iteration + iterations >= config.startAt();
    }

    /** Iterations seen so far (0-based index of the current iteration). */
    public long iteration() {
        return iteration;
    }

    /** Epochs completed. */
    public int epochsDone() {
        return epochsDone;
    }

    /** The first observed iteration, -1 before the window starts. */
    public long startIteration() {
        return startIteration;
    }

    /** Iterations since the window started (0 before). */
    public long iterationsObserved() {
        return startIteration < 0 ? 0 : Math.max(0, iteration - startIteration);
    }

    /** Progress through a window of known length in [0, 1]; NaN for an open window. */
    public double progress() {
        return length > 0 ? Math.min(1.0, iterationsObserved() / (double) length) : Double.NaN;
    }

    /** When a window that has not started will start, in words ("at iteration 5000", ...). */
    public String startDescription() {
        return switch (config.start()) {
            case ITERATION -> "at iteration " + config.startAt();
            case EPOCH -> "at the start of epoch " + config.startAt();
            case AUTOMATIC -> "once the smoothed loss stops falling";
        };
    }

    /** Why the window started where it did. */
    public String startReason() {
        return startReason;
    }

    /** Why the window ended (empty before it did). */
    public String endReason() {
        return endReason;
    }

    /** DL4J's iteration counter at the last step seen (for learning-rate and regularisation schedules). */
    public int dl4jIteration() {
        return lastDl4jIteration;
    }

    /** DL4J's epoch counter at the last step seen. */
    public int dl4jEpoch() {
        return lastDl4jEpoch;
    }

    /** The window's configuration. */
    public ObservatoryConfig.Window config() {
        return config;
    }
}
