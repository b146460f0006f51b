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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class HtmlReportTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void fixtureRendersEverySectionInOrder() {
        String page = HtmlReport.render(Fixtures.load(Fixtures.EXAMPLE));
        List<String> ids = List.of("id=\"verdicts\"", "id=\"findings\"", "id=\"groups\"", "id=\"charts\"",
                "id=\"comparison\"", "id=\"report-data\"");
        int last = -1;
        for (String id : ids) {
            int at = page.indexOf(id);
            assertTrue(at > last, id + " present and after the previous section (at " + at + ", previous " + last + ")");
            last = at;
        }
        assertTrue(page.contains("Handwritten digits 8x8"), "example title in the header");
        assertTrue(page.contains("Alpaydin &amp; Kaynak (1998)"), "data citation, escaped");
        assertTrue(page.contains("Prediction holds?") && page.contains("Gibbs (one temperature)?")
                && page.contains("Settled?") && page.contains("Data order?"), "the four verdicts");
        assertTrue(page.contains("WINDOW_TOO_SHORT"), "report findings listed");
        assertTrue(page.contains("<td class=\"key\">1_W</td>"), "group table rows");
        assertTrue(page.contains("uPlot 1.6.30") && page.contains("var uPlot="), "uPlot inlined from its WebJar");
        assertTrue(page.contains(".uplot"), "uPlot's stylesheet inlined");
    }

    @Test
    void pageIsSelfContained() {
        String page = HtmlReport.render(Fixtures.load(Fixtures.EXAMPLE));
        assertFalse(page.contains("<script src"), "no external scripts");
        assertFalse(page.contains("<link"), "no external stylesheets");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "no network references");
        assertEquals(4, count(page, "<script"), "error hooks, data, uPlot, page script");
        assertEquals(4, count(page, "</script>"), "every script element closed once (nothing in the data closes one)");
    }

    @Test
    void embeddedDataIsTheReport() throws Exception {
        ObjectNode report = Fixtures.load(Fixtures.EXAMPLE);
        Matcher m = DATA.matcher(HtmlReport.render(report));
        assertTrue(m.find(), "data element present");
        JsonNode embedded = new ObjectMapper().readTree(m.group(1));
        assertEquals(report, embedded, "embedded JSON parses back to the report");
    }

    @Test
    void reportStringsRenderInert() throws Exception {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        String evil = "</script><b>bold</b><!-- & \u2028 \u2029";
        ((ObjectNode) report.get("example")).put("name", "a<b>&c");
        ((ObjectNode) report.get("example")).put("title", "<img src=x onerror=alert(1)>");
        report.withArray("findings").addObject().put("severity", "WARNING").put("code", "<i>CODE</i>")
                .put("message", evil);
        String page = HtmlReport.render(report);
        assertFalse(page.contains("<b>bold</b>"), "no raw markup from the report");
        assertFalse(page.contains("<img"), "no raw tag from the title");
        assertFalse(page.contains("<i>CODE</i>"), "no raw tag from the code");
        assertTrue(page.contains("&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;&lt;!-- &amp;"), "finding shown escaped");
        assertTrue(page.contains("a&lt;b&gt;&amp;c"), "example name shown escaped");
        assertEquals(4, count(page, "</script>"), "the finding cannot close a script element");
        Matcher m = DATA.matcher(page);
        assertTrue(m.find(), "data element present");
        String json = m.group(1);
        assertFalse(json.contains("<"), "no '<' inside the data element: " + json.substring(0, Math.min(200, json.length())));
        assertFalse(json.contains("\u2028") || json.contains("\u2029"), "U+2028/2029 escaped");
        assertEquals(evil, new ObjectMapper().readTree(json).get("findings").get(0).get("message").asText(),
                "escaped JSON still carries the exact message");
    }

    @Test
    void minimalReportRendersWithPlaceholders() {
        String page = HtmlReport.render(Fixtures.load(Fixtures.MINIMAL));
        assertTrue(page.contains("no parameter has a prediction"), "prediction verdict says why there is none");
        assertTrue(page.contains("the report has no parameter groups"), "settled verdict says why it is unknown");
        assertTrue(page.contains("No findings.") && page.contains("No groups reported."), "empty sections say so");
        assertFalse(page.contains("id=\"comparison\""), "no comparison with a single run");
    }

    @Test
    void missingOptionalPartsAreTolerated() {
        ObjectNode report = Fixtures.load(Fixtures.EXAMPLE);
        report.remove("example");
        report.remove("findings");
        report.remove("generatedAt");
        ObjectNode run = (ObjectNode) report.get("runs").get(1);
        run.remove("training");
        run.remove("settings");
        ObjectNode obs = (ObjectNode) run.get("observatory");
        obs.remove(List.of("closeUps", "window", "dataOrder", "provenance"));
        obs.putNull("groups");
        ((ObjectNode) obs.get("parameters").get(0)).putNull("variance").put("ratio", "not a number");
        String page = HtmlReport.render(report);
        assertTrue(page.contains("id=\"charts-root\""), "page rendered");
        assertTrue(page.contains(Html.MISSING), "absent values shown as a dash");
    }

    @Test
    void wrongKindIsRejectedClearly() {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        report.put("kind", "sgd-observatory/listener-report");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(report));
        assertTrue(e.getMessage().contains("'kind'") && e.getMessage().contains("listener-report")
                && e.getMessage().contains(HtmlReport.KIND), "names field, value and expected kind: " + e.getMessage());
    }

    @Test
    void missingKindIsRejectedClearly() {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        report.remove("kind");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(report));
        assertTrue(e.getMessage().contains("'kind' is missing"), e.getMessage());
    }

    @Test
    void unknownSchemaVersionIsRejectedClearly() {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        report.put("schemaVersion", 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(report));
        assertTrue(e.getMessage().contains("'schemaVersion' is 7") && e.getMessage().contains("version 1"),
                "names field, value and supported version: " + e.getMessage());
    }

    @Test
    void nonObjectIsRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.render(new ObjectMapper().createArrayNode()));
        assertTrue(e.getMessage().contains("JSON object") && e.getMessage().contains("ARRAY"), e.getMessage());
    }

    @Test
    void writeCreatesTheDirectoryAndReplacesIndexAtomically(@TempDir Path tmp) throws Exception {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        Path dir = tmp.resolve("a/b/report");
        Path written = HtmlReport.write(report, dir);
        assertEquals(dir.resolve("index.html").toAbsolutePath(), written, "returns the written file");
        assertEquals(HtmlReport.render(report), Files.readString(written), "file holds the rendered page");
        report.withObjectProperty("example").put("name", "second");
        HtmlReport.write(report, dir);
        assertTrue(Files.readString(written).contains("second"), "existing page replaced");
        if (Files.getFileStore(written).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)),
                    "the page is readable by others, not owner-only like a temporary file");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("index.html"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void badReportWritesNothing(@TempDir Path tmp) {
        ObjectNode report = Fixtures.load(Fixtures.MINIMAL);
        report.put("kind", "other");
        Path dir = tmp.resolve("out");
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.write(report, dir));
        assertFalse(Files.exists(dir), "validation happens before anything is written");
    }
}
