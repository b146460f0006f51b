package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReshufflingQuadratic1DTest {

    @Test
    void reproducesTheTheoryChecksScript() {
        // The example of docs/data-order.md#random-reshuffling: n = 400, B = 20 (K = 20), h = 1, eta = 0.02;
        // per-example population variance C = 0.828240680143518 from numpy default_rng(1). Closed form 5.1078e-5,
        // simulated 5.11e-5; numbers from src/test/resources/reference/reshuffling_reference.py.
        double s2 = ReshufflingQuadratic1D.withoutReplacementBatchVariance(0.828240680143518, 400, 20);
        assertEquals(0.03944003238778657, s2, 1e-15, "s2 = (C/B)(n-B)/(n-1)");
        ReshufflingQuadratic1D rr = ReshufflingQuadratic1D.of(0.02, 1.0, s2, 20);
        assertEquals(5.107802733813956e-05, rr.stationarySpread(), 1e-12 * 5.1e-5, "RR spread");
        assertEquals(0.12821299578957085, rr.ratioToIid(), 1e-12,
                "ratio to i.i.d. (docs/data-order.md#random-reshuffling: 0.128x)");
    }

    // Reference: the closed form in 50-digit mpmath arithmetic (reshuffling_reference.py, part 2), h = s2 = 1.
    @ParameterizedTest(name = "eta*h={0}, K={1}")
    @CsvSource({
        "1e-9, 20,  3.499999986e-18,              6.9999999685000001e-9",
        "1e-4, 50,  8.4902340923585408e-8,  0.0016979619161307846",
        "0.02, 20,  0.0012950807655512223,  0.12821299578957101",
        "0.1,  100, 0.04401911333837427,    0.83636315342911113",
        "0.5,  400, 0.33167084377610693,    0.9950125313283208",
        "1.5,  7,   3.3013392857142857,     1.1004464285714286",
        "1.0,  5,   1.0,                    1.0",  // r = 0: no memory, the anticorrelation is invisible
    })
    void matchesHighPrecisionClosedForm(double etaH, int k, double spread, double ratio) {
        ReshufflingQuadratic1D rr = ReshufflingQuadratic1D.of(etaH, 1.0, 1.0, k);
        // 1e-12 relative even at eta h = 1e-9, where the textbook sums S2 - (S1^2 - S2)/(K-1) would
        // cancel to noise in double precision.
        double tol = 1e-12;
        assertEquals(spread, rr.stationarySpread(), tol * spread, "spread");
        assertEquals(ratio, rr.ratioToIid(), tol * ratio, "ratio to i.i.d.");
        assertEquals(spread, ReshufflingQuadratic1D.stationarySpread(etaH, 1.0, 1.0, k), tol * spread,
                "spread without building the model (closed-form sum of r^{2k})");
    }

    @Test
    void ratioApproachesOneAsRelaxationOutrunsTheEpoch() {
        double previous = 0;
        for (int k : new int[] {2, 10, 100, 1000, 10_000}) {
            double ratio = ReshufflingQuadratic1D.of(0.1, 1.0, 1.0, k).ratioToIid();
            assertTrue(ratio > previous, "ratio grows with eta h K: " + ratio + " at K = " + k);
            previous = ratio;
        }
        // eta h K = 1000: the anticorrelation -s2/(K-1) costs O(1/(eta h K)).
        assertEquals(1.0, previous, 2e-3, "ratio at eta h K = 1000");
    }

    @Test
    void slowRelaxationRatioIsAboutEtaHKOverThree() {
        double ratio = ReshufflingQuadratic1D.of(1e-6, 1.0, 1.0, 30).ratioToIid();
        // Roughly eta h K/3; the exact leading term is eta h (K+1)/3 (docs/data-order.md#random-reshuffling).
        assertEquals(1e-6 * 31 / 3, ratio, 1e-3 * ratio, "eta h (K+1)/3");
    }

    /**
     * At {@code eta h} below double precision's resolution of 1 (a flat direction of a network's Hessian, 7e-17 on
     * iris), {@code r = 1 - eta h} rounds to 1; the spread must still be the closed form's. The reference is the
     * static {@link ReshufflingQuadratic1D#stationarySpread(double, double, double, int)}, which
     * divides by {@code eta h (2 - eta h)} instead of {@code 1 - r^{2K}}: both agree to 1e-12 at a moderately small
     * {@code eta h} and must keep agreeing as it shrinks.
     */
    @Test
    void aDirectionFlatterThanDoublePrecisionStillHasAFiniteSpread() {
        for (double h : new double[] {1e-6, 1e-12, 7.3e-17, 1e-30}) {
            Prediction p = ReshufflingQuadratic1D.predict(0.3, h, 1.4e-3, 12);
            double spread = assertInstanceOf(Prediction.Stationary.class, p, "h = " + h).variance();
            double reference = ReshufflingQuadratic1D.stationarySpread(0.3, h, 1.4e-3, 12);
            assertEquals(reference, spread, 1e-9 * reference, "h = " + h);
        }
    }

    @Test
    void agreesWithADirectSimulationOfShuffledEpochs() {
        // n = 40 examples with fixed zero-sum noises e_j, B = 4 (K = 10), eta h = 0.1 (eta h K = 1).
        int n = 40;
        int b = 4;
        int k = n / b;
        double eta = 0.1;
        double h = 1.0;
        Random rng = new Random(314);
        double[] e = new double[n];
        double mean = 0;
        for (int j = 0; j < n; j++) {
            e[j] = rng.nextGaussian();
            mean += e[j] / n;
        }
        double c = 0;
        for (int j = 0; j < n; j++) {
            e[j] -= mean;
            c += e[j] * e[j] / n;
        }
        ReshufflingQuadratic1D theory =
                ReshufflingQuadratic1D.of(eta, h, ReshufflingQuadratic1D.withoutReplacementBatchVariance(c, n, b), k);

        int chains = 2000;
        int burnInEpochs = 30;     // relaxation time 1/(eta h) = 1 epoch; 0.9^600 ~ 1e-27 of x_0 remains
        int measuredEpochs = 20;
        double[] perChain = new double[chains];
        int[] perm = new int[n];
        for (int ch = 0; ch < chains; ch++) {
            double x = 0;
            double sum = 0;
            for (int ep = 0; ep < burnInEpochs + measuredEpochs; ep++) {
                for (int j = 0; j < n; j++) {
                    perm[j] = j;
                }
                for (int j = n - 1; j > 0; j--) {  // Fisher-Yates
                    int r = rng.nextInt(j + 1);
                    int t = perm[j];
                    perm[j] = perm[r];
                    perm[r] = t;
                }
                for (int step = 0; step < k; step++) {
                    if (ep >= burnInEpochs) {
                        sum += x * x;  // x_k before step k: k = 0..K-1, as in the closed form
                    }
                    double xi = 0;
                    for (int m = 0; m < b; m++) {
                        xi += e[perm[step * b + m]] / b;
                    }
                    x = x - eta * (h * x + xi);
                }
            }
            perChain[ch] = sum / (measuredEpochs * k);
        }
        double avg = java.util.Arrays.stream(perChain).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(perChain).map(v -> (v - avg) * (v - avg)).sum()
                / (chains - 1));
        double se = sd / Math.sqrt(chains);  // chains are independent; E[x] = 0 so mean x^2 is the spread
        assertEquals(theory.stationarySpread(), avg, 4 * se, "simulated spread, SE = " + se);
        assertTrue(Math.abs(avg - theory.iidVariance()) > 4 * se,
                "the i.i.d. value " + theory.iidVariance() + " is rejected (ratio " + theory.ratioToIid() + ")");
    }

    @Test
    void stepVariancesAreConsistent() {
        ReshufflingQuadratic1D rr = ReshufflingQuadratic1D.of(0.05, 2.0, 0.3, 12);
        assertEquals(rr.boundaryVariance(), rr.varianceAtStep(12), 1e-15, "Var(x_K) = Var(x_0) = V_b");
        assertEquals(0.0, rr.epochNoiseVariance(0), 0, "no steps, no noise");
        double r = 1 - 0.1;
        double e1 = 0.05 * 0.05 * 0.3;  // one step: S2 = 1, S1 = 1 -> eta^2 s2
        assertEquals(e1, rr.epochNoiseVariance(1), 1e-15, "E_1 = eta^2 s2");
        assertEquals(r * r * rr.boundaryVariance() + e1, rr.varianceAtStep(1), 1e-15, "Var(x_1)");
    }

    @Test
    void invalidInputsAreAnswered() {
        assertEquals(Prediction.Reason.INVALID_INPUT, assertInstanceOf(Prediction.NotApplicable.class,
                ReshufflingQuadratic1D.predict(0.1, 1.0, 1.0, 1), "K = 1").reason(), "K = 1 is full batch");
        assertEquals(Prediction.Reason.UNSTABLE, assertInstanceOf(Prediction.NotApplicable.class,
                ReshufflingQuadratic1D.predict(2.5, 1.0, 1.0, 10), "eta h = 2.5").reason(), "unstable");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReshufflingQuadratic1D.withoutReplacementBatchVariance(1.0, 10, 20));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    }
}
