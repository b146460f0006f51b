package org.sgdobservatory.examples.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.sim.theory.GibbsTest;

/**
 * The outcome of a {@code simulate} run.
 *
 * @param spec the configuration
 * @param dimensions one result per dimension
 * @param finite whether every chain stayed finite (false: diverged)
 * @param gibbs whether the stationary state is consistent with one temperature (Gibbs in the loss)
 * @param gibbsTest the Cochran homogeneity test behind {@code gibbs}, when it could be run
 * @param findings sentences explaining every {@code null} prediction and every caveat
 * @param seconds wall-clock seconds of the simulation
 */
public record SimulateReport(SimulationSpec spec, List<DimensionResult> dimensions, boolean finite, boolean gibbs,
        Optional<GibbsTest.Result> gibbsTest, List<String> findings, double seconds) {

    /** Copies the lists. */
    public SimulateReport {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(gibbsTest, "gibbsTest");
        dimensions = List.copyOf(dimensions);
        findings = List.copyOf(findings);
    }
}
