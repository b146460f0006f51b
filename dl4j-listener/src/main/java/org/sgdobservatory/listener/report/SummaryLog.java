package org.sgdobservatory.listener.report;

import org.sgdobservatory.listener.Rehearsal;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observatory's log lines: one at attach, a short summary at the end (the eigen-directions' verdict first, then
 * the parameters'), details at DEBUG; none on a {@link Rehearsal}'s thread. Stateless.
 */
final class SummaryLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.sgdobservatory");

    private SummaryLog() {
    }

    static void attached(ObservationSession session) {
        if (Rehearsal.onThisThread()) {
            return;
        }
        LOG.info("SGD Observatory attached to {}: tracking {} of {} parameters", session.adapter(),
                session.sampler().tracked().size(), session.adapter().numParams());
    }

    static void finished(ObservatoryReport r) {
        if (Rehearsal.onThisThread()) {
            return;
        }
        r.directions().ifPresent(d -> LOG.info("SGD Observatory: {} (top {} eigen-directions)",
                d.judgement().explanation(), d.directions().size()));
        LOG.info(finishedLine(r));
        for (GroupReport g : r.groups()) {
            LOG.debug("  {} [{} of {} tracked, {}]: {}", g.key(), g.counts().tracked(), g.counts().total(),
                    g.updaterClass(), g.judgement().explanation());
        }
        for (Finding f : r.findings()) {
            if (f.severity() != Severity.INFO) {
                LOG.warn("  {} {}: {}", f.severity(), f.code(), f.message());
            }
        }
        LOG.debug("  cost: {} ms in callbacks, {} ms in probes, {} bytes held", r.cost().callbackMillis(),
                r.cost().probeMillis(), r.cost().bytesHeld());
    }

    /** The summary line at the end of a window: what was observed, the data order and the parameters' verdict. */
    static String finishedLine(ObservatoryReport r) {
        return String.format(java.util.Locale.ROOT, "SGD Observatory: %d samples from iteration %d to %d (%s), data"
                + " order %s (detected %s); run %s", r.window().samples(), r.window().startIteration(),
                r.window().lastIteration(), r.window().endReason(), r.dataOrder().used(), r.dataOrder().detected(),
                r.summary().judgement().explanation());
    }

    static void extended(ObservationWindow window, long added) {
        if (Rehearsal.onThisThread()) {
            return;
        }
        LOG.info("SGD Observatory: too few effective samples to judge yet; the window extends by {} to {} iterations",
                added, window.length());
    }

    static void failed(Throwable e) {
        if (Rehearsal.onThisThread()) {
            return;
        }
        LOG.error("SGD Observatory could not assemble its report; training is not affected", e);
    }
}
