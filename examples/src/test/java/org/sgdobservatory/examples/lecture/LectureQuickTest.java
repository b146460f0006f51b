package org.sgdobservatory.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.examples.cli.Observatory;

/**
 * {@code lecture --quick} end to end: every claim passes (the tolerances are in standard errors, so they widen with
 * the smaller quick runs; seeds are fixed), the summary classifies the claims honestly (four reproduced, alpha
 * corrected, the data order beyond the lecture), and {@code lecture.json} is strict JSON.
 */
class LectureQuickTest {

    @Test
    void everyClaimPassesAndTheSummaryClassifiesThem(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Observatory.execute(new String[] {"lecture", "--quick", "--quiet", "--report", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        List<String> lines = text.lines().toList();
        long passLines = lines.stream().filter(l -> l.startsWith("PASS  ")).count();
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("lecture.json")));
        assertAll(
                () -> assertEquals(Observatory.OK, code, "exit code; output:\n" + text + err),
                () -> assertEquals(6, passLines, "six PASS lines:\n" + text),
                () -> assertFalse(text.contains("FAIL"), "no FAIL:\n" + text),
                () -> assertTrue(lines.contains("Reproduced (4):"), "four reproduced:\n" + text),
                () -> assertTrue(lines.contains("Corrected (1):"), "one corrected:\n" + text),
                () -> assertTrue(lines.stream().anyMatch(l -> l.startsWith("  gibbs-double-well: ")
                        && l.contains("alpha ~ 1/10 is corrected to 1/2") && l.contains("Fokker-Planck")),
                        "alpha corrected, and why:\n" + text),
                () -> assertTrue(lines.contains("Beyond the lecture (1):"), "one beyond the lecture:\n" + text),
                () -> assertTrue(lines.stream().anyMatch(l -> l.startsWith("  data-order: ")),
                        "the data order is beyond the lecture:\n" + text),
                () -> assertTrue(lines.get(lines.size() - 1).matches("6 claims checked in [0-9.]+ s: 4 reproduced, 1"
                        + " corrected, 1 beyond the lecture; every check passed"), "closing line:\n" + text),
                () -> assertEquals("sgd-observatory/lecture/2", json.path("schema").asText(), "lecture.json schema"),
                () -> assertTrue(json.path("passed").asBoolean(false), "lecture.json says passed"),
                () -> assertEquals(6, json.path("claims").size(), "six claims in lecture.json"),
                () -> assertEquals("CORRECTED", json.path("claims").get(1).path("relation").asText(),
                        "the Gibbs claim is the corrected one"),
                () -> assertTrue(json.path("quick").asBoolean(false), "quick run recorded"));
    }
}
