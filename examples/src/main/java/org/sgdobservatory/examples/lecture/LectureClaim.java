package org.sgdobservatory.examples.lecture;

import java.util.function.Function;

import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * One claim of the lecture, reproduced by simulation. Implementations are immutable; {@link #check} may
 * be called repeatedly and is deterministic (fixed seeds).
 */
public interface LectureClaim {

    /** The stable identifier. */
    String id();

    /**
     * Runs the simulations and judges the claim.
     *
     * @param effort full or quick
     * @param progress a progress sink per simulation, given its label
     * @return the verdict with its numbers
     */
    ClaimResult check(Effort effort, Function<String, SimulationProgress> progress);
}
