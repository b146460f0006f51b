package org.sgdobservatory.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void writesAndReplacesWhole(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/report.json");
        AtomicFiles.write(f, "first");
        AtomicFiles.write(f, "second");
        assertEquals("second", Files.readString(f), "replaced whole");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file stays behind");
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("report.json");
        AtomicFiles.write(f, "previous");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("previous", Files.readString(f), "the previous report is kept whole");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temporary file was removed");
        }
    }

    @Test
    void leftoversOfAKilledWriteAreDeletedByTheNextWrite(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("report.json");
        Path leftover = Files.writeString(dir.resolve(".report.json.123456.tmp"), "half");
        Path unrelated = Files.writeString(dir.resolve(".other.json.1.tmp"), "other");
        AtomicFiles.write(f, "whole");
        assertFalse(Files.exists(leftover), "the killed write's temporary file is gone");
        assertTrue(Files.exists(unrelated), "other files' temporaries are left alone");
    }

    @Test
    void aDirectoryAsTargetIsOneClearError(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(dir, "x"));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }
}
