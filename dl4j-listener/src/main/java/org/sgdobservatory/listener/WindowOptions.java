package org.sgdobservatory.listener;

/**
 * The window options of an {@link ObservatoryBuilder} (when observation starts and ends): their defaults, the check
 * of each value as it is set, and the checks across them when the {@link ObservatoryConfig.Window} is made. Every
 * failed check throws an {@link ObservatorySetupException} naming the option, the value and the remedy. Mutable;
 * not thread-safe (a builder is used by one thread).
 */
final class WindowOptions {
    private ObservatoryConfig.WindowStart start = ObservatoryConfig.WindowStart.AUTOMATIC;
    private int startAt;
    private int windowIterations;
    private int every = 1;
    private int finishAfterEpochs;
    private long expectedTrainingIterations;
    private long extendUpTo;

    void startAtIteration(int iteration) {
        ObservatorySetupException.require(iteration >= 0, "startAtIteration", iteration, ">= 0",
                "iterations count from 0; use startAutomatically() to let the loss decide");
        this.start = ObservatoryConfig.WindowStart.ITERATION;
        this.startAt = iteration;
    }

    void startAtEpoch(int epoch) {
        ObservatorySetupException.require(epoch >= 0, "startAtEpoch", epoch, ">= 0",
                "epochs count from 0; use startAutomatically() to let the loss decide");
        this.start = ObservatoryConfig.WindowStart.EPOCH;
        this.startAt = epoch;
    }

    void startAutomatically() {
        this.start = ObservatoryConfig.WindowStart.AUTOMATIC;
        this.startAt = 0;
    }

    void windowIterations(int iterations) {
        ObservatorySetupException.require(iterations >= 0, "windowIterations", iterations, ">= 0",
                "0 observes until report()");
        this.windowIterations = iterations;
    }

    void every(int k) {
        ObservatorySetupException.require(k >= 1, "every", k, ">= 1 iteration",
                "1 observes every iteration, 10 every tenth");
        this.every = k;
    }

    void finishAfterEpochs(int epochs) {
        ObservatorySetupException.require(epochs >= 1, "finishAfterEpochs", epochs, ">= 1",
                "give the number of epochs passed to fit(iterator, epochs), or call report() yourself");
        this.finishAfterEpochs = epochs;
    }

    void extendWindowUpTo(long maxIterations) {
        ObservatorySetupException.require(maxIterations >= 0, "extendWindowUpTo", maxIterations,
                ">= windowIterations (0 = never extend)", "0 keeps the window at windowIterations");
        this.extendUpTo = maxIterations;
    }

    void expectedTrainingIterations(long iterations) {
        ObservatorySetupException.require(iterations >= 1, "expectedTrainingIterations", iterations, ">= 1",
                "give the number of minibatches the run will train on, or leave it unset when unknown");
        this.expectedTrainingIterations = iterations;
    }

    /**
     * The window, checked as a whole: it fits the expected training, an extension is not shorter than the window,
     * and the window gives at least {@code 2 maxLag} observations.
     *
     * @param maxLag the close-ups' largest autocorrelation lag ({@link TrackingOptions})
     * @throws ObservatorySetupException when one of those checks fails
     */
    ObservatoryConfig.Window build(int maxLag) {
        long end = (start == ObservatoryConfig.WindowStart.ITERATION ? startAt : 0L) + windowIterations;
        if (expectedTrainingIterations > 0 && end > expectedTrainingIterations) {
            throw new ObservatorySetupException("window longer than the training: "
                    + (start == ObservatoryConfig.WindowStart.ITERATION ? "startAtIteration(" + startAt + ") + " : "")
                    + "windowIterations(" + windowIterations + ") = " + end + " > expectedTrainingIterations("
                    + expectedTrainingIterations + "); start earlier, shorten the window or train longer");
        }
        ObservatorySetupException.require(extendUpTo == 0 || windowIterations > 0 && extendUpTo >= windowIterations,
                "extendWindowUpTo", extendUpTo, ">= windowIterations = " + windowIterations + " (and a window"
                        + " of known length)", "raise it, or set windowIterations first");
        ObservatorySetupException.require(windowIterations == 0 || windowIterations / every >= 2 * maxLag,
                "windowIterations/every", windowIterations + "/" + every, ">= 2*maxLag = " + 2 * maxLag
                        + " observations", "lengthen the window, observe more often or lower maxLag");
        return new ObservatoryConfig.Window(start, startAt, windowIterations, every, finishAfterEpochs,
                expectedTrainingIterations, extendUpTo);
    }
}
