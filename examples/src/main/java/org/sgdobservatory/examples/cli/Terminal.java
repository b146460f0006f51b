package org.sgdobservatory.examples.cli;

import java.io.InputStream;
import java.util.Objects;

/**
 * Whether the command line talks to a person, and its standard input: {@code run --serve} keeps serving until Enter
 * only when {@code interactive}. {@link #system()} is the process's own; tests give their own input.
 *
 * @param interactive whether the JVM's standard streams are a terminal ({@link System#console()} is not null)
 * @param in where Enter is read from
 */
record Terminal(boolean interactive, InputStream in) {

    /** Validates. */
    Terminal {
        Objects.requireNonNull(in, "in");
    }

    /** The process's terminal: interactive when {@link System#console()} is not null, reading {@code System.in}. */
    static Terminal system() {
        return new Terminal(System.console() != null, System.in);
    }
}
