package org.sgdobservatory.listener;

import java.util.OptionalLong;

import org.sgdobservatory.listener.judge.WindowSufficiency;
import org.sgdobservatory.listener.report.ReportPipeline;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;

/**
 * At the end of a window that may extend itself ({@code extendWindowUpTo}): extends it when what it observed cannot
 * be judged yet and the cap allows ({@link WindowSufficiency}), and otherwise keeps a note of why it stopped for the
 * report's reason. Not thread-safe.
 */
final class WindowExtender {

    private final ObservatoryConfig config;
    private final ObservationWindow window;
    private final CallbackGuard guard;
    private String note = "";

    WindowExtender(ObservatoryConfig config, ObservationWindow window, CallbackGuard guard) {
        this.config = config;
        this.window = window;
        this.guard = guard;
    }

    /** Whether the window was extended; a failure is absorbed by the guard and counts as not extended. */
    boolean extend(ObservationSession session) {
        if (config.window().extendUpTo() <= 0) {
            return false;
        }
        boolean[] more = {false};
        guard.run(() -> {
            OptionalLong need = WindowSufficiency.shortfall(session, window.iterationsObserved(),
                    config.judging().minEffectiveSampleSize());
            long added = need.isPresent() ? window.extend(need.getAsLong()) : 0;
            if (added > 0) {
                ReportPipeline.logExtended(window, added);
                more[0] = true;
            } else {
                note = window.extensions() == 0 ? "" : " (extended " + window.extensions() + " time(s) from "
                        + config.window().iterations() + "; " + (need.isPresent() ? "the cap extendWindowUpTo = "
                        + config.window().extendUpTo() + " was reached before the median ESS reached "
                        + config.judging().minEffectiveSampleSize() : "the median ESS reached "
                        + config.judging().minEffectiveSampleSize()) + ")";
            }
        });
        return more[0];
    }

    /** Why the window stopped extending, to append to the finish reason; empty when it never extended. */
    String note() {
        return note;
    }
}
