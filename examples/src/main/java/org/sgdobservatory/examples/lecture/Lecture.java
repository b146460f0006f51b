package org.sgdobservatory.examples.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * The lecture's claims in order: SDE vs discrete SGD, the 1-D Gibbs density, two temperatures,
 * {@code eta'/sigma^2}, RMSProp, and the data order. Immutable; {@link #run} is deterministic.
 */
public final class Lecture {
    private final List<LectureClaim> claims;

    private Lecture(List<LectureClaim> claims) {
        this.claims = List.copyOf(claims);
    }

    /** All claims. */
    public static Lecture all() {
        List<LectureClaim> c = new ArrayList<>();
        c.add(new SdeVsDiscreteClaim());
        c.add(new GibbsDensityClaim());
        c.addAll(TemperatureClaims.all());
        c.add(new DataOrderClaim());
        return new Lecture(c);
    }

    /** The claim identifiers, in order. */
    public List<String> ids() {
        return claims.stream().map(LectureClaim::id).toList();
    }

    /**
     * Runs every claim.
     *
     * @param effort full or quick
     * @param progress a progress sink per simulation, given its label
     * @param onResult called after each claim (e.g. to print its line at once)
     * @return the verdicts, in order
     */
    public List<ClaimResult> run(Effort effort, Function<String, SimulationProgress> progress,
            Consumer<ClaimResult> onResult) {
        List<ClaimResult> results = new ArrayList<>();
        for (LectureClaim claim : claims) {
            ClaimResult r = claim.check(effort, progress);
            onResult.accept(r);
            results.add(r);
        }
        return results;
    }
}
