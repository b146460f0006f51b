package org.sgdobservatory.listener;

/**
 * The observatory was set up wrongly: a builder option out of range, a window that cannot fit the training, a
 * network it cannot observe, a second network on one listener. Thrown by the builder and by
 * {@link ObservatoryListener#attachTo}, never from inside a training callback; the message is one line naming the
 * option, the value and the remedy.
 */
public final class ObservatorySetupException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** With a one-line message naming the option, the value and the remedy. */
    public ObservatorySetupException(String message) {
        super(message);
    }

    /** With a one-line message and the cause (e.g. DL4J's refusal). */
    public ObservatorySetupException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Checks {@code condition} for an option: when false, throws with {@code "option must be <rule>, was <value>;
     * <remedy>"}. Written in the positive form so that NaN fails. The remedy is required: a message that only says
     * what is wrong leaves the user guessing.
     */
    static void require(boolean condition, String option, Object value, String rule, String remedy) {
        if (remedy.isEmpty()) {
            throw new IllegalArgumentException("every check of " + option + " must name a remedy");
        }
        if (!condition) {
            throw new ObservatorySetupException(option + " must be " + rule + ", was " + value + "; " + remedy);
        }
    }
}
