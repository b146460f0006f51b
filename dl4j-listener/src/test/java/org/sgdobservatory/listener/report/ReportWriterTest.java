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
                Double.NaN, 0.02, 0.1, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, "no probe", Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 1.0, 0.3, false);
        return new ObservatoryReport(ObservatoryReport.SCHEMA_VERSION,
                new Provenance("v", "d", "b", "j", 1, "MultiLayerNetwork", 6, "cfg", "{}"),
                new ListenerCost(1, 2, 3, 1, 100, 1000),
                new WindowReport(0, 9, 10, 1, "s", "e", 10, 0.1, 0.1),
                new DataOrderReport(DataOrder.IID, DataOrder.IID, 0, 10, 100, "ev"), Optional.empty(),
                List.of(), List.of(), List.of(p), List.of(new Finding(Finding.Severity.INFO, "X", "x")));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullWithAFinding(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/report.json");
        new ReportWriter().write(sample(), file);
        String text = Files.readString(file);
        assertFalse(text.matches("(?s).*:\\s*(NaN|-?Infinity).*"), "no non-standard JSON tokens: " + text);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(1, json.get("schemaVersion").asInt(), "schema version");
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
        assertEquals(9, nonFinite, "one finding per non-finite field name (curvature, temperature, measuredAlpha,"
                + " predictedVariance, predictedVarianceIid, ratio, ratioStandardError, ratioLow95, ratioHigh95)");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
