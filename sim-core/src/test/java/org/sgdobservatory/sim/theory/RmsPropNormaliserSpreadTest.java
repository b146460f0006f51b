package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link RmsPropNormaliserSpread} against a direct simulation of {@code v_t = rho v_{t-1} + (1 - rho) g_t^2}, with
 * {@code g_t} the mean of {@code B} per-example slopes: Gaussian ({@code kappa = 0}) and sparse bursts
 * ({@code +-a} with probability {@code p}, else 0: {@code kappa = 1/p - 3}).
 *
 * <p>Tolerance: the simulated relative standard deviation is estimated from {@code T} steps; its standard error is
 * measured from 40 batch means of the two moments (batches of {@code T/40} steps, far longer than {@code v}'s
 * correlation time {@code (1 + rho)/(1 - rho) ~ 39} steps), propagated through {@code sd/mean} by the delta method.
 * The formula is exact, so the difference must lie within 4 of those standard errors (a false failure about once in
 * 16 000 runs).
 */
class RmsPropNormaliserSpreadTest {

    private static final int B = 32;
    private static final double RHO = 0.95;
    private static final int STEPS = 400_000;
    private static final int BATCHES = 40;

    @Test
    void gaussianSlopes() {
        check(0, 11, r -> r.nextGaussian());
    }

    @Test
    void sparseBurstSlopes() {
        double p = 0.01;
        check(1 / p - 3, 12, r -> r.nextDouble() < p ? (r.nextBoolean() ? 1.0 : -1.0) : 0.0);
    }

    private interface Slope {
        double draw(SplittableRandom r);
    }

    private static void check(double kappa, long seed, Slope slope) {
        SplittableRandom r = new SplittableRandom(seed);
        double v = 0;
        // burn-in: 40 correlation times
        for (int t = 0; t < 1600; t++) {
            v = RHO * v + (1 - RHO) * square(mean(r, slope));
        }
        double[] s1 = new double[BATCHES];
        double[] s2 = new double[BATCHES];
        int per = STEPS / BATCHES;
        for (int b = 0; b < BATCHES; b++) {
            for (int t = 0; t < per; t++) {
                v = RHO * v + (1 - RHO) * square(mean(r, slope));
                s1[b] += v / per;
                s2[b] += v * v / per;
            }
        }
        double m1 = 0;
        double m2 = 0;
        for (int b = 0; b < BATCHES; b++) {
            m1 += s1[b] / BATCHES;
            m2 += s2[b] / BATCHES;
        }
        double rel = Math.sqrt(m2 - m1 * m1) / m1;
        // delta method per batch: f(s1, s2) = sqrt(s2 - s1^2)/s1, linearised at the overall means
        double var = m2 - m1 * m1;
        double d1 = (-m1 / Math.sqrt(var)) / m1 - Math.sqrt(var) / (m1 * m1);
        double d2 = 0.5 / Math.sqrt(var) / m1;
        double ss = 0;
        for (int b = 0; b < BATCHES; b++) {
            double lin = d1 * (s1[b] - m1) + d2 * (s2[b] - m2);
            ss += lin * lin;
        }
        double se = Math.sqrt(ss / (BATCHES - 1) / BATCHES);
        double expected = RmsPropNormaliserSpread.relative(kappa, B, RHO);
        System.out.printf("v's relative sd, kappa %.0f: simulated %.4f +- %.4f, formula %.4f%n", kappa, rel, se,
                expected);
        assertTrue(se < 0.05 * expected, "the simulation resolves the value: SE " + se);
        assertEquals(expected, rel, 4 * se, "relative sd of v, kappa " + kappa);
    }

    private static double mean(SplittableRandom r, Slope slope) {
        double s = 0;
        for (int i = 0; i < B; i++) {
            s += slope.draw(r);
        }
        return s / B;
    }

    private static double square(double x) {
        return x * x;
    }
}
