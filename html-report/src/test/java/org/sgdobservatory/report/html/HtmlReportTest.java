package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterCsv;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.ParameterSidecar;
import org.sgdobservatory.report.model.ReportFormatException;
import org.sgdobservatory.report.model.ReportJson;
import org.sgdobservatory.report.model.SampleReports;

class HtmlReportTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\" data-kind=\"(\\w+)\">(.*?)</script>", Pattern.DOTALL);

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The visible text of a page: without scripts, styles and tags (as {@link ReportBrowserCheck} reads it). */
    static String text(String page) {
        return new ReportBrowserCheck.RenderedPage(page, 0, 0, 0, 0, 0, "", "", 0, List.of()).text();
    }

    @Test
    void exampleReportRendersEverySectionInOrder() {
        String page = HtmlReport.render(SampleReports.exampleReport());
        int last = -1;
        for (String id : List.of("id=\"verdicts\"", "id=\"directions\"", "id=\"glossary\"", "id=\"findings\"",
                "id=\"groups\"", "id=\"charts\"", "id=\"comparison\"", "id=\"report-data\"")) {
            int at = page.indexOf(id);
            assertTrue(at > last, id + " present and after the previous section (at " + at + ", previous " + last
                    + ")");
            last = at;
        }
        assertTrue(page.contains("<h1>Handwritten digits</h1>"), "example title in the header");
        assertTrue(page.contains("Alpaydin and Kaynak, 1998"), "data citation");
        assertEquals(2, count(page, "<article class=\"card\""), "a verdict card per run");
        assertTrue(page.contains("uPlot 1.6.30") && page.contains("var uPlot="), "uPlot inlined from its WebJar");
    }

    @Test
    void listenerReportRendersAsOneRunTitledByItsNetwork() {
        String page = HtmlReport.render(SampleReports.listenerReport());
        assertTrue(page.contains("<title>SGD Observatory: MultiLayerNetwork, 50 parameters</title>"),
                "title from the provenance");
        assertTrue(page.contains("listener report</p>") && !page.contains("example report</p>"), "no example header");
        assertEquals(1, count(page, "<article class=\"card\""), "one verdict card");
        assertFalse(page.contains("id=\"comparison\""), "no side by side with one run");
        assertFalse(page.contains("<dt>settings</dt>") || page.contains("<dt>training</dt>"),
                "a listener report has no example settings or training");
        assertTrue(page.contains("data-slot=\"run-0-spread\"") && page.contains("data-slot=\"run-0-closeup-0\""),
                "chart slots for the run and its close-up");
    }

    @Test
    void pageIsSelfContained() {
        String page = HtmlReport.render(SampleReports.exampleReport());
        assertFalse(page.contains("<script src"), "no external scripts");
        assertFalse(page.contains("<link"), "no external stylesheets");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "no network references");
        assertEquals(4, count(page, "<script"), "error hooks, data, uPlot, page script");
        assertEquals(4, count(page, "</script>"), "every script element closed once");
    }

    @Test
    void embeddedDataIsTheReportAsStrictJson() {
        ExampleReport example = SampleReports.exampleReport();
        Matcher m = DATA.matcher(HtmlReport.render(example));
        assertTrue(m.find(), "data element present");
        assertEquals("example", m.group(1), "kind of the embedded report");
        assertFalse(m.group(2).contains("NaN"), "strict JSON: NaN written as null");
        assertEquals(example, ReportJson.readExampleReport(m.group(2)), "embedded JSON reads back to the report");

        ObservatoryReport listener = SampleReports.listenerReport();
        Matcher l = DATA.matcher(HtmlReport.render(listener));
        assertTrue(l.find(), "data element present");
        assertEquals("listener", l.group(1), "kind of the embedded report");
        assertEquals(listener, ReportJson.readObservatoryReport(l.group(2)), "embedded JSON reads back to the report");
    }

    @Test
    void largeReportsEmbedEveryKthParameterRowWithANote() {
        ObservatoryReport small = SampleReports.listenerReport();
        ParameterReport row = small.parameters().get(0);
        int rows = 2 * PageParameters.MAX + 7;
        List<ParameterReport> many = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            many.add(new ParameterReport(row.key(), i, row.rate(), row.observed(), row.probed(), row.prediction(),
                    row.comparison(), row.drift(), row.verdict()));
        }
        String page = HtmlReport.render(small.withParameters(many, small.parameterSidecar()));
        Matcher m = DATA.matcher(page);
        assertTrue(m.find(), "data element present");
        List<ParameterReport> embedded = ReportJson.readObservatoryReport(m.group(2)).parameters();
        assertEquals(PageParameters.MAX, embedded.size(), "rows embedded");
        assertEquals(0, embedded.get(0).index(), "first row kept");
        // every k-th with k = rows / MAX, taken at floor(i k): the last kept row is floor((MAX - 1) k)
        assertEquals((long) Math.floor((PageParameters.MAX - 1) * (rows / (double) PageParameters.MAX)),
                embedded.get(embedded.size() - 1).index(), "last row kept");
        assertTrue(page.contains("use 5,000 of the 10,007 parameter rows (every 2.0th"), "the charts say they are thinned");

        // a listener report whose rows live in a sidecar (as a large network's do) renders too
        ObservatoryReport withSidecar = small.withParameters(many, Optional.of(new ParameterSidecar(
                "report.parameters.00000000.csv.gz", rows, 1, ParameterCsv.columns(row))));
        assertTrue(HtmlReport.render(withSidecar).contains("all rows are in the JSON report and its sidecar"),
                "a report with a sidecar renders, thinned");

        String plain = HtmlReport.render(small);
        assertFalse(plain.contains("parameter rows (every"), "no note when every row is embedded");
    }

    @Test
    void renderOfJsonAcceptsEitherKind() {
        // Compared with the records read back (maps in the records have no fixed iteration order).
        String example = ReportJson.write(SampleReports.exampleReport());
        assertEquals(HtmlReport.render(ReportJson.readExampleReport(example)), HtmlReport.render(example),
                "example report from JSON");
        String listener = ReportJson.write(SampleReports.listenerReport());
        assertEquals(HtmlReport.render(SampleReports.listenerReport()), HtmlReport.render(listener),
                "listener report from JSON");
    }

    @Test
    void reportStringsRenderInert() {
        String evil = "</script><b>bold</b><!-- & \u2028 \u2029";
        ObservatoryReport obs = SampleReports.listenerReport()
                .withFinding(Finding.of(FindingCode.LISTENER_FAILURE, evil));
        String page = HtmlReport.render(Variants.example(obs, "<img src=x onerror=alert(1)>", "a<b>&c"));
        assertFalse(page.contains("<b>bold</b>"), "no raw markup from a finding");
        assertFalse(page.contains("<img"), "no raw tag from a run label");
        assertTrue(page.contains("&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;&lt;!-- &amp;"), "finding shown escaped");
        assertTrue(page.contains("a&lt;b&gt;&amp;c"), "run label shown escaped");
        assertEquals(4, count(page, "</script>"), "the finding cannot close a script element");
        Matcher m = DATA.matcher(page);
        assertTrue(m.find(), "data element present");
        assertFalse(m.group(2).contains("<"), "no '<' inside the data element");
        assertFalse(m.group(2).contains("\u2028") || m.group(2).contains("\u2029"), "U+2028/2029 escaped");
        String message = ReportJson.readExampleReport(m.group(2)).runs().get(0).observatory()
                .findings(FindingCode.LISTENER_FAILURE).get(0).message();
        assertEquals(evil, message, "escaped JSON still carries the exact message");
    }

    @Test
    void pageTextNeverSaysNaNNullUndefinedOrInfinity() {
        for (String page : List.of(HtmlReport.render(SampleReports.exampleReport()),
                HtmlReport.render(SampleReports.listenerReport()), HtmlReport.render(Variants.withConstantCloseUp()))) {
            String text = text(page);
            for (String bad : List.of("NaN", "null", "undefined", "Infinity")) {
                assertFalse(text.contains(bad), "page text contains '" + bad + "'");
            }
        }
    }

    @Test
    void partsTheSamplesLeaveOutRender() {
        String page = HtmlReport.render(Variants.withOptionalParts());
        assertTrue(page.contains("<h4>Full-block predictions</h4>"), "full-block predictions table");
        assertTrue(page.contains("<td class=\"key\">0_b</td><td>2</td><td>1.1</td><td>0.8</td>"), "a predicted block");
        assertTrue(page.contains("not predicted, because " + Words.notPredicted(
                org.sgdobservatory.report.model.NotPredictedReason.NOT_PROBED)), "a block not predicted, and why");
        assertTrue(page.contains("the window never started; start condition: the loss to settle; ended: end of"
                + " training"), "a window that never started");
        assertTrue(page.contains("the probes did not run"), "probes that did not run");
        assertTrue(page.contains("Predictions assume fixed cyclic order (the same every epoch); the example"
                + " fingerprints detected not determined (the stated order wins over detection)"), "data order");
        assertTrue(page.contains("a limit cycle, not a density"), "a fixed order explained");
        String warm = HtmlReport.render(Variants.withWarmStart());
        assertTrue(warm.contains("warm start: 3 epochs of SGD at learning rate 0.1"), "warm start in the settings");
        for (String p : List.of(page, warm)) {
            String text = text(p);
            assertFalse(text.contains("NaN") || text.contains("null"), "no NaN or null in the text");
        }
    }

    @Test
    void writeCreatesTheDirectoryAndReplacesIndexAtomically(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b/report");
        Path written = HtmlReport.write(SampleReports.listenerReport(), dir);
        assertEquals(dir.resolve("index.html").toAbsolutePath(), written, "returns the written file");
        assertEquals(HtmlReport.render(SampleReports.listenerReport()), Files.readString(written),
                "file holds the rendered page");
        HtmlReport.write(SampleReports.exampleReport(), dir);
        assertTrue(Files.readString(written).contains("Handwritten digits"), "existing page replaced");
        if (Files.getFileStore(written).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)),
                    "the page is readable by others");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("index.html"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left behind");
        }
    }

    static Stream<Arguments> badInputs() {
        String listener = ReportJson.write(SampleReports.listenerReport());
        ObjectNode version = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        version.put("schemaVersion", 2);
        ObjectNode kind = (ObjectNode) ReportJson.tree(SampleReports.exampleReport());
        kind.put("kind", "sgd-observatory/listener-report");
        String nan = listener.replaceFirst("\"dataOrderFactor\" : [0-9.]+", "\"dataOrderFactor\" : NaN");
        return Stream.of(
                Arguments.of("not JSON", "<html>not a report</html>", "not valid JSON"),
                Arguments.of("truncated", listener.substring(0, listener.length() / 2), "truncated"),
                Arguments.of("empty", "", "empty"),
                Arguments.of("wrong schemaVersion", version.toString(), "schemaVersion 2"),
                Arguments.of("wrong kind", kind.toString(), "kind"),
                Arguments.of("NaN-bearing", nan, "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsInOneLineAndWritesNothing(String name, String json, String says, @TempDir Path tmp) {
        if (name.startsWith("NaN")) {
            assertTrue(json.contains(": NaN"), "the input carries a NaN literal");
        }
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> HtmlReport.render(json));
        assertTrue(e.getMessage().contains(says), name + ": the message says '" + says + "': " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), name + ": one line: " + e.getMessage());
        Path dir = tmp.resolve("out");
        assertThrows(ReportFormatException.class, () -> HtmlReport.write(json, dir));
        assertFalse(Files.exists(dir), name + ": nothing written, not even the directory");
    }
}
