package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterSidecar;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Big reports stay usable: beyond {@code jsonParameterRows} the per-parameter rows go to a gzipped CSV file beside
 * report.json, the JSON keeps the groups and names the file (rows, bytes, columns), {@code ReportJson.readFile} gives
 * back the very report the listener holds, and leftovers of interrupted writes (temporary files, the sidecar of an
 * earlier report) are gone after the next write. The run is the report-file fault tests' ({@link ReportFaultRuns}).
 */
class BigReportSidecarTest {

    private static ObservatoryReport run(Path file, int jsonRows) {
        MultiLayerNetwork net = ReportFaultRuns.network();
        ObservatoryListener l = ReportFaultRuns.listener(file, jsonRows).attachTo(net);
        ReportFaultRuns.train(net);
        return l.lastReport().orElseThrow(() -> new AssertionError("the window ended inside fit"));
    }

    @Test
    void rowsBeyondTheLimitGoToAGzippedCsvThatReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        Path leftover = Files.writeString(dir.resolve(".report.parameters.123.tmp"), "half a killed write");
        Path oldSidecar = Files.writeString(dir.resolve("report.parameters.0badc0de.csv.gz"), "an earlier report's");
        Path unrelated = Files.writeString(dir.resolve("other.parameters.0badc0de.csv.gz"), "another report's");

        ObservatoryReport r = run(file, 100);

        ParameterSidecar sidecar = r.parameterSidecar().orElseThrow(() -> new AssertionError("351 rows > 100: a sidecar"));
        assertEquals(351, r.parameters().size(), "the report in memory keeps every row");
        assertEquals(351, sidecar.rows(), "the sidecar holds every row");
        assertTrue(sidecar.file().matches("report\\.parameters\\.[0-9a-f]{8}\\.csv\\.gz"), sidecar.file());
        assertEquals(Files.size(dir.resolve(sidecar.file())), sidecar.bytes(), "the size the JSON states");
        assertEquals(Files.getPosixFilePermissions(file), Files.getPosixFilePermissions(dir.resolve(sidecar.file())),
                "the sidecar is as readable as the report file (rw-r--r--)");
        JsonNode json = ReportJson.mapper().readTree(file.toFile());
        assertEquals(0, json.get("parameters").size(), "no per-parameter rows in the JSON");
        assertEquals(sidecar.file(), json.at("/parameterSidecar/file").asText(), "the JSON names the file");
        assertEquals(r.groups().size(), json.get("groups").size(), "the JSON keeps the group summaries");
        ObservatoryReport read = (ObservatoryReport) ReportJson.readFile(file);
        assertEquals(r.parameters(), read.parameters(), "readFile gives back every row, typed and equal");
        // as text: the configuration trees hold long nodes in memory and int nodes when read, equal in JSON
        assertEquals(ReportJson.write(r), ReportJson.write(read), "readFile gives back the listener's report");
        assertFalse(Files.exists(leftover), "the temporary file of an interrupted write is deleted");
        assertFalse(Files.exists(oldSidecar), "the sidecar of the earlier report is deleted");
        assertTrue(Files.exists(unrelated), "another report's sidecar is left alone");

        long jsonBytes = Files.size(file);
        long wholeJsonBytes = ReportJson.write(r.withParameters(r.parameters(), java.util.Optional.empty()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("351 rows: all-in-JSON %d bytes (%.0f per row); JSON %d + sidecar %d bytes (%.0f per row);"
                + " page %d bytes%n", wholeJsonBytes, (wholeJsonBytes - jsonBytes) / 351.0, jsonBytes, sidecar.bytes(),
                sidecar.bytes() / 351.0, Files.size(dir.resolve("index.html")));
        assertTrue(sidecar.bytes() < (wholeJsonBytes - jsonBytes) / 3, "the sidecar is at least 3 times smaller than"
                + " the rows as JSON");
    }

    @Test
    void atOrBelowTheLimitEverythingStaysInTheJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        Path oldSidecar = Files.writeString(dir.resolve("report.parameters.0badc0de.csv.gz"), "an earlier report's");
        ObservatoryReport r = run(file, 2000);
        assertTrue(r.parameterSidecar().isEmpty(), "351 rows <= 2000: no sidecar");
        assertEquals(351, ReportJson.mapper().readTree(file.toFile()).get("parameters").size(), "rows in the JSON");
        assertFalse(Files.exists(oldSidecar), "a sidecar no report names is deleted");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("index.html", "report.json"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "the report and its page");
        }
    }
}
