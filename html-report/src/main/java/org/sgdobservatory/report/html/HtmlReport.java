package org.sgdobservatory.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders an example report (the JSON document the examples write as {@code report.json}) as one
 * self-contained HTML page. Stateless and thread-safe.
 *
 * <p>The page needs no network access: uPlot (read from its WebJar on the class path), the page's own
 * script and styles, and the report itself (in {@code <script type="application/json" id="report-data">})
 * are all inlined. Header, verdicts, findings and tables are rendered here as plain HTML, with every
 * string from the report HTML-escaped; the charts are drawn in the browser by uPlot from the embedded
 * data. The page records what it drew on its root element: {@code data-charts-planned},
 * {@code data-charts-drawn}, {@code data-errors} (uncaught errors and {@code console.error} calls).
 */
public final class HtmlReport {

    /** The {@code kind} of the documents this renderer reads. */
    public static final String KIND = "sgd-observatory/example-report";

    /** The envelope {@code schemaVersion} this renderer reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        validate(report);
        Assets assets = Assets.get();
        List<JsonNode> runs = Json.array(report, "runs");
        List<RunSummary> summaries = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            summaries.add(RunSummary.of(runs.get(i), i));
        }
        JsonNode example = Json.object(report, "example").orElse(null);
        String title = Json.text(example, "title").or(() -> Json.text(example, "name")).orElse("example report");

        StringBuilder out = new StringBuilder(assets.uplotJs().length() + 400_000);
        out.append("<!DOCTYPE html>\n<html lang=\"en\" data-charts-planned=\"0\" data-charts-drawn=\"0\""
                + " data-errors=\"0\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>SGD Observatory: ")
                .append(Html.escape(title)).append("</title>\n");
        // First script on the page: records uncaught errors and console.error calls on the root element.
        out.append("<script>\n").append(ERROR_HOOKS).append("</script>\n");
        out.append("<style>\n").append(assets.uplotCss()).append("\n</style>\n<style>\n").append(assets.reportCss())
                .append("\n</style>\n</head>\n<body>\n<main>\n");
        Sections.header(out, report, assets);
        out.append("<nav class=\"toc\"><a href=\"#verdicts\">Verdicts</a> · <a href=\"#findings\">Findings</a> · "
                + "<a href=\"#groups\">Groups</a> · <a href=\"#charts\">Charts</a>")
                .append(runs.size() >= 2 ? " · <a href=\"#comparison\">Comparison</a>" : "").append("</nav>\n");
        Sections.verdicts(out, runs, summaries);
        Sections.findings(out, report, runs, summaries);
        Sections.groupTables(out, runs, summaries);
        out.append("<section id=\"charts\">\n<h2>Charts</h2>\n<noscript><p class=\"empty\">The charts need"
                + " JavaScript.</p></noscript>\n<div id=\"charts-root\"></div>\n</section>\n");
        if (runs.size() >= 2) {
            out.append("<section id=\"comparison\">\n<h2>Optimizers side by side</h2>\n<p class=\"how\">The same"
                    + " network and data under each optimizer. THEORY.md 2: the temperature T = h·Var follows the"
                    + " gradient noise with slope 1 under SGD, about 1/2 under RMSProp, and 0 (one temperature,"
                    + " Gibbs) under the eta'/σ² rule.</p>\n");
            Sections.comparisonTable(out, runs, summaries);
            out.append("<div id=\"comparison-charts\" class=\"grid\"></div>\n</section>\n");
        }
        out.append("<footer><p>Rendered by SGD Observatory's html-report. Charts by uPlot ")
                .append(Html.escape(assets.uplotVersion()))
                .append(" (MIT licence, © Leon Sorokin), inlined from its WebJar.</p></footer>\n</main>\n");
        out.append("<script type=\"application/json\" id=\"report-data\">").append(embeddedJson(report))
                .append("</script>\n");
        out.append("<script>\n").append(assets.uplotJs()).append("\n</script>\n");
        out.append("<script>\n").append(assets.reportJs()).append("\n</script>\n</body>\n</html>\n");
        return out.toString();
    }

    /**
     * Writes {@code directory/index.html} (atomically: temporary file, then move).
     *
     * @param report the example report's JSON tree
     * @param directory the report directory, created if missing
     * @return the written file
     * @throws IOException if the directory or file cannot be written
     * @throws IllegalArgumentException if {@code report} is not an example report this renderer knows
     */
    public static Path write(JsonNode report, Path directory) throws IOException {
        String page = render(report);
        Path dir = directory.toAbsolutePath();
        Files.createDirectories(dir);
        Path target = dir.resolve("index.html");
        Path tmp = Files.createTempFile(dir, "index.html", ".tmp");
        try {
            Files.writeString(tmp, page, StandardCharsets.UTF_8);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temporary files are created owner-only; a page is meant to be read (and served)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void validate(JsonNode report) {
        if (report == null || !report.isObject()) {
            throw new IllegalArgumentException("report must be a JSON object (the example report, report.json),"
                    + " but got " + (report == null ? "null" : report.getNodeType()));
        }
        JsonNode kind = report.get("kind");
        if (kind == null || !kind.isTextual() || !KIND.equals(kind.asText())) {
            throw new IllegalArgumentException("report 'kind' is " + (kind == null ? "missing" : kind.toString())
                    + " but this renderer reads \"" + KIND + "\": render the report.json written by"
                    + " `observatory run` (a listener report alone is not an example report)");
        }
        JsonNode version = report.get("schemaVersion");
        if (version == null || !version.canConvertToExactIntegral() || version.asInt() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("report 'schemaVersion' is "
                    + (version == null ? "missing" : version.toString()) + " but this renderer reads version "
                    + SCHEMA_VERSION + ": render it with the html-report of the version that wrote it, or"
                    + " regenerate report.json");
        }
        JsonNode runs = report.get("runs");
        if (runs != null && !runs.isNull() && !runs.isArray()) {
            throw new IllegalArgumentException("report 'runs' is a " + runs.getNodeType()
                    + " but must be an array of runs (one per optimizer)");
        }
    }

    private static String embeddedJson(JsonNode report) {
        try {
            return Html.scriptSafeJson(MAPPER.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the report for embedding: " + e.getMessage(), e);
        }
    }

    private static final String ERROR_HOOKS = """
            (function () {
              var root = document.documentElement, messages = [];
              function record(message) {
                messages.push(String(message).slice(0, 300));
                root.setAttribute('data-errors', String(messages.length));
                root.setAttribute('data-error-messages', messages.slice(0, 5).join(' | '));
              }
              window.addEventListener('error', function (e) { record(e.message || 'error'); });
              window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
              var original = console.error;
              console.error = function () {
                record(Array.prototype.join.call(arguments, ' '));
                return original.apply(console, arguments);
              };
            })();
            """;
}
