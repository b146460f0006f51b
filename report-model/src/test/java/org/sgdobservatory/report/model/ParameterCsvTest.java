package org.sgdobservatory.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-parameter sidecar: its CSV form reads back to the same records, and damage is one clear error. */
class ParameterCsvTest {

    /** The sample rows plus one whose texts hold a quote, a comma and a line break. */
    private static List<ParameterReport> rows() {
        List<ParameterReport> rows = new ArrayList<>(SampleReports.listenerReport().parameters());
        ParameterReport r = rows.get(5);
        rows.add(new ParameterReport("dense \"1\", W", 7, r.rate(), r.observed(), r.probed(),
                new PredictionReport(r.prediction().notPredicted(), r.prediction().variance(), Double.NaN, Double.NaN,
                        r.prediction().method(),
                        "eta h = 2.1,\nunstable"), r.comparison(), r.drift(), r.verdict()));
        return rows;
    }

    @Test
    void rowsReadBackToTheSameRecordsWithNaNOptionalsAndQuotedText() throws IOException {
        List<ParameterReport> rows = rows();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> columns = ParameterCsv.write(rows, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(String.join(",", columns), text.lines().findFirst().orElseThrow(), "the header is the columns");
        assertTrue(columns.contains("observed.variance.value") && columns.contains("verdict.notJudged"),
                "flattened field names: " + columns);
        assertEquals(rows, ParameterCsv.read(new ByteArrayInputStream(out.toByteArray())),
                "write then read gives the same records (NaN, empty optionals, quotes, commas, line breaks)");
    }

    @Test
    void readFileLoadsTheSidecarBackAndChecksIt(@TempDir Path dir) throws IOException {
        ObservatoryReport whole = SampleReports.listenerReport();
        byte[] gz = gzipped(whole.parameters());
        CRC32C crc = new CRC32C();
        crc.update(gz);
        String name = String.format("report.parameters.%08x.csv.gz", crc.getValue());
        Files.write(dir.resolve(name), gz);
        ParameterSidecar sidecar = new ParameterSidecar(name, whole.parameters().size(), gz.length,
                ParameterCsv.columns(whole.parameters().get(0)));
        Path json = dir.resolve("report.json");
        ReportJson.writeFile(whole.withParameters(List.of(), Optional.of(sidecar)), json);
        assertEquals(whole.withParameters(whole.parameters(), Optional.of(sidecar)), ReportJson.readFile(json),
                "readFile puts the sidecar's rows back into parameters");

        byte[] damaged = gz.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(dir.resolve(name), damaged);
        String m = assertThrows(ReportFormatException.class, () -> ReportJson.readFile(json)).getMessage();
        assertTrue(m.contains(name), "a damaged sidecar is named: " + m);
        Files.write(dir.resolve(name), java.util.Arrays.copyOf(gz, gz.length / 2));
        m = assertThrows(ReportFormatException.class, () -> ReportJson.readFile(json)).getMessage();
        assertTrue(m.contains("truncated") && m.contains(name), "a truncated sidecar says so: " + m);
        Files.delete(dir.resolve(name));
        m = assertThrows(ReportFormatException.class, () -> ReportJson.readFile(json)).getMessage();
        assertTrue(m.contains("missing") && m.contains(name), "a missing sidecar is named: " + m);
    }

    private static byte[] gzipped(List<ParameterReport> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            ParameterCsv.write(rows, gz);
        }
        return bytes.toByteArray();
    }
}
