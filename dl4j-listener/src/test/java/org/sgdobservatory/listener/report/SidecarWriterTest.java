package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The parameter table's sidecar written on its own thread while the pipeline goes on: the report names the sidecar
 * that was started for its rows (the same file, not written again), reads back with exactly those rows and leaves no
 * other file; a sidecar started for other rows is deleted with the old sidecars; one a failing pipeline abandons
 * leaves the report on disk readable and is deleted by the next write; rows that fit the JSON start none.
 */
class SidecarWriterTest {

    @Test
    void theReportNamesTheSidecarStartedForItsRows(@TempDir Path dir) throws IOException {
        ObservatoryReport report = KilledDuringReportWriteFaultTest.baseReport();
        List<ParameterReport> rows = report.parameters();
        Path target = dir.resolve("report.json");

        Optional<SidecarWriter.Pending> early = ReportFiles.startSidecar(target, rows, 100);
        String file = early.orElseThrow().await().file();
        Object written = fileKey(dir.resolve(file));
        ObservatoryReport report1 = ReportFiles.write(report, target, 100, early);
        assertEquals(file, report1.parameterSidecar().orElseThrow().file(), "the report names the sidecar started early");
        assertEquals(written, fileKey(dir.resolve(file)), "and took it as written, not written again");
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "the report and its sidecar only");
        assertEquals(rows, ((ObservatoryReport) ReportJson.readFile(target)).parameters(), "every row, as judged");

        Optional<SidecarWriter.Pending> stale = ReportFiles.startSidecar(target, rows.subList(1, rows.size()), 100);
        String staleFile = stale.orElseThrow().await().file();
        assertTrue(names(dir).contains(staleFile), "the stale sidecar was written");
        ObservatoryReport report2 = ReportFiles.write(report, target, 100, stale);
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "a sidecar started for other rows is"
                + " deleted with the other old sidecars");
        assertEquals(file, report2.parameterSidecar().orElseThrow().file());
        assertEquals(rows, ((ObservatoryReport) ReportJson.readFile(target)).parameters());

        assertTrue(ReportFiles.startSidecar(target, rows, rows.size()).isEmpty(), "rows that fit the JSON");

        // a pipeline that fails after judging abandons its sidecar: the report on disk and the sidecar it names stay
        ReportFiles.startSidecar(target, rows, 100).orElseThrow().abandon();
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "same rows, same file");
        assertEquals(rows, ((ObservatoryReport) ReportJson.readFile(target)).parameters(), "still readable");
        SidecarWriter.Pending other = ReportFiles.startSidecar(target, rows.subList(2, rows.size()), 100).orElseThrow();
        other.abandon();
        String orphan = other.await().file();
        assertTrue(names(dir).contains(orphan), "an abandoned sidecar of other rows stays until the next write");
        ReportFiles.write(report, target, 100);
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "which deletes it");
    }

    /**
     * A table of at least {@link SidecarWriter#SPLIT_ROWS} rows is two gzip members, the second formatted on another
     * thread: the first member inflates to the header and the first half of the rows, the second starts right after
     * its trailer, the whole file reads back as every row in order, and the same rows give the same bytes.
     */
    @Test
    void aLargeTableIsTwoGzipMembersThatReadBackAsOne(@TempDir Path dir) throws Exception {
        List<ParameterReport> base = KilledDuringReportWriteFaultTest.baseReport().parameters();
        List<ParameterReport> rows = new java.util.ArrayList<>();
        while (rows.size() <= SidecarWriter.SPLIT_ROWS) {
            rows.addAll(base);
        }
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        byte[] bytes = Files.readAllBytes(first.resolve(SidecarWriter.write(first, "p", rows).file()));
        assertTrue(java.util.Arrays.equals(bytes,
                Files.readAllBytes(second.resolve(SidecarWriter.write(second, "p", rows).file()))), "same bytes");
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            assertEquals(rows, org.sgdobservatory.report.model.ParameterCsv.read(in), "every row, in order");
        }
        // the first member: a 10-byte header, the deflated text, an 8-byte trailer; then the second member's header
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(bytes, 10, bytes.length - 10);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!inflater.finished()) {
            text.write(buffer, 0, inflater.inflate(buffer));
        }
        int next = bytes.length - inflater.getRemaining() + 8;
        inflater.end();
        assertEquals(0x1f, bytes[next] & 0xff, "a second member follows the first");
        assertEquals(0x8b, bytes[next + 1] & 0xff);
        List<ParameterReport> half = org.sgdobservatory.report.model.ParameterCsv.read(
                new java.io.ByteArrayInputStream(text.toByteArray()));
        assertEquals(rows.subList(0, rows.size() / 2), half, "the header and the first half");
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
