package org.sgdobservatory.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/** The usage example of sim-core/README.md compiles, runs, and is quoted verbatim there. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndIsQuotedVerbatim() throws IOException {
        // README-EXAMPLE-START
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(1.0), GaussianNoise.diagonal(1.0)))
                .updater(new Sgd(0.5))                    // eta * h = 0.5
                .chains(10_000).burnIn(200).steps(1_000).seed(42)
                .build().run();
        Estimate variance = result.variance(0);           // value ± standard error
        double exact = SgdQuadratic1D.of(0.5, 1.0, 1.0).stationaryVariance();  // eta s2/(h(2 - eta h)) = 1/3
        System.out.printf("simulated %s, exact %.5f%n", variance, exact);
        // README-EXAMPLE-END

        // Bartlett SE of the sample variance, N = 1e7: Var sqrt(2(1+r^2)/((1-r^2)N)) = 1.9e-4.
        assertEquals(exact, variance.value(), 4 * SgdQuadratic1D.of(0.5, 1.0, 1.0)
                .sampleVarianceStandardError(1e7, 0.0), "README example result");
        String source = Files.readString(Path.of("src/test/java/org/sgdobservatory/sim/ReadmeExampleTest.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-START") + 24,
                source.indexOf("        // README-EXAMPLE-END"));
        String readme = Files.readString(Path.of("README.md"));
        for (String line : example.strip().split("\n")) {
            assertTrue(readme.contains(line.strip()), "README.md must quote the example line: " + line.strip());
        }
    }
}
