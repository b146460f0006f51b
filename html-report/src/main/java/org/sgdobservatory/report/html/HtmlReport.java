package org.sgdobservatory.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Renders a report as one self-contained HTML page: an {@link ExampleReport} (the command line's runs side by side),
 * a single {@link ObservatoryReport} (what the listener writes for a user's own network), or several reports of
 * either kind side by side ({@link #renderComparison}). The page only displays
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
        return page(Header.title(report), Kind.EXAMPLE, runs, Map.of("report", report.findings()),
                out -> Header.example(out, report, Assets.get()), PageParameters.thinned(report));
    }

    /**
     * The page of a single listener report: one run, titled by the network in its provenance (e.g.
     * {@code MultiLayerNetwork, 50 parameters}), without an example header, settings or training.
     *
     * @return the complete HTML document
     */
    public static String render(ObservatoryReport report) {
        Objects.requireNonNull(report, "report");
        return page(PageRun.title(report), Kind.LISTENER, PageRun.of(report), Map.of(),
                out -> Header.listener(out, report, Assets.get()), PageParameters.thinned(report));
    }

    /**
     * The page of several reports side by side: every run of every report a column of the comparison (verdicts,
     * judged counts, coverage, median ratio, directions, slopes), the comparison's charts (per-group slopes and
     * ratios, temperatures against noise overlaid with each run's slope), then each run's verdict card, groups and
     * charts as on a report's own page. Each run is labelled by its report's source and its own label.
     *
     * @param reports the reports, in the order of their columns; together at least two runs
     * @return the complete HTML document
     * @throws IllegalArgumentException when the reports hold fewer than two runs
     */
    public static String renderComparison(List<ComparedReport> reports) {
        List<ComparedReport> copy = List.copyOf(reports);
        List<PageRun> runs = PageRun.of(copy);
        if (runs.size() < 2) {
            throw new IllegalArgumentException("reports must hold at least two runs to compare, held " + runs.size()
                    + "; give two reports or more");
        }
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (ComparedReport r : copy) {
            if (r instanceof ComparedReport.Example e && !e.report().findings().isEmpty()) {
                findings.merge(r.source(), e.report().findings(), (a, b) -> {
                    List<Finding> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        return page(Header.comparisonTitle(copy, runs.size()), Kind.COMPARISON, runs, findings,
                out -> Header.comparison(out, copy, runs.size(), Assets.get()), ComparisonData.of(runs));
    }

    /**
     * Renders several reports side by side ({@link #renderComparison}) and writes the page to
     * {@code directory/index.html} atomically.
     *
     * @return the written file
     * @throws IOException if the directory or file cannot be written
     */
    public static Path writeComparison(List<ComparedReport> reports, Path directory) throws IOException {
        return AtomicFiles.write(directory.resolve(FILE_NAME), renderComparison(reports));
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

    /** What a page shows: its data's kind (read by the page script) and how its runs compare. */
    private enum Kind {
        EXAMPLE("example", Comparison.Subject.OPTIMIZERS),
        LISTENER("listener", Comparison.Subject.OPTIMIZERS),
        COMPARISON("comparison", Comparison.Subject.RUNS);

        private final String data;
        private final Comparison.Subject subject;

        Kind(String data, Comparison.Subject subject) {
            this.data = data;
            this.subject = subject;
        }
    }

    private static String page(String title, Kind kind, List<PageRun> runs, Map<String, List<Finding>> reportFindings,
                               Consumer<StringBuilder> header, Object embedded) {
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
        boolean comparisonFirst = kind == Kind.COMPARISON;
        String sideBySide = runs.size() >= 2 ? "<a href=\"#comparison\">Side by side</a>" : "";
        out.append("<nav class=\"toc\">").append(comparisonFirst ? sideBySide + " · " : "")
                .append("<a href=\"#verdicts\">Verdicts</a> · <a href=\"#directions\">Eigen-directions"
                + "</a> · <a href=\"#glossary\">Reading the verdicts</a> · <a href=\"#findings\">Findings</a> · <a"
                + " href=\"#groups\">Groups</a> · <a href=\"#charts\">Charts</a>")
                .append(!comparisonFirst && !sideBySide.isEmpty() ? " · " + sideBySide : "").append("</nav>\n");
        if (comparisonFirst) {
            Comparison.section(out, runs, kind.subject);
        }
        VerdictCards.section(out, runs);
        DirectionSection.section(out, runs);
        Glossary.section(out);
        Findings.section(out, reportFindings, runs);
        GroupTables.section(out, runs);
        ChartSections.section(out, runs);
        if (!comparisonFirst) {
            Comparison.section(out, runs, kind.subject);
        }
        out.append("<footer><p>Rendered by SGD Observatory's html-report. Charts by uPlot ")
                .append(Html.escape(assets.uplotVersion()))
                .append(" (MIT licence, © Leon Sorokin), inlined from its WebJar.</p></footer>\n</main>\n");
        out.append("<script type=\"application/json\" id=\"report-data\" data-kind=\"").append(kind.data).append("\">")
                .append(embeddedJson(embedded)).append("</script>\n");
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
