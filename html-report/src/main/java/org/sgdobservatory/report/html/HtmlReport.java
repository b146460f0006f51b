package org.sgdobservatory.report.html;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders an example report (the JSON document the examples write as {@code report.json}) as one
 * self-contained HTML page. Stateless and thread-safe.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * The page for {@code report}.
     *
     * @param report the example report's JSON tree
     * @return the complete HTML document
     * @throws IllegalArgumentException if {@code report} is not an example report this renderer knows
     */
    public static String render(JsonNode report) {
        throw new UnsupportedOperationException("HTML rendering is being written (issue 4)");
    }

    /**
     * Writes {@code directory/index.html} (atomically: temporary file, then move).
     *
     * @param report the example report's JSON tree
     * @param directory the report directory, created if missing
     * @return the written file
     * @throws IOException if the directory or file cannot be written
     */
    public static Path write(JsonNode report, Path directory) throws IOException {
        throw new UnsupportedOperationException("HTML rendering is being written (issue 4)");
    }
}
