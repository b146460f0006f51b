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

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
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

    /**
     * The text, byte for byte, is what the rows' JSON trees give: each leaf in order, text quoted with quotes doubled,
     * null empty, doubles as Jackson's fast writer writes them, other numbers and booleans plain (an oracle built from
     * the tree the report's mapper makes, not from the generator the table is written through).
     */
    @Test
    void theCellsAreTheLeavesOfEachRowsJsonTree() throws IOException {
        List<ParameterReport> rows = rows();
        StringBuilder expected = new StringBuilder(String.join(",", ParameterCsv.tableColumns(rows))).append('\n');
        for (ParameterReport row : rows) {
            List<String> cells = new ArrayList<>();
            leaves(ReportJson.mapper().valueToTree(row), cells);
            expected.append(String.join(",", cells)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParameterCsv.write(rows, out);
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }

    private static void leaves(JsonNode node, List<String> cells) {
        if (node.isObject()) {
            node.elements().forEachRemaining(child -> leaves(child, cells));
        } else if (node.isNull()) {
            cells.add("");
        } else if (node.isTextual()) {
            cells.add('"' + node.textValue().replace("\"", "\"\"") + '"');
        } else if (node.isDouble()) {
            cells.add(NumberOutput.toString(node.doubleValue(), true));
        } else {
            cells.add(node.asText());
        }
    }

    /** Rows whose leaves are not the table's columns, by name, by count or by order, are refused, not misfiled. */
    @Test
    void rowsThatDoNotMatchTheColumnsAreRefused() {
        List<ParameterReport> rows = rows();
        List<String> columns = ParameterCsv.tableColumns(rows);
        List<String> renamed = new ArrayList<>(columns);
        renamed.set(5, renamed.get(5) + "X");
        List<String> extra = new ArrayList<>(columns);
        extra.add("verdict.extra");
        List<String> fewer = columns.subList(0, columns.size() - 1);
        List<String> swapped = new ArrayList<>(columns);
        swapped.set(2, columns.get(3));
        swapped.set(3, columns.get(2));
        for (List<String> wrong : List.of(renamed, extra, fewer, swapped)) {
            assertThrows(IllegalArgumentException.class,
                    () -> ParameterCsv.write(rows, wrong, OutputStream.nullOutputStream()), "columns " + wrong);
        }
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
