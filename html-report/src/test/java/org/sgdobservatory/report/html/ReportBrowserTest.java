package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.SampleReports;

/**
 * Opens pages rendered from report-model's samples in headless Chromium ({@link ReportBrowserCheck}): no script
 * errors, every planned chart drawn and none clipped, no report field missed, no "NaN" or "undefined" in the text;
 * saves a screenshot of the example page to {@code target/report-screenshot.png}. Skipped without Chromium unless
 * {@code OBSERVATORY_REQUIRE_BROWSER=1}.
 */
class ReportBrowserTest {

    private static final Path OUT = Path.of("target", "browser-test").toAbsolutePath();

    /**
     * Charts of one run of the samples: 2 spread (scatter, ratio histogram) + 1 temperature + 3 for its one
     * close-up + 3 stationarity (FDR, close-up autocorrelations, tau) + 2 noise (kurtosis, tail index).
     */
    private static final int LISTENER_CHARTS = 11;

    /** Per example run also the loss curve; two runs and 3 comparison charts. */
    private static final int EXAMPLE_CHARTS = 2 * (LISTENER_CHARTS + 1) + 3;

    @BeforeAll
    static void needsChromium() {
        ReportBrowserCheck.assumeChromium();
    }

    @Test
    void examplePageReadsEverything() throws Exception {
        Path page = HtmlReport.write(SampleReports.exampleReport(), OUT.resolve("example"));
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        assertEquals(EXAMPLE_CHARTS, p.planned(), "charts planned for the example sample");
        assertTrue(p.height() > 1000, "page height recorded: " + p.height());

        Path png = ReportBrowserCheck.screenshot(page, Path.of("target", "report-screenshot.png").toAbsolutePath(),
                p.height());
        byte[] head = Files.readAllBytes(png);
        assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII), "PNG signature");
        assertTrue(readInt(head, 16) >= ReportBrowserCheck.WIDTH, "screenshot as wide as the window");
    }

    @Test
    void listenerPageReadsEverything() throws Exception {
        Path page = HtmlReport.write(SampleReports.listenerReport(), OUT.resolve("listener"));
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        assertEquals(LISTENER_CHARTS, p.planned(), "charts planned for the listener sample (no loss curve)");
    }

    @Test
    void constantCloseUpAndHostileStringsReadEverything() throws Exception {
        String evil = "</script><b>bold</b><img src=x onerror=alert(1)>";
        Path page = HtmlReport.write(Variants.example(Variants.withConstantCloseUp().withFinding(
                Finding.of(FindingCode.LISTENER_FAILURE, evil)), "<i>SGD</i>", "RMSProp"), OUT.resolve("hostile"));
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        assertEquals(EXAMPLE_CHARTS, p.planned(), "the constant close-up adds no chart");
        assertFalse(p.dom().contains("<b>bold</b>") || p.dom().contains("<i>SGD</i>") || p.dom().contains("<img"),
                "no element created from report strings");
        assertTrue(p.text().contains("Constant in the window"), "the constant close-up says so");
    }

    @Test
    void missingAndMistypedFieldsAreRecorded() throws Exception {
        String html = HtmlReport.render(SampleReports.listenerReport());
        String removed = html.replaceFirst("\"fluctuationDissipationRatio\":[0-9.]+,", "")
                .replaceFirst("\"noiseExcessKurtosis\":[0-9.]+", "\"noiseExcessKurtosis\":\"high\"");
        assertTrue(removed.length() < html.length(), "a field was removed from the embedded report");
        Path page = AtomicFiles.write(OUT.resolve("missing").resolve("index.html"), removed);
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.open(page);
        assertEquals(0, p.errors(), "script errors: " + p.errorMessages());
        assertEquals(List.of("parameters[].drift.fluctuationDissipationRatio (missing)",
                "parameters[].probed.noiseExcessKurtosis (not a number)"), List.of(p.missingFields().split("; ")),
                "the page names what it could not read");
    }

    @Test
    void logAxesTickAtDecadesAndTheirTwosAndFives() throws Exception {
        String script = Files.readString(Path.of("src/main/resources/org/sgdobservatory/report/html/charts.js"));
        String page = "<!DOCTYPE html><html><body><pre id=\"out\"></pre><script>var uPlot = {};\n" + script
                + "\nvar C = ObservatoryCharts, r = {};\n[[-26, -20], [-5, -3.2], [-4, -3.5], [0.01, 0.2]]"
                + ".forEach(function (q) { r[q.join(',')] = C.logTicks(q[0], q[1]).map(C.logLabel); });\n"
                + "document.getElementById('out').textContent = JSON.stringify(r);</script></body></html>";
        Path file = AtomicFiles.write(OUT.resolve("ticks").resolve("index.html"), page);
        Matcher m = Pattern.compile("<pre id=\"out\">(.*?)</pre>").matcher(ReportBrowserCheck.open(file).dom());
        assertTrue(m.find(), "the tick page ran");
        JsonNode ticks = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertEquals(List.of("1e-26", "1e-25", "1e-24", "1e-23", "1e-22", "1e-21", "1e-20"),
                strings(ticks.get("-26,-20")), "six decades: powers of ten");
        assertEquals(List.of("1e-5", "2e-5", "5e-5", "1e-4", "2e-4", "5e-4"), strings(ticks.get("-5,-3.2")),
                "under two decades: 1, 2 and 5 times the powers");
        assertEquals(List.of("1e-4", "2e-4", "3e-4"), strings(ticks.get("-4,-3.5")),
                "under one decade: also 3 times the powers");
        assertEquals(List.of("1.1", "1.2", "1.3", "1.4", "1.5"), strings(ticks.get("0.01,0.2")),
                "under a factor 2 (1.02 to 1.58): round plain values");
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
