package org.sgdobservatory.listener;

/**
 * Thrown from a training callback, stopping training, when the run produced NaN or infinite gradients or parameters
 * and the user asked for that with {@code stopOnNonFinite(true)}; the parameters are left as they were before the
 * offending step. The only exception the observatory ever throws into training.
 */
public final class NonFiniteValuesException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** With a message naming what was not finite and where. */
    public NonFiniteValuesException(String message) {
        super(message);
    }
}
