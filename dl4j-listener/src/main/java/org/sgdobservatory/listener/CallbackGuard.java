package org.sgdobservatory.listener;

import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.FindingCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure policy inside training callbacks: nothing the observatory does during {@code fit} throws into training,
 * except {@link NonFiniteValuesException} when the user asked for it. Any other failure — an ND4J precondition, an
 * out-of-memory error from a native allocation, a bug — becomes a LISTENER_FAILURE finding with the exception's
 * message, is logged (the first few times), disables the observatory, and training goes on. Errors that say the JVM
 * itself is broken ({@code InternalError}, {@code UnknownError}) or that the thread is being stopped are not absorbed:
 * training could not go on sensibly either. Not thread-safe.
 */
final class CallbackGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGuard.class);
    private static final int MAX_LOGGED = 5;

    /** A callback body. */
    @FunctionalInterface
    interface Body {
        /** Runs it. */
        void run() throws Exception;
    }

    private final Findings findings;
    private boolean disabled;
    private int logged;
    private long nanos;
    private long calls;

    CallbackGuard(Findings findings) {
        this.findings = findings;
    }

    /** Runs {@code body} unless disabled; records and absorbs its failure (see the class comment). */
    void run(Body body) {
        if (disabled) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            body.run();
        } catch (NonFiniteValuesException e) {
            throw e;
        } catch (Exception | OutOfMemoryError | StackOverflowError | LinkageError | AssertionError e) {
            disable(e);
        } finally {
            nanos += System.nanoTime() - t0;
            calls++;
        }
    }

    /** Disables the observatory for {@code cause}: a LISTENER_FAILURE finding, logged. */
    void disable(Throwable cause) {
        disabled = true;
        findings.add(FindingCode.LISTENER_FAILURE, "the observatory failed inside a training callback and disabled"
                + " itself; training was not affected: " + cause);
        if (logged++ < MAX_LOGGED && !Rehearsal.onThisThread()) {
            LOG.error("SGD Observatory failed inside a callback; it disables itself, training continues", cause);
        }
    }

    /** Whether a failure disabled the observatory. */
    boolean disabled() {
        return disabled;
    }

    /** Wall time spent in guarded callbacks, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    /** Guarded callbacks run. */
    long calls() {
        return calls;
    }
}
