package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class VerdictTest {

    private static RunSummary run(int i) {
        return RunSummary.of(Fixtures.load(Fixtures.EXAMPLE).get("runs").get(i), i);
    }

    @Test
    void sgdRunOfTheFixture() {
        RunSummary s = run(0);
        assertEquals("SGD", s.label(), "label");
        assertEquals(1.0, s.theorySlope(), 0, "SGD theory slope");
        assertEquals(4, s.groups(), "groups");
        assertEquals(0, s.settledGroups(), "no group of the fixture settled");
        List<Verdict> v = Verdict.of(s);
        assertEquals(Verdict.Level.BAD, v.get(0).level(), "settled: " + v.get(0));
        assertEquals(Verdict.Level.GOOD, v.get(1).level(), "median ratio 0.90 over the judged parameters: " + v.get(1));
        assertTrue(v.get(2).answer().startsWith("no"), "temperatures follow the noise: " + v.get(2));
        assertTrue(v.get(3).detail().contains("median factor"), "order effect quantified: " + v.get(3));
    }

    @Test
    void rmspropRunIsPredictedForItsDataOrder() {
        RunSummary s = run(1);
        assertEquals(0.5, s.theorySlope(), 0, "RMSProp theory slope");
        assertTrue(s.predicted() > 0, "the fixture's RMSProp run has reshuffling-aware predictions: " + s.predicted());
        Verdict prediction = Verdict.prediction(s);
        assertTrue(prediction.level() != Verdict.Level.UNKNOWN, prediction.toString());
        assertTrue(Verdict.dataOrder(s).detail().contains("median factor"), Verdict.dataOrder(s).detail());
    }

    @Test
    void temperatureFitAgreesWithTheGroupsFits() {
        // The run-level fit pools all groups; it must lie within the range of the per-group slopes.
        RunSummary s = run(0);
        double slope = s.temperatureFit().orElseThrow().slope();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (JsonNode g : Fixtures.load(Fixtures.EXAMPLE).get("runs").get(0).get("observatory").get("groups")) {
            lo = Math.min(lo, g.get("temperatureNoiseSlope").asDouble());
            hi = Math.max(hi, g.get("temperatureNoiseSlope").asDouble());
        }
        assertTrue(slope > lo - 0.5 && slope < hi + 0.5, "pooled slope " + slope + " near group slopes [" + lo + ", " + hi + "]");
    }

    @Test
    void predictionLevelsFollowTheStatedFactors() {
        ObjectNode run = Fixtures.load(Fixtures.MINIMAL).get("runs").get(0).deepCopy();
        ObjectNode obs = (ObjectNode) run.get("observatory");
        for (double r : new double[] {1.2, 1.3, 0.8}) {
            obs.withArray("parameters").addObject().put("key", "0_W").put("ratio", r);
        }
        assertEquals(Verdict.Level.GOOD, Verdict.prediction(RunSummary.of(run, 0)).level(), "median 1.2 within 1.5");
        obs.withArray("parameters").removeAll();
        for (double r : new double[] {1.8, 1.9, 0.8}) {
            obs.withArray("parameters").addObject().put("key", "0_W").put("ratio", r);
        }
        assertEquals(Verdict.Level.MIXED, Verdict.prediction(RunSummary.of(run, 0)).level(), "median 1.8 within 2");
        obs.withArray("parameters").removeAll();
        for (double r : new double[] {0.3, 0.4, 3.0}) {
            obs.withArray("parameters").addObject().put("key", "0_W").put("ratio", r);
        }
        assertEquals(Verdict.Level.BAD, Verdict.prediction(RunSummary.of(run, 0)).level(), "median 0.4 beyond 2");
    }
}
