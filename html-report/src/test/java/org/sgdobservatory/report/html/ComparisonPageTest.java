package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.ReportJson;
import org.sgdobservatory.report.model.SampleReports;

/**
 * The comparison page of several reports ({@link HtmlReport#renderComparison}): an example report's two runs beside a
 * bare listener report's run, each labelled by its source; the side-by-side section leads; the embedded data carries
 * every run (training only for the example's runs); fewer than two runs is refused; and in headless Chromium every
 * chart is drawn and no field is missed.
 */
class ComparisonPageTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\" data-kind=\"(\\w+)\">(.*?)</script>", Pattern.DOTALL);

    private static List<ComparedReport> reports() {
        return List.of(ComparedReport.of("a/report.json", SampleReports.exampleReport()),
                ComparedReport.of("b/report.json", SampleReports.listenerReport()));
    }

    @Test
    void theRunsOfEveryReportStandSideBySideFirst() {
        String page = HtmlReport.renderComparison(reports());
        int last = -1;
        for (String id : List.of("id=\"comparison\"", "id=\"verdicts\"", "id=\"directions\"", "id=\"glossary\"",
                "id=\"findings\"", "id=\"groups\"", "id=\"charts\"", "id=\"report-data\"")) {
            int at = page.indexOf(id);
            assertTrue(at > last, id + " present and after the previous section (at " + at + ", previous " + last
                    + ")");
            last = at;
        }
        String table = page.substring(page.indexOf("id=\"comparison\""), page.indexOf("id=\"verdicts\""));
        assertAll(
                () -> assertTrue(page.contains("<h1>3 runs from 2 reports</h1>"), "title counts runs and reports"),
                () -> assertTrue(page.contains("<h2>Runs side by side</h2>"), "runs, not optimizers"),
                () -> assertTrue(table.contains("<th>a/report.json: SGD</th><th>a/report.json: RMSProp</th>"
                        + "<th>b/report.json: MultiLayerNetwork, 50 parameters</th>"), "a column per run, labelled"),
                () -> assertTrue(table.contains("<th>report</th><td class=\"text\">a/report.json</td>"),
                        "the report of each run"),
                () -> assertTrue(table.contains("<th>network</th><td class=\"text\">Handwritten digits</td>"),
                        "what was trained"),
                () -> assertTrue(table.contains("data-by=\"run\""), "the charts name runs"),
                () -> assertEquals(3, HtmlReportTest.count(page, "<article class=\"card\""), "a card per run"),
                () -> assertTrue(page.contains("<dt>a/report.json</dt><dd>example report: Handwritten digits"),
                        "the header names each report"),
                () -> assertTrue(page.contains("<dt>b/report.json</dt><dd>listener report: MultiLayerNetwork"),
                        "and a listener report by its network"),
                () -> assertTrue(page.contains("<td>a/report.json</td><td class=\"sev\">"),
                        "the example's own findings named by their report"));
    }

    @Test
    void embeddedDataHoldsEveryRunWithTrainingOnlyForExampleRuns() throws Exception {
        Matcher m = DATA.matcher(HtmlReport.renderComparison(reports()));
        assertTrue(m.find(), "data element present");
        assertEquals("comparison", m.group(1), "kind of the embedded data");
        JsonNode runs = ReportJson.mapper().readTree(m.group(2)).get("runs");
        assertEquals(3, runs.size(), "every run");
        assertEquals("a/report.json: RMSProp", runs.get(1).get("label").asText(), "labels as on the page");
        assertEquals("b/report.json", runs.get(2).get("source").asText(), "source");
        assertTrue(runs.get(0).get("training").isObject(), "an example run has its training");
        assertTrue(runs.get(2).get("training").isNull(), "a listener report has none");
        assertEquals(SampleReports.listenerReport(), ReportJson.readObservatoryReport(
                runs.get(2).get("observatory").toString()), "the listener report embedded whole");
    }

    @Test
    void fewerThanTwoRunsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.renderComparison(
                List.of(ComparedReport.of("b/report.json", SampleReports.listenerReport()))));
        assertTrue(e.getMessage().contains("at least two runs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ComparedReport.of("x", "not a report"));
    }

    @Test
    void twoListenerReportsCompareToo() {
        String page = HtmlReport.renderComparison(List.of(
                ComparedReport.of("one.json", SampleReports.listenerReport()),
                ComparedReport.of("two.json", SampleReports.listenerReport())));
        assertTrue(page.contains("<h1>2 runs from 2 reports</h1>"), "two runs");
        assertFalse(HtmlReportTest.text(page).contains("NaN"), "no NaN in the text");
    }

    @Test
    void thePageReadsEverythingInChromium() throws Exception {
        Path page = HtmlReport.writeComparison(reports(), Path.of("target", "browser-test", "comparison")
                .toAbsolutePath());
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        // Two example runs (with their loss curves), one listener run, and the three charts side by side.
        assertEquals(2 * (ReportBrowserTest.LISTENER_CHARTS + 1) + ReportBrowserTest.LISTENER_CHARTS + 3, p.planned(),
                "charts planned");
        String text = p.text();
        assertAll(
                () -> assertTrue(text.contains("Temperature vs noise, runs overlaid"), "the overlay, by run"),
                () -> assertTrue(text.contains("b/report.json: MultiLayerNetwork, 50 parameters: slope"),
                        "the listener run's slope in the overlay's legend"),
                () -> assertTrue(text.contains("a/report.json: SGD: slope"), "and the example runs'"));
    }
}
