package org.sgdobservatory.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportFormatException;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Renders a report as one self-contained HTML page: an {@link ExampleReport} (the command line's runs side by side)
 * or a single {@link ObservatoryReport} (what the listener writes for a user's own network). The page only displays
 * what the records say: the verdicts are the listener's. Stateless and thread-safe.
 *
 * <p>The page needs no network access: uPlot (read from its WebJar on the class path), the page's own scripts and
 * styles, and the report as strict JSON (in {@code <script type="application/json" id="report-data">}) are all
 * inlined. The eigen-directions lead: their verdict opens each run's card and their section (table and charts)
 * follows the cards, before the glossary, the findings and the per-parameter material. Header, verdicts, directions,
 * glossary, findings, tables and the close-ups' numbers are rendered here as plain HTML, every report string escaped;
 * the charts are drawn in the browser by uPlot. The page records on its root element what it drew
 * ({@code data-charts-planned}, {@code data-charts-drawn}, {@code data-charts-clipped}), script errors
 * ({@code data-errors}) and every report field the script looked for and did not find ({@code data-missing-fields}).
 */
public final class HtmlReport {

    /** The file {@code write} creates in its directory. */
    public static final String FILE_NAME = "index.html";

    private HtmlReport() {
    }

    /**
     * The page of an example report: its example and data set in the header, a verdict card per run, the runs'
     * charts and, with two runs or more, the runs side by side.
     *
     * @return the complete HTML document
     */
    public static String render(ExampleReport report) {
        Objects.requireNonNull(report, "report");
        List<PageRun> runs = PageRun.of(report);
        return page(Header.title(report), "example", runs, report.findings(),
                out -> Header.example(out, report, Assets.get()), report);
    }

    /**
     * The page of a single listener report: one run, titled by the network in its provenance (e.g.
     * {@code MultiLayerNetwork, 50 parameters}), without an example header, settings or training.
     *
     * @return the complete HTML document
     */
    public static String render(ObservatoryReport report) {
        Objects.requireNonNull(report, "report");
        return page(PageRun.title(report), "listener", PageRun.of(report), List.of(),
                out -> Header.listener(out, report, Assets.get()), report);
    }

    /**
     * The page of a report given as JSON, either kind: an example report (it has a {@code kind}) or a listener
     * report.
     *
     * @return the complete HTML document
     * @throws ReportFormatException with one line naming what is wrong: not JSON, truncated, a wrong
     *     {@code schemaVersion} or {@code kind}, a field missing, unknown or of the wrong type
     */
    public static String render(String json) {
        return isExampleReport(json) ? render(ReportJson.readExampleReport(json))
                : render(ReportJson.readObservatoryReport(json));
    }

    /**
     * Renders an example report and writes it to {@code directory/index.html} atomically ({@link AtomicFiles}),
     * creating the directory if needed.
     *
     * @return the written file
     * @throws IOException if the directory or file cannot be written
     */
    public static Path write(ExampleReport report, Path directory) throws IOException {
        return AtomicFiles.write(directory.resolve(FILE_NAME), render(report));
    }

    /**
     * Renders a single listener report and writes it to {@code directory/index.html} atomically.
     *
     * @return the written file
     * @throws IOException if the directory or file cannot be written
     */
    public static Path write(ObservatoryReport report, Path directory) throws IOException {
        return AtomicFiles.write(directory.resolve(FILE_NAME), render(report));
    }

    /**
     * Renders a report given as JSON (either kind, see {@link #render(String)}) and writes it to
     * {@code directory/index.html} atomically. A report that cannot be read writes nothing, not even the directory.
     *
     * @return the written file
     * @throws ReportFormatException with one line naming what is wrong with the JSON
     * @throws IOException if the directory or file cannot be written
     */
    public static Path write(String json, Path directory) throws IOException {
        return AtomicFiles.write(directory.resolve(FILE_NAME), render(json));
    }

    /** Whether the JSON is an object with a {@code kind} (the example envelope); false when it does not parse. */
    private static boolean isExampleReport(String json) {
        if (json == null) {
            return false;
        }
        try {
            JsonNode tree = ReportJson.mapper().readTree(json);
            return tree != null && tree.isObject() && tree.has("kind");
        } catch (JsonProcessingException e) {
            return false; // the listener reader names what is wrong
        }
    }

    private static String page(String title, String kind, List<PageRun> runs, List<Finding> reportFindings,
                               Consumer<StringBuilder> header, Object report) {
        Assets assets = Assets.get();
        StringBuilder out = new StringBuilder(assets.uplotJs().length() + 200_000);
        out.append("<!DOCTYPE html>\n<html lang=\"en\" data-charts-planned=\"0\" data-charts-drawn=\"0\""
                + " data-charts-ready=\"0\" data-charts-clipped=\"0\" data-errors=\"0\" data-missing-fields=\"\">\n"
                + "<head>\n"
                + "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>SGD Observatory: ").append(Html.escape(title)).append("</title>\n");
        // First script on the page: records uncaught errors and console.error calls on the root element.
        out.append("<script>\n").append(ERROR_HOOKS).append("</script>\n");
        out.append("<style>\n").append(assets.uplotCss()).append("\n</style>\n<style>\n").append(assets.reportCss())
                .append("\n</style>\n</head>\n<body>\n<main>\n");
        header.accept(out);
        out.append("<nav class=\"toc\"><a href=\"#verdicts\">Verdicts</a> · <a href=\"#directions\">Eigen-directions"
                + "</a> · <a href=\"#glossary\">Reading the verdicts</a> · <a href=\"#findings\">Findings</a> · <a"
                + " href=\"#groups\">Groups</a> · <a href=\"#charts\">Charts</a>")
                .append(runs.size() >= 2 ? " · <a href=\"#comparison\">Side by side</a>" : "").append("</nav>\n");
        VerdictCards.section(out, runs);
        DirectionSection.section(out, runs);
        Glossary.section(out);
        Findings.section(out, reportFindings, runs);
        GroupTables.section(out, runs);
        ChartSections.section(out, runs);
        Comparison.section(out, runs);
        out.append("<footer><p>Rendered by SGD Observatory's html-report. Charts by uPlot ")
                .append(Html.escape(assets.uplotVersion()))
                .append(" (MIT licence, © Leon Sorokin), inlined from its WebJar.</p></footer>\n</main>\n");
        out.append("<script type=\"application/json\" id=\"report-data\" data-kind=\"").append(kind).append("\">")
                .append(embeddedJson(report)).append("</script>\n");
        out.append("<script>\n").append(assets.uplotJs()).append("\n</script>\n");
        out.append("<script>\n").append(assets.reportJs()).append("\n</script>\n</body>\n</html>\n");
        return out.toString();
    }

    /** The report as compact strict JSON (NaN as null), safe inside a script element. */
    private static String embeddedJson(Object report) {
        try {
            return Html.scriptSafeJson(ReportJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the report for embedding: " + e.getOriginalMessage(),
                    e);
        }
    }

    static final String ERROR_HOOKS = """
            (function () {
              var root = document.documentElement, messages = [];
              function record(message) {
                messages.push(String(message).slice(0, 300));
                root.setAttribute('data-errors', String(messages.length));
                root.setAttribute('data-error-messages', messages.slice(0, 5).join(' | '));
              }
              window.addEventListener('error', function (e) { record(e.message || 'error'); });
              window.addEventListener('unhandledrejection', function (e) {
                record('unhandled rejection: ' + e.reason);
              });
              var original = console.error;
              console.error = function () {
                record(Array.prototype.join.call(arguments, ' '));
                return original.apply(console, arguments);
              };
            })();
            """;
}
