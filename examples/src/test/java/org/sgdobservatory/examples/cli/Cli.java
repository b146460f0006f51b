package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs one invocation of the command line in-process and captures its streams and exit code. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Observatory.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The non-empty lines of standard error. */
    long errLines() {
        return err.lines().filter(l -> !l.isBlank()).count();
    }
}
