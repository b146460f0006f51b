package org.sgdobservatory.sim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.RmsPropReshuffling;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable;

/**
 * RMSProp under per-epoch reshuffling: the corrected prediction ({@link RmsPropReshuffling}) against sim-core's
 * finite-data simulation at points off the correction's grid (other {@code K}, {@code a} and {@code B} than its
 * nodes; seeds other than the study's).
 */
class RmsPropReshufflingAcceptanceTest {

    /**
     * Data set of {@code n = K B} examples with fixed Gaussian per-example noises ({@code s2 = 1} with replacement),
     * a new permutation per chain and epoch, DL4J's RmsProp at {@code lr = 1}, {@code h = a}, 256 chains in 32
     * groups. Tolerance: 4 combined standard errors (simulation from the group spread; the lookup's Monte Carlo
     * error) plus the correction's and the table's measured interpolation bounds. The uncorrected factor is off by
     * more than that tolerance at these points (its error is 10% to 30% here), so the test tells them apart.
     */
    @ParameterizedTest(name = "K={0}, a={1}, B={2}")
    @CsvSource({"5, 0.02, 16", "10, 0.007, 24", "20, 0.004, 12"})
    @Tag("slow")
    void correctedPredictionMatchesTheFiniteDataSimulation(int k, double a, int batch) {
        double[] s2 = {1};
        PerExampleNoiseDataset data = PerExampleNoiseDataset.gaussian(QuadraticLandscape.diagonal(a), k * batch, batch,
                s2, 1000L + k);
        int steps = (int) Math.max(400L * k, Math.ceil(60 / a));
        SimulationResult result = Simulation.builder()
                .gradient(MinibatchGradient.of(data, batch, DataOrder.RESHUFFLE))
                .updater(new RmsProp(1.0, 0.95, 1e-8))
                .chains(256).burnIn((int) Math.ceil(10 / a + 400) + 2 * k).steps(steps).seed(77L + k).build().run();
        Estimate sim = result.variance(0);
        RmsPropStationaryTable.Lookup lookup = RmsPropReshuffling.shipped().lookup(1, a, 1, 0.95, 1e-8, k, batch);
        double predicted = lookup.prediction().stationaryVariance().orElseThrow();
        double tolerance = 4 * Math.hypot(sim.relativeStandardError(), lookup.monteCarloRelativeError())
                + lookup.interpolationErrorBound();
        assertEquals(1, predicted / sim.value(), tolerance, "corrected prediction / finite-data simulation, " + lookup
                .prediction());
        double uncorrected = RmsPropStationaryTable.shipped().predict(1, a, 1, 0.95, 1e-8).stationaryVariance()
                .orElseThrow() * RmsPropReshuffling.sgdFactor(1, a, 1, 1e-8, k, batch);
        System.out.printf(java.util.Locale.ROOT, "K=%d a=%s B=%d: corrected/sim %.4f, uncorrected/sim %.4f (sim SE %.2f%%)%n",
                k, a, batch, predicted / sim.value(), uncorrected / sim.value(), 100 * sim.relativeStandardError());
        assertTrue(Math.abs(uncorrected / sim.value() - 1) > tolerance, "the correction matters here: "
                + Arrays.toString(new double[] {uncorrected / sim.value(), tolerance}));
    }
}
