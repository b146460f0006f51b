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

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
