package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportFormatException;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Reads a saved report for {@code render} and {@code compare}: either kind, strictly ({@link ReportJson#readFile}),
 * with one line naming the file when it cannot be read (a directory, missing, not a report this version reads).
 * Stateless.
 */
final class SavedReport {

    private SavedReport() {
    }

    /**
     * The report in {@code input}.
     *
     * @return an {@link ExampleReport} or an {@link ObservatoryReport}
     * @throws IOException with one line naming the file and what is wrong
     */
    static Object read(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            throw new IOException("'" + input + "' is a directory; give the report file, e.g. "
                    + input.resolve("report.json"));
        }
        if (!Files.exists(input)) {
            throw new IOException("report file '" + input + "' does not exist; give a report.json written by"
                    + " 'observatory run' or by the listener");
        }
        try {
            return ReportJson.readFile(input);
        } catch (ReportFormatException e) {
            throw new IOException("'" + input + "' is not a report this version can read: " + e.getMessage(), e);
        }
    }
}
