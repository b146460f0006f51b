package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * Progress of one task (training, a simulation) on standard error, in one of two forms:
 * <ul>
 *   <li>on a terminal, one line redrawn in place ({@code \r}) at most every 1%: a bar, the iterations done and the
 *       total, the time spent and an estimate of the time left;</li>
 *   <li>otherwise (a log file, CI, a pipe), a few plain lines without carriage returns: one when the task starts,
 *       one at every 10% reached at least 5 s after the previous line (so short tasks print only their start and
 *       end), one when it is done.</li>
 * </ul>
 * {@link #forStream} picks the form with {@link System#console()}, which is {@code null} when the JVM's standard
 * streams are not a terminal. The time left is extrapolated linearly from the rate so far. Not thread-safe: one bar
 * belongs to one running task.
 */
final class ProgressBar implements SimulationProgress {

    private static final int WIDTH = 24;
    private static final int PLAIN_STEP_PERCENT = 10;
    private static final long PLAIN_MIN_GAP_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long started = -1;
    private int lastPercent = -1;
    private long lastLine;
    private boolean finished;

    /**
     * @param err where to write
     * @param label what the task is, e.g. {@code [SGD] training}
     * @param terminal redraw one line in place (a terminal) or print plain lines
     * @param nanoTime the clock (tests give a fixed one)
     */
    ProgressBar(PrintWriter err, String label, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** A bar in the form that suits the process: redrawn on a terminal, plain lines otherwise. */
    static ProgressBar forStream(PrintWriter err, String label) {
        return new ProgressBar(err, label, System.console() != null, System::nanoTime);
    }

    @Override
    public void onStep(int done, int total) {
        if (finished || total <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        boolean first = started < 0;
        if (first) {
            started = now;
        }
        int percent = (int) (100L * Math.min(done, total) / total);
        boolean last = done >= total;
        double seconds = (now - started) / 1e9;
        if (terminal) {
            if (percent == lastPercent && !last && !first) {
                return;
            }
            int filled = WIDTH * percent / 100;
            String counts = total > 1 ? String.format(Locale.ROOT, " %d/%d iterations,", done, total) : "";
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%%s %s", percent, counts, times(done, total, seconds)) + "   ");
            if (last) {
                err.println();
            }
        } else if (first && !last) {
            err.println(label + ": started" + (total > 1 ? ", " + total + " iterations" : ""));
        } else if (last) {
            err.println(label + ": done" + (total > 1 ? ", " + total + " iterations" : "") + " in "
                    + String.format(Locale.ROOT, "%.1f s", seconds));
        } else if (percent / PLAIN_STEP_PERCENT > lastPercent / PLAIN_STEP_PERCENT
                && now - lastLine >= PLAIN_MIN_GAP_NANOS) {
            err.println(label + ": " + String.format(Locale.ROOT, "%d%% (%d/%d iterations), %s", percent, done,
                    total, times(done, total, seconds)));
        } else {
            return;
        }
        lastPercent = percent;
        lastLine = now;
        finished = last;
        err.flush();
    }

    /** "12 s, about 30 s left" (no estimate before the first step is done). */
    private static String times(int done, int total, double seconds) {
        String spent = duration(seconds);
        if (done <= 0 || done >= total) {
            return spent;
        }
        return spent + ", about " + duration(seconds * (total - done) / done) + " left";
    }

    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
