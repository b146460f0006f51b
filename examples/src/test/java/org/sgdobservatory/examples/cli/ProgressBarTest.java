package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link ProgressBar}: plain lines without a terminal (a CI log stays readable), one redrawn line on a terminal; and
 * the command line's progress without a terminal (surefire's JVM has none, so {@code System.console()} is null).
 */
class ProgressBarTest {

    /** Runs 1000 steps on a clock that advances 100 ms per step: a 100 s task. */
    private static String drive(boolean terminal) {
        StringWriter text = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(text, true), "[SGD] training", terminal, () -> now[0]);
        for (int done = 1; done <= 1000; done++) {
            now[0] += 100_000_000L;
            bar.onStep(done, 1000);
        }
        bar.onStep(1000, 1000); // a repeated final call prints nothing more
        return text.toString();
    }

    @Test
    void withoutATerminalPrintsAFewPlainLines() {
        String text = drive(false);
        List<String> lines = text.lines().toList();
        assertAll(
                () -> assertFalse(text.contains("\r"), "no carriage return: " + text),
                // start, 10% .. 90% (each at least 5 s after the previous line: 10 s apart), done
                () -> assertEquals(11, lines.size(), "start, nine tenths, done:\n" + text),
                () -> assertEquals("[SGD] training: started, 1000 iterations", lines.get(0), "the start line"),
                () -> assertEquals("[SGD] training: 50% (500/1000 iterations), 50 s, about 50 s left", lines.get(5),
                        "iterations and a time estimate at 50% (the clock started at the first step)"),
                () -> assertEquals("[SGD] training: done, 1000 iterations in 99.9 s", lines.get(10), "the end line"));
    }

    @Test
    void onATerminalRedrawsOneLine() {
        String text = drive(true);
        assertAll(
                () -> assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, redrawn in place"),
                () -> assertEquals(101, text.chars().filter(c -> c == '\r').count(), "a redraw per percent, and the"
                        + " first step"),
                () -> assertTrue(text.contains(" 50% 500/1000 iterations, 50 s, about 50 s left"), "iterations and a time"
                        + " estimate"),
                () -> assertTrue(text.contains("100% 1000/1000 iterations, 1 min 40 s"), "ends at 100%: " + text));
    }

    @Test
    void commandLineProgressWithoutATerminalHasNoCarriageReturn() {
        Cli r = Cli.run("simulate", "--curvature", "1", "--noise-variance", "1", "--chains", "16", "--steps", "200",
                "--burn-in", "50");
        assertAll(
                () -> assertEquals(0, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertFalse(r.err().contains("\r"), "no carriage return on stderr: " + r.err()),
                () -> assertTrue(r.err().contains("simulate: started, 250 iterations"), "a start line: " + r.err()),
                () -> assertTrue(r.err().contains("simulate: done, 250 iterations in "), "an end line: " + r.err()),
                () -> assertTrue(r.err().lines().count() <= 12, "a few lines: " + r.err()));
    }
}
