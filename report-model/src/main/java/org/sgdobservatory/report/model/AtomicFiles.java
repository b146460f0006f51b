package org.sgdobservatory.report.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the target's
 * directory ({@code .<name>.<random>.tmp}), which is then moved over the target in one step. A process killed
 * mid-write leaves the previous file whole and at most a temporary file behind; the next write to the same target
 * deletes such leftovers. Stateless and thread-safe (two writers of the same target must not run at once).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Something that writes the file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code text} (UTF-8) to {@code path} atomically, creating the directory if needed. The file is made
     * readable by others ({@code rw-r--r--}) as an output file should be.
     *
     * @return the absolute path written
     * @throws IOException when the directory cannot be created or written, or {@code path} is a directory
     */
    public static Path write(Path path, String text) throws IOException {
        return write(path, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes what {@code content} produces to {@code path} atomically (see {@link #write(Path, String)}).
     *
     * @return the absolute path written
     * @throws IOException when the directory cannot be created or written, or {@code path} is a directory
     */
    public static Path write(Path path, Content content) throws IOException {
        Path abs = path.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory; give a file name, e.g. " + abs.resolve("report.json"));
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        deleteLeftovers(abs);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            publish(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return abs;
    }

    /**
     * Makes a finished temporary file readable by others ({@code rw-r--r--}; {@link Files#createTempFile} creates it
     * {@code rw-------}) and moves it over {@code target} in one step where the file system can.
     *
     * @param tmp    a complete file in {@code target}'s directory
     * @param target the file it becomes
     */
    public static void publish(Path tmp, Path target) throws IOException {
        if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes temporary files that an interrupted write of {@code target} left in its directory.
     *
     * @return how many were deleted
     */
    public static int deleteLeftovers(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        String prefix = "." + abs.getFileName() + ".";
        int deleted = 0;
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : tmps) {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
