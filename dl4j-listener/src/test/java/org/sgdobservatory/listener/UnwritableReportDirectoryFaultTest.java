package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the report directory cannot be written. The report stays in memory with a REPORT_NOT_WRITTEN finding that
 * names the file and the cause; nothing reaches {@code fit}; training is bitwise unaffected; the directory is left as
 * it was (a file there before is still whole). Also when the directory cannot be created (its parent is a file).
 */
class UnwritableReportDirectoryFaultTest {

    /** Through a file system that refuses every write (works for any user, root included). */
    @Test
    void aDirectoryThatRefusesWritesGivesAFindingAndAnInMemoryReport(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("report.json"), "the previous report");
        FaultyFileSystem fs = new FaultyFileSystem().fail(FaultyFileSystem.Fault.READ_ONLY, 0);
        ReportFaultRuns.trainExpectingNotWritten(fs.wrap(dir.resolve("report.json")), 2000, "AccessDenied");
        assertEquals("the previous report", Files.readString(dir.resolve("report.json")), "the old file is untouched");
        assertEquals(List.of("report.json"), ReportFaultRuns.files(dir), "nothing else was left in the directory");
    }

    /** A real directory without write permission ({@code r-x}); root ignores permission bits, so it is skipped then. */
    @Test
    void aDirectoryWithoutWritePermissionGivesAFinding(@TempDir Path dir) throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "running as root: permissions do not bind, the test above covers it");
            ReportFaultRuns.trainExpectingNotWritten(locked.resolve("report.json"), 2000, "AccessDenied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The report's directory cannot be created, because its parent is a regular file (also binds root). */
    @Test
    void aDirectoryThatCannotBeCreatedGivesAFinding(@TempDir Path dir) throws IOException {
        Path plainFile = Files.writeString(dir.resolve("plain-file"), "user data");
        ReportFaultRuns.trainExpectingNotWritten(plainFile.resolve("report.json"), 2000, "FileAlreadyExistsException");
        assertEquals("user data", Files.readString(plainFile), "the file in the way is untouched");
        assertEquals(List.of("plain-file"), ReportFaultRuns.files(dir), "nothing else was left in the directory");
    }

    /** The sidecar cannot be written either: the same finding, nothing half-written left. */
    @Test
    void theSidecarFailsTheSameWay(@TempDir Path dir) throws IOException {
        FaultyFileSystem fs = new FaultyFileSystem().fail(FaultyFileSystem.Fault.READ_ONLY, 0);
        ReportFaultRuns.trainExpectingNotWritten(fs.wrap(dir.resolve("report.json")), 100, "AccessDenied");
        assertEquals(List.of(), ReportFaultRuns.files(dir), "nothing was left in the directory");
    }
}
