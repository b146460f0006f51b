package org.sgdobservatory.listener;

import org.deeplearning4j.nn.api.Model;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.report.ReportPipeline;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.report.model.FindingCode;

/**
 * Binds a listener to the one network it observes: {@link #checkAttachable} refuses, at {@code attachTo}, a network
 * that cannot be observed or a second one; {@link #bind} starts the {@link ObservationSession} on the first network
 * a callback brings, and afterwards refuses every other network with a LISTENER_FAILURE finding (once) instead of
 * throwing into training. A network that cannot be observed gets a NOT_OBSERVABLE finding and disables the
 * listener. Not thread-safe.
 */
final class NetworkBinding {

    private final ObservatoryConfig config;
    private final Findings findings;
    private final CallbackGuard guard;
    private Model model;
    private ObservationSession session;

    NetworkBinding(ObservatoryConfig config, Findings findings, CallbackGuard guard) {
        this.config = config;
        this.findings = findings;
        this.guard = guard;
    }

    /**
     * Checks that {@code net} can be observed and is not a second network.
     *
     * @throws ObservatorySetupException when the network cannot be observed (type, no parameters) or another
     *     network is already observed
     */
    void checkAttachable(Model net) {
        try {
            NetworkAdapter.of(net);
        } catch (IllegalArgumentException e) {
            throw new ObservatorySetupException(e.getMessage(), e);
        }
        if (model != null && model != net) {
            throw new ObservatorySetupException("this ObservatoryListener already observes another network; create"
                    + " one listener per network");
        }
    }

    /** Whether a session has started (on the first network a callback brought). */
    boolean started() {
        return session != null;
    }

    /** Whether a session has started and {@code m} is its network; no finding either way. */
    boolean observes(Model m) {
        return session != null && m == model;
    }

    /** The session; only after {@link #started()}. */
    ObservationSession session() {
        return session;
    }

    /**
     * Whether {@code m} is observed, starting the session on the first network seen; records a finding for a
     * second network or one that cannot be observed.
     */
    boolean bind(Model m) {
        if (session != null) {
            if (m != model) {
                if (!findings.has(FindingCode.LISTENER_FAILURE)) {
                    findings.add(FindingCode.LISTENER_FAILURE, "this listener was added to a second network; it"
                            + " observes only the first (" + session.adapter() + "): create one listener per network");
                }
                return false;
            }
            return true;
        }
        NetworkAdapter adapter;
        try {
            adapter = NetworkAdapter.of(m);
        } catch (IllegalArgumentException e) {
            findings.add(FindingCode.NOT_OBSERVABLE, e.getMessage());
            guard.disable(e);
            return false;
        }
        model = m;
        session = new ObservationSession(config, adapter, findings);
        ReportPipeline.logAttached(session);
        return true;
    }
}
