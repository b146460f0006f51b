package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * that was started for its rows, reads back with exactly those rows and leaves no other file; a sidecar started for
 * other rows, or that the pipeline abandons, is deleted; rows that fit the JSON start none.
 */
class SidecarWriterTest {

    @Test
    void theReportNamesTheSidecarStartedForItsRows(@TempDir Path dir) throws IOException {
        ObservatoryReport report = KilledDuringReportWriteFaultTest.baseReport();
        List<ParameterReport> rows = report.parameters();
        Path target = dir.resolve("report.json");

        Optional<SidecarWriter.Pending> early = ReportFiles.startSidecar(target, rows, 100);
        ObservatoryReport written = ReportFiles.write(report, target, 100, early);
        String file = written.parameterSidecar().orElseThrow().file();
        assertEquals(early.orElseThrow().await().file(), file, "the report names the sidecar started early");
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "the report and its sidecar only");
        assertEquals(rows, ((ObservatoryReport) ReportJson.readFile(target)).parameters(), "every row, as judged");

        Optional<SidecarWriter.Pending> stale = ReportFiles.startSidecar(target, rows.subList(1, rows.size()), 100);
        String staleFile = stale.orElseThrow().await().file();
        assertTrue(names(dir).contains(staleFile), "the stale sidecar was written");
        written = ReportFiles.write(report, target, 100, stale);
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "a sidecar started for other rows is deleted");
        assertEquals(file, written.parameterSidecar().orElseThrow().file());
        assertEquals(rows, ((ObservatoryReport) ReportJson.readFile(target)).parameters());

        assertTrue(ReportFiles.startSidecar(target, rows, rows.size()).isEmpty(), "rows that fit the JSON");
        SidecarWriter.Pending abandoned = ReportFiles.startSidecar(dir.resolve("other.json"), rows, 100)
                .orElseThrow();
        abandoned.discard();
        assertEquals(Stream.of(file, "report.json").sorted().toList(), names(dir), "an abandoned sidecar is deleted once written");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
