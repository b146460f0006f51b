package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the listener's live view shows while training runs: the phase, the progress through the window, the loss
 * curve, the running estimates per parameter group and per eigen-direction with their current effective sample size,
 * the data order once it is known, and the run's verdict once it exists. Built on the training thread from the
 * listener's mergeable statistics (no extra pass over the parameters), at most once per second and only while a page
 * is watching.
 *
 * @param phase where the listener is
 * @param iteration iterations the listener has seen
 * @param windowStart the first observed iteration, -1 before the window starts
 * @param windowIterations the window's length, 0 for a window that ends on demand
 * @param samples samples taken in the window
 * @param loss the training loss so far (at most a few hundred points, evenly thinned)
 * @param dataOrder the detected data order once it is established
 * @param groups running estimates per parameter group
 * @param directions running estimates per eigen-direction, once the directions were found
 * @param judgement the run's verdict once the report exists
 * @param message one line on what happens now
 */
public record LiveSnapshot(LivePhase phase, long iteration, long windowStart, long windowIterations, long samples,
                           ExampleReport.LossCurve loss, Optional<DataOrder> dataOrder, List<GroupProgress> groups,
                           List<DirectionProgress> directions, Optional<Judgement> judgement, String message) {

    /** Validates and copies. */
    public LiveSnapshot {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(dataOrder, "dataOrder");
        groups = List.copyOf(groups);
        directions = List.copyOf(directions);
        Objects.requireNonNull(judgement, "judgement");
        Objects.requireNonNull(message, "message");
    }

    /** This snapshot in another phase with another message (the statistics unchanged). */
    public LiveSnapshot in(LivePhase newPhase, String newMessage) {
        return new LiveSnapshot(newPhase, iteration, windowStart, windowIterations, samples, loss, dataOrder, groups,
                directions, judgement, newMessage);
    }

    /** Where the listener is. */
    public enum LivePhase {
        /** Training runs; the window has not started. */
        WAITING,
        /** The window is open: parameters are sampled. */
        OBSERVING,
        /** The window ended: gradient noise and curvature are probed on a copy of the network. */
        PROBING,
        /** Predictions and verdicts are computed and the report is written. */
        REPORTING,
        /** The report exists. */
        DONE,
        /** The report could not be made (see the log). */
        FAILED
    }

    /**
     * Running estimates of one parameter group.
     *
     * @param key the group (DL4J's parameter key, e.g. {@code 0_W})
     * @param tracked parameters tracked in it
     * @param medianVariance median observed variance
     * @param medianEffectiveSampleSize median effective sample size
     * @param medianAutocorrelationTime median integrated autocorrelation time, in samples
     */
    public record GroupProgress(String key, int tracked, double medianVariance, double medianEffectiveSampleSize,
                                double medianAutocorrelationTime) {

        /** Validates. */
        public GroupProgress {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Running estimates along one eigen-direction.
     *
     * @param index the direction (0 = largest eigenvalue)
     * @param eigenvalue its eigenvalue
     * @param variance observed variance of the projection so far
     * @param effectiveSampleSize its effective sample size so far
     */
    public record DirectionProgress(int index, double eigenvalue, double variance, double effectiveSampleSize) {
    }
}
