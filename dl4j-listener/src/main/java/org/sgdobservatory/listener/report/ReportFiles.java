package org.sgdobservatory.listener.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.ParameterSidecar;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Writes the report file, and its per-parameter rows to a gzipped CSV sidecar ({@link ParameterSidecar}) when there
 * are more than {@code jsonParameterRows} of them (a JSON row takes about 1 kB, so 269 000 tracked parameters made a
 * 291 MB file). Order and names keep the pair consistent whatever moment a write is interrupted at:
 * <ol>
 *   <li>temporary files left by an interrupted write of this report are deleted;</li>
 *   <li>the sidecar is written to a temporary file, then moved in one step to
 *       {@code <stem>.parameters.<crc>.csv.gz}, its name carrying the CRC-32C of its bytes, and readable by others
 *       like the report file: a new sidecar never replaces the one the current report file names;</li>
 *   <li>the report file is replaced in one step ({@link AtomicFiles}); it names its sidecar;</li>
 *   <li>sidecars of earlier reports of the same file are deleted.</li>
 * </ol>
 * A process killed at any point leaves the previous report with its sidecar, or the new one with its sidecar, plus at
 * most temporary files and an unreferenced sidecar, which the next write deletes. Stateless.
 */
final class ReportFiles {

    private ReportFiles() {
    }

    /**
     * Writes {@code report} to {@code path} and returns it as it should be kept in memory: with every parameter row,
     * and naming the sidecar when there is one.
     *
     * @param jsonParameterRows at most this many rows in the JSON file
     */
    static ObservatoryReport write(ObservatoryReport report, Path path, int jsonParameterRows) throws IOException {
        return write(report, path, jsonParameterRows, Optional.empty());
    }

    /**
     * As {@link #write(ObservatoryReport, Path, int)}, taking the sidecar from {@code started} when it holds the
     * report's rows for this file (a sidecar started for other rows is waited for, then deleted with the other old
     * sidecars).
     */
    static ObservatoryReport write(ObservatoryReport report, Path path, int jsonParameterRows,
                                   Optional<SidecarWriter.Pending> started) throws IOException {
        Path json = path.toAbsolutePath();
        if (Files.isDirectory(json)) {
            started.ifPresent(SidecarWriter.Pending::abandon);
            throw new IOException(json + " is a directory; give a file name, e.g. " + json.resolve("report.json"));
        }
        Path dir = json.getParent();
        Files.createDirectories(dir);
        String prefix = prefix(json);
        List<ParameterReport> rows = report.parameters();
        boolean inline = inline(rows, jsonParameterRows);
        Optional<SidecarWriter.Pending> ready = started.filter(p -> !inline && p.holds(dir, prefix, rows));
        if (ready.isEmpty()) {
            started.ifPresent(SidecarWriter.Pending::abandon);
        }
        if (inline) {
            AtomicFiles.deleteLeftovers(dir.resolve(prefix));
            ObservatoryReport whole = report.withParameters(rows, Optional.empty());
            ReportJson.writeFile(whole, json);
            deleteOtherSidecars(dir, prefix, "");
            return whole;
        }
        ParameterSidecar sidecar = ready.isPresent() ? ready.get().await() : SidecarWriter.write(dir, prefix, rows);
        ReportJson.writeFile(report.withParameters(List.of(), Optional.of(sidecar)), json);
        deleteOtherSidecars(dir, prefix, sidecar.file());
        return report.withParameters(rows, Optional.of(sidecar));
    }

    /**
     * Starts writing the sidecar of {@code rows} for a report file at {@code path} on a thread of its own, when the
     * rows will go to a sidecar and the directory can be made; {@link #write} then takes it.
     */
    static Optional<SidecarWriter.Pending> startSidecar(Path path, List<ParameterReport> rows, int jsonParameterRows) {
        Path json = path.toAbsolutePath();
        if (inline(rows, jsonParameterRows) || Files.isDirectory(json)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(json.getParent());
        } catch (IOException e) {
            return Optional.empty(); // the report's own write says what is wrong
        }
        try {
            return Optional.of(SidecarWriter.start(json.getParent(), prefix(json), rows));
        } catch (OutOfMemoryError e) {
            return Optional.empty(); // no thread to be had: the report's write writes the sidecar itself
        }
    }

    /** Whether the rows go into the JSON file itself rather than a sidecar. */
    private static boolean inline(List<ParameterReport> rows, int jsonParameterRows) {
        return rows.size() <= jsonParameterRows || rows.isEmpty();
    }

    /** Deletes {@code <prefix>.*.csv.gz} files other than {@code keep} (sidecars of earlier reports). */
    private static void deleteOtherSidecars(Path dir, String prefix, String keep) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix + ".") && n.endsWith(".csv.gz") && !n.equals(keep);
        })) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code report.json} -> {@code report.parameters}; a name without extension is its own stem. */
    private static String prefix(Path json) {
        String name = json.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".parameters";
    }
}
