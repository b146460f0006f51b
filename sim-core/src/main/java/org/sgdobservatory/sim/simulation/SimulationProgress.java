package org.sgdobservatory.sim.simulation;

/** Receives progress of a running {@link Simulation} (e.g. to draw a progress bar). */
@FunctionalInterface
public interface SimulationProgress {
    /** Ignores progress. */
    SimulationProgress NONE = (done, total) -> { };

    /** Called after every step with the steps done and the total, burn-in included. */
    void onStep(int done, int total);
}
