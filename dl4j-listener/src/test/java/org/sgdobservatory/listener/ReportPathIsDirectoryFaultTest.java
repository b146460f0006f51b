package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the report path is a directory. The builder refuses an existing one ({@code BuilderBadInputTest}); one that
 * appears after the listener was built gives REPORT_NOT_WRITTEN naming it, the in-memory report, nothing thrown into
 * {@code fit}, training unaffected and the directory's content untouched.
 */
class ReportPathIsDirectoryFaultTest {

    @Test
    void aDirectoryAtTheReportPathGivesAFindingAndAnInMemoryReport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ObservatoryListener built = ReportFaultRuns.listener(file, 2000);
        assertTrue(built.config().reportFile().isPresent(), "the path was accepted while it was free");
        Files.createDirectory(file);
        Files.writeString(file.resolve("keep.txt"), "user data");
        ReportFaultRuns.trainExpectingNotWritten(built, file, "is a directory");
        assertEquals(List.of("keep.txt"), ReportFaultRuns.files(file), "the directory's content is untouched");
        assertEquals("user data", Files.readString(file.resolve("keep.txt")), "whole");
    }
}
