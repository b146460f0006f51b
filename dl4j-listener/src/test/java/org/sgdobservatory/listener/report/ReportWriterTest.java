package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.listener.DataOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Strict JSON: NaN/Infinity become null with a finding; the file is written atomically. */
class ReportWriterTest {

    static ObservatoryReport sample() {
        ParameterReport p = new ParameterReport("0_W", 3, "Sgd", 0.1, 0.1, 0.5, 1e-3, 1e-4, 8e-4, 1.2e-3, 10, 100,
                Double.NaN, 0.02, 0.1, 2.5, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN,
                Double.NaN, "no probe", Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 1.0, 0.3, false);
        return new ObservatoryReport(ObservatoryReport.SCHEMA_VERSION,
                new Provenance("v", "d", "b", "j", 1, "MultiLayerNetwork", 6, "cfg", "{}"),
                new ListenerCost(1, 2, 3, 1, 100, 1000),
                new WindowReport(0, 9, 10, 1, "s", "e", 10, 0.1, 0.1),
                new DataOrderReport(DataOrder.IID, DataOrder.IID, 0, 10, 100, "ev"), Optional.empty(),
                List.of(), List.of(), List.of(p), List.of(closeUp()),
                List.of(new Finding(Finding.Severity.INFO, "X", "x")));
    }

    static CloseUpReport closeUp() {
        return new CloseUpReport("0_W", 3, "Sgd", "seeded pick", List.of(10L, 12L), List.of(0.5, 0.51),
                List.of(1.0, 0.9), new CloseUpReport.Histogram(0.45, 0.55, List.of(1L, 1L)),
                new CloseUpReport.Density(List.of(0.4, 0.5, 0.6), List.of(1.0, 8.0, 1.0), List.of()),
                "predicted only", Double.NaN, CloseUpReport.Slice.empty());
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullWithAFinding(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/report.json");
        new ReportWriter().write(sample(), file);
        String text = Files.readString(file);
        assertFalse(text.matches("(?s).*:\\s*(NaN|-?Infinity).*"), "no non-standard JSON tokens: " + text);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(2, json.get("schemaVersion").asInt(), "schema version");
        JsonNode p = json.get("parameters").get(0);
        assertEquals(2.5, p.get("gradientNoiseTailIndex").asDouble(), 0.0, "tail index field");
        assertTrue(p.get("limitCycleSpread").isNull() && p.get("predictedLimitCycleSpread").isNull(),
                "limit-cycle spreads are null for other data orders");
        JsonNode c = json.get("closeUps").get(0);
        for (String field : List.of("key", "index", "updater", "reason", "traceIterations", "trace",
                "autocorrelation", "histogram", "density", "densityBasis", "gibbsTemperature", "slice")) {
            assertTrue(c.has(field), "close-up field " + field + " (schema v2): " + c);
        }
        assertEquals(12, c.size(), "exactly the schema v2 close-up fields: " + c);
        assertEquals(List.of("low", "high", "counts"), fieldNames(c.get("histogram")), "histogram fields");
        assertEquals(List.of("x", "predicted", "gibbs"), fieldNames(c.get("density")), "density fields");
        assertEquals(List.of("offset", "loss"), fieldNames(c.get("slice")), "slice fields");
        assertEquals(12, c.get("traceIterations").get(1).asLong(), "trace iterations");
        assertEquals(0.55, c.get("histogram").get("high").asDouble(), 0.0, "histogram high");
        assertEquals(3, c.get("density").get("x").size(), "density grid");
        assertEquals(0, c.get("density").get("gibbs").size(), "no Gibbs density: empty array");
        assertTrue(c.get("gibbsTemperature").isNull(), "NaN temperature written as null");
        assertEquals(0, c.get("slice").get("offset").size(), "no slice: empty arrays");
        assertTrue(json.get("parameters").get(0).get("curvature").isNull(), "NaN written as null");
        assertTrue(json.get("parameters").get(0).get("predictedVarianceIid").isNull(), "Infinity written as null");
        assertTrue(json.get("noiseScaling").isNull(), "empty Optional written as null");
        assertFalse(json.get("parameters").get(0).has("varianceEstimate"), "convenience methods are not fields");
        assertEquals(1e-4, sample().parameters().get(0).varianceEstimate().standardError(), 0.0, "Estimate view");
        long nonFinite = 0;
        for (JsonNode f : json.get("findings")) {
            if (f.get("code").asText().equals("NON_FINITE_VALUE")) {
                nonFinite++;
            }
        }
        assertEquals(12, nonFinite, "one finding per non-finite field name (curvature, temperature, measuredAlpha,"
                + " predictedVariance, predictedVarianceIid, limitCycleSpread, predictedLimitCycleSpread, ratio,"
                + " ratioStandardError, ratioLow95, ratioHigh95, gibbsTemperature)");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
