package org.sgdobservatory.listener.report;

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
 * the parameters'), details at DEBUG. Stateless.
 */
final class SummaryLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.sgdobservatory");

    private SummaryLog() {
    }

    static void attached(ObservationSession session) {
        LOG.info("SGD Observatory attached to {}: tracking {} of {} parameters", session.adapter(),
                session.sampler().tracked().size(), session.adapter().numParams());
    }

    static void finished(ObservatoryReport r) {
        LOG.info("SGD Observatory: {} samples from iteration {} to {} ({}), data order {} (detected {})",
                r.window().samples(), r.window().startIteration(), r.window().lastIteration(), r.window().endReason(),
                r.dataOrder().used(), r.dataOrder().detected());
        r.directions().ifPresent(d -> LOG.info("SGD Observatory: {} (top {} eigen-directions)",
                d.judgement().explanation(), d.directions().size()));
        LOG.info("SGD Observatory: parameters: {}", r.summary().judgement().explanation());
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

    static void extended(ObservationWindow window, long added) {
        LOG.info("SGD Observatory: too few effective samples to judge yet; the window extends by {} to {} iterations",
                added, window.length());
    }

    static void failed(Throwable e) {
        LOG.error("SGD Observatory could not assemble its report; training is not affected", e);
    }
}
