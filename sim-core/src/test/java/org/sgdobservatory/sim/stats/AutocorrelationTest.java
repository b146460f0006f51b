package org.sgdobservatory.sim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Integrated autocorrelation time of AR(1) traces against {@code tau = (1+r)/(1-r)}. */
class AutocorrelationTest {

    @ParameterizedTest(name = "r={0}")
    @ValueSource(doubles = {0.9, 0.5, 0.0, -0.5, -0.9})
    void integratedTimeOfAr1(double r) {
        SplittableRandom rng = new SplittableRandom(3);
        int chains = 20;
        int n = 20_000;
        double[][] traces = new double[chains][n];
        for (double[] t : traces) {
            double x = rng.nextGaussian() / Math.sqrt(1 - r * r);
            for (int i = 0; i < n; i++) {
                x = r * x + rng.nextGaussian();
                t[i] = x;
            }
        }
        Autocorrelation.IntegratedTime tau = Autocorrelation.integratedTime(traces);
        double exact = (1 + r) / (1 - r);
        // Sokal's SE for one trace is sqrt(2(2M+1)/n) tau; 20 independent traces divide it by sqrt(20).
        double se = tau.standardError() / Math.sqrt(chains);
        assertEquals(exact, tau.tau(), Math.max(4 * Math.abs(se), 0.01 * exact),
                "tau of AR(1) with r = " + r + " via " + tau.method());
        assertEquals(r, tau.lag1(), 4 * Math.sqrt((1 - r * r) / (chains * (double) n)) + 1e-3, "lag-1");
    }
}
