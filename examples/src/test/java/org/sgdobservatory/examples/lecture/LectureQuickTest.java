package org.sgdobservatory.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.examples.cli.Observatory;

/**
 * {@code lecture --quick} end to end: every claim passes (the tolerances are in standard errors, so they
 * widen with the smaller quick runs; seeds are fixed), and {@code lecture.json} is strict JSON.
 */
class LectureQuickTest {

    @Test
    void everyClaimPassesInQuickMode(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Observatory.execute(new String[] {"lecture", "--quick", "--quiet", "--report", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        long passLines = text.lines().filter(l -> l.startsWith("PASS  ")).count();
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("lecture.json")));
        assertAll(
                () -> assertEquals(Observatory.OK, code, "exit code; output:\n" + text + err),
                () -> assertEquals(6, passLines, "six PASS lines:\n" + text),
                () -> assertFalse(text.contains("FAIL"), "no FAIL:\n" + text),
                () -> assertTrue(text.contains("ALL PASS: 6/6"), "summary line"),
                () -> assertTrue(json.path("passed").asBoolean(false), "lecture.json says passed"),
                () -> assertEquals(6, json.path("claims").size(), "six claims in lecture.json"),
                () -> assertTrue(json.path("quick").asBoolean(false), "quick run recorded"));
    }
}
