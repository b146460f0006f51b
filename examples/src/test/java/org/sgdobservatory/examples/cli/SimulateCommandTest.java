package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate}: the JSON document's shape, strictness, and its numbers against the closed forms.
 *
 * <p>Tolerances: the observed variance carries a standard error from 32 independent groups of chains
 * (sim-core's {@code SimulationResult}); a deviation beyond 5 SE has probability below 1e-4 even for a
 * t distribution with 31 degrees of freedom, and the seeds are fixed, so the tests are deterministic.
 */
class SimulateCommandTest {
    private static final ObjectMapper STRICT = new ObjectMapper(); // rejects NaN/Infinity tokens by default

    private static JsonNode simulate(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "simulate";
        all[1] = "--quiet";
        System.arraycopy(args, 0, all, 2, args.length);
        Cli r = Cli.run(all);
        assertEquals(0, r.exitCode(), "simulate exits 0; stderr: " + r.err());
        assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), "strict JSON numbers: " + r.out());
        return STRICT.readTree(r.out());
    }

    @Test
    void twoDimensionalQuadraticMatchesTheExactDiscreteFormula() throws Exception {
        // h = (1, 2), s2 = (4, 1), eta = 0.1: eta h = 0.1, 0.2; tau = 19 and 9 steps, so 256 chains x 1500
        // steps give ~2e4 and ~4e4 effective samples, a relative SE of about 1%.
        double eta = 0.1;
        double[] h = {1, 2};
        double[] s2 = {4, 1};
        JsonNode j = simulate("--curvature", "1,2", "--noise-variance", "4,1", "--lr", "0.1", "--chains", "256",
                "--steps", "1500", "--burn-in", "200", "--seed", "7");
        for (String key : new String[] {"variance", "varianceStandardError", "temperature", "mean"}) {
            assertEquals(2, j.path("observed").path(key).size(), "observed." + key + " has one entry per dim");
        }
        for (String key : new String[] {"variance", "varianceIid", "varianceSde", "temperature"}) {
            assertEquals(2, j.path("predicted").path(key).size(), "predicted." + key + " has one entry per dim");
        }
        for (int d = 0; d < 2; d++) {
            // SgdQuadratic1D, docs/theory.md#sgd-on-a-1-d-quadratic
            double exact = eta * s2[d] / (h[d] * (2 - eta * h[d]));
            double observed = j.path("observed").path("variance").get(d).asDouble();
            double se = j.path("observed").path("varianceStandardError").get(d).asDouble();
            int dim = d;
            assertAll(
                    () -> assertEquals(exact, j.path("predicted").path("variance").get(dim).asDouble(), 1e-12 * exact,
                            "predicted.variance[" + dim + "] is the exact discrete formula"),
                    () -> assertEquals(exact, j.path("predicted").path("varianceIid").get(dim).asDouble(), 1e-12 * exact,
                            "i.i.d. prediction equals it without finite data"),
                    () -> assertEquals(eta * s2[dim] / (2 * h[dim]), j.path("predicted").path("varianceSde").get(dim)
                            .asDouble(), 1e-12, "SDE limit eta s2/(2h)"),
                    () -> assertEquals(h[dim] * exact, j.path("predicted").path("temperature").get(dim).asDouble(),
                            1e-12, "predicted T = h Var"),
                    () -> assertTrue(se > 0 && se < 0.05 * exact, "SE is positive and small: " + se),
                    () -> assertEquals(exact, observed, 5 * se, "observed variance[" + dim + "] within 5 SE"),
                    () -> assertEquals(h[dim] * observed, j.path("observed").path("temperature").get(dim).asDouble(),
                            1e-12, "observed T = h Var"));
        }
        assertAll(
                () -> assertFalse(j.path("gibbs").asBoolean(true), "s2 = (4, 1): two temperatures, not Gibbs"),
                () -> assertTrue(j.path("gibbsTest").path("pValue").asDouble() < 1e-3, "Gibbs test p-value"),
                () -> assertEquals("sgd", j.path("config").path("optimizer").asText(), "config echoes the optimizer"),
                () -> assertTrue(j.path("findings").isArray(), "findings is a list"));
    }

    @Test
    void varnormIsGibbs() throws Exception {
        JsonNode j = simulate("--optimizer", "varnorm", "--curvature", "1,1", "--noise-variance", "4,1", "--lr",
                "0.1", "--chains", "256", "--steps", "1500", "--burn-in", "400", "--seed", "8");
        assertTrue(j.path("gibbs").asBoolean(false), "eta'/s2 gives one temperature: " + j.path("gibbsTest"));
    }

    @Test
    void divergedRunIsStrictJsonWithNullsAndFindings() throws Exception {
        // eta h = 3 > 2: unstable; the variance overflows to infinity/NaN, which must become null.
        JsonNode j = simulate("--curvature", "1", "--noise-variance", "1", "--lr", "3", "--chains", "8",
                "--steps", "2000", "--burn-in", "0");
        assertAll(
                () -> assertTrue(j.path("observed").path("variance").get(0).isNull(), "non-finite variance is null"),
                () -> assertTrue(j.path("predicted").path("variance").get(0).isNull(), "no prediction when unstable"),
                () -> assertFalse(j.path("observed").path("finite").asBoolean(true), "flagged as diverged"),
                () -> assertTrue(j.path("findings").toString().contains("UNSTABLE"), "findings explain: "
                        + j.path("findings")));
    }

    @Test
    void reshuffledFiniteDataMatchesTheEpochRecursion() throws Exception {
        // n = 400, B = 20, eta h = 0.02 (docs/data-order.md#random-reshuffling): reshuffling gives about 0.12x the
        // i.i.d. spread.
        JsonNode j = simulate("--curvature", "1", "--noise-variance", "1", "--lr", "0.02", "--examples", "400",
                "--batch", "20", "--sampling", "reshuffle", "--chains", "256", "--steps", "1200", "--burn-in", "400",
                "--seed", "9");
        double predicted = j.path("predicted").path("variance").get(0).asDouble();
        double iid = j.path("predicted").path("varianceIid").get(0).asDouble();
        double observed = j.path("observed").path("variance").get(0).asDouble();
        double se = j.path("observed").path("varianceStandardError").get(0).asDouble();
        assertAll(
                () -> assertEquals(0.122, predicted / iid, 0.002, "reshuffle / i.i.d. prediction"),
                () -> assertEquals(predicted, observed, 5 * se, "observed within 5 SE of the reshuffle prediction"),
                () -> assertTrue(j.path("findings").toString().contains("one dimension"),
                        "the only finding is that 1-D is trivially Gibbs: " + j.path("findings")));
    }

    @Test
    void cyclicOrderSettlesOnThePredictedLimitCycle() throws Exception {
        // Deterministic orbit: 1000 burn-in steps leave 0.98^2000 ~ 3e-18 of the start; the recorded 1600
        // steps are 16 blocks of 5 whole epochs, so the pooled variance is the orbit spread to rounding.
        JsonNode j = simulate("--curvature", "1", "--noise-variance", "1", "--lr", "0.02", "--examples", "400",
                "--batch", "20", "--sampling", "cyclic", "--chains", "1", "--steps", "1600", "--burn-in", "1000");
        double predicted = j.path("predicted").path("variance").get(0).asDouble();
        assertAll(
                () -> assertEquals(predicted, j.path("observed").path("variance").get(0).asDouble(), 1e-6 * predicted,
                        "observed spread equals the limit cycle's"),
                () -> assertFalse(j.path("gibbs").asBoolean(true), "a limit cycle is not a density"),
                () -> assertTrue(j.path("findings").toString().contains("limit cycle"), "findings say so"));
    }

    @Test
    void quarticTemperatureMatchesFokkerPlanck() throws Exception {
        // l = x^4, s2 = 4, eta = 0.01: Fokker-Planck T = eta s2/2 = 0.02. The flat minimum relaxes slowly
        // from the origin, hence 3000 burn-in steps. T is read off the mean loss (E_T[x^4] = T/4); its SE
        // comes from 256 independent chains' mean losses; 5 SE as above.
        JsonNode j = simulate("--loss", "quartic", "--curvature", "1", "--noise-variance", "4", "--lr", "0.01",
                "--chains", "256", "--steps", "2000", "--burn-in", "3000", "--seed", "10");
        double t = j.path("observed").path("temperature").get(0).asDouble();
        double se = j.path("observed").path("temperatureStandardError").get(0).asDouble();
        assertAll(
                () -> assertEquals(0.02, j.path("predicted").path("temperature").get(0).asDouble(), 1e-15,
                        "predicted T = eta s2/2"),
                () -> assertTrue(se > 0 && se < 0.05 * t, "SE positive and small: " + se),
                () -> assertEquals(0.02, t, 5 * se, "observed T within 5 SE of Fokker-Planck"));
    }

    @Test
    void rmspropUnderReshuffleHasNoClosedFormAndSaysSo() throws Exception {
        JsonNode j = simulate("--optimizer", "rmsprop", "--curvature", "1", "--noise-variance", "1", "--lr", "0.02",
                "--examples", "40", "--batch", "4", "--sampling", "reshuffle", "--chains", "16", "--steps", "100",
                "--burn-in", "10");
        assertAll(
                () -> assertTrue(j.path("predicted").path("variance").get(0).isNull(), "null prediction"),
                () -> assertFalse(j.path("predicted").path("varianceIid").get(0).isNull(), "i.i.d. mean field given"),
                () -> assertTrue(j.path("findings").toString().contains("RMSProp"), "explained: " + j.path("findings")));
    }
}
