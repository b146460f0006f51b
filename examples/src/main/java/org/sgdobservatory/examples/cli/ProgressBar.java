package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * A text progress bar on standard error, redrawn in place ({@code \r}) at most every 5%. Not
 * thread-safe: one bar belongs to one running simulation.
 */
final class ProgressBar implements SimulationProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private int lastPercent = -1;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void onStep(int done, int total) {
        int percent = (int) (100L * done / total);
        if (percent / 5 == lastPercent / 5 && done != total) {
            return;
        }
        lastPercent = percent;
        int filled = WIDTH * percent / 100;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
        if (done == total) {
            err.println();
        }
        err.flush();
    }
}
