package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * {@code --report DIR}: where a command writes its report files ({@code run}: report.json and index.html, by default
 * in {@code ./observatory-report}; {@code lecture}: lecture.json, only when given), and the check that the
 * directory can be written before any work starts.
 */
final class ReportDirectory {

    /** The report directory of {@code run} and {@code attach} when {@code --report} is not given. */
    static final Path DEFAULT = Path.of("observatory-report");

    @Option(names = "--report", paramLabel = "DIR", description = "Report directory (created if needed).")
    Path directory;

    /** The directory given, if any. */
    Optional<Path> given() {
        return Optional.ofNullable(directory);
    }

    /**
     * The directory given, or {@link #DEFAULT}, prepared ({@link #prepare}).
     *
     * @throws IOException naming the directory when it cannot be created or written
     */
    Path prepareGivenOrDefault() throws IOException {
        return prepare(given().orElse(DEFAULT));
    }

    /**
     * Creates {@code dir} if needed and checks it is a writable directory.
     *
     * @return {@code dir}
     * @throws IOException naming the directory when it cannot be created or written
     */
    static Path prepare(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IOException("cannot create report directory '" + dir + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("report directory '" + dir + "' is not a writable directory");
        }
        return dir;
    }
}
