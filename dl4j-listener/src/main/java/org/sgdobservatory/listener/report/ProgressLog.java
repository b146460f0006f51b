package org.sgdobservatory.listener.report;

import org.sgdobservatory.listener.Rehearsal;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's few progress lines at INFO, so that a user sees it work without a live view: when the window starts,
 * at every tenth of a window of known length, and when the window ends and the probes begin (details stay at DEBUG).
 * Checked after every iteration at the cost of two comparisons; silent on a {@link Rehearsal}'s thread. Not
 * thread-safe.
 */
public final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.sgdobservatory");

    private boolean started;
    private int tenths;

    /** After each training iteration. */
    public void after(ObservationWindow window) {
        if (window.phase() != ObservationWindow.Phase.OBSERVING || Rehearsal.onThisThread()) {
            return;
        }
        if (!started) {
            started = true;
            LOG.info("SGD Observatory: window started at iteration {} ({}); observing {}, every {}",
                    window.startIteration(), window.startReason(), length(window), window.config().every());
        }
        double progress = window.progress();
        if (progress >= 0 && (int) (10 * progress) > tenths && progress < 1) {
            tenths = (int) (10 * progress);
            LOG.info("SGD Observatory: window {}% ({} of {} iterations)", 10 * tenths, window.iterationsObserved(),
                    window.length());
        }
    }

    private static String length(ObservationWindow window) {
        if (window.config().iterations() > 0) {
            return window.config().iterations() + " iterations";
        }
        return window.config().finishAfterEpochs() > 0 ? "until epoch " + (window.config().finishAfterEpochs() - 1)
                + " ends" : "until report() is called";
    }

    /** When the window ended and the probes start. */
    public static void probing(ObservationWindow window) {
        if (Rehearsal.onThisThread()) {
            return;
        }
        LOG.info("SGD Observatory: window ended ({}); probing gradient noise and curvature, then predicting", window
                .endReason());
    }
}
