package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.SampleReports;
import org.sgdobservatory.report.model.Verdict;

/**
 * Opens pages rendered from report-model's samples in headless Chromium ({@link ReportBrowserCheck}): no script
 * errors, every planned chart drawn and none clipped, no report field missed, no "NaN" or "undefined" in the text;
 * saves a screenshot of the example page to {@code target/report-screenshot.png}. Skipped without Chromium unless
 * {@code OBSERVATORY_REQUIRE_BROWSER=1}.
 */
class ReportBrowserTest {

    private static final Path OUT = Path.of("target", "browser-test").toAbsolutePath();

    /** The eigen-directions' charts of a run with a judged direction: headline, observed vs predicted, T vs c. */
    static final int DIRECTION_CHARTS = 3;

    /**
     * Charts of one run of the samples: 3 of the eigen-directions, 2 spread (scatter, ratio histogram) +
     * 1 temperature + 3 for its one close-up + 3 stationarity (FDR, close-up autocorrelations, tau) + 2 noise
     * (kurtosis, tail index).
     */
    static final int LISTENER_CHARTS = DIRECTION_CHARTS + 11;

    /** The headline chart's caption. */
    private static final String HEADLINE = "The judged directions against the theory: if it is right, the grey bars"
            + " follow the curve";

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
        assertEquals(2, HtmlReportTest.count(p.dom(), "<figcaption>" + HEADLINE), "a headline chart per run");
        assertFalse(p.text().toLowerCase(Locale.ROOT).contains("holds"), "the page never says holds");

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
        int headline = p.dom().indexOf("<figcaption>" + HEADLINE);
        assertTrue(headline > 0 && headline < p.dom().indexOf("id=\"groups\""), "the headline chart leads");
        assertTrue(p.text().contains("Pooled over 2 judged directions"), "it pools the two judged directions");
    }

    @Test
    void noJudgedDirectionShowsTheEmptyHeadlineAndReadsEverything() throws Exception {
        Verdict drifting = Verdict.notJudged(NotJudgedReason.DRIFTING);
        Path page = HtmlReport.write(Variants.withDirections(Optional.of(Variants.spectrumWithVerdicts(drifting,
                drifting, drifting))), OUT.resolve("none-judged"));
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        assertEquals(LISTENER_CHARTS - 1, p.planned(), "the headline is not drawn, the other two are");
        assertTrue(p.text().contains("Nothing to draw: no direction could be judged ("
                + Words.because(NotJudgedReason.DRIFTING) + ")"), "the headline's box says why");
    }

    @Test
    void runWithoutDirectionsReadsEverything() throws Exception {
        String message = "the directions need a network with one input and one output array";
        Path page = HtmlReport.write(Variants.withOptionalParts().withFinding(Finding.of(
                FindingCode.DIRECTIONS_SKIPPED, message)), OUT.resolve("no-directions"));
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.assertPageReadsEverything(page);
        assertEquals(LISTENER_CHARTS - DIRECTION_CHARTS, p.planned(), "no directions, no directions' charts");
        assertTrue(p.text().contains("Eigen-directions: not observed " + message), "the card says why");
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

    /**
     * Removes and mistypes fields of the embedded report, each inside the list it is meant to hit: the embedded JSON
     * holds {@code directions} (whose directions carry the same field names as parameters) before
     * {@code parameters}, so each edit starts at its list.
     */
    @Test
    void missingAndMistypedFieldsAreRecorded() throws Exception {
        String html = HtmlReport.render(SampleReports.listenerReport());
        int directions = html.indexOf("\"directions\":{\"basis\"");
        int parameters = html.indexOf("\"parameters\":[");
        assertTrue(directions > 0 && parameters > directions, "directions embedded before parameters");
        String edited = html;
        // parameters[0].drift: the FDR histogram reads it
        edited = editAfter(edited, parameters, "\"fluctuationDissipationRatio\":[0-9.]+,", "");
        // parameters[0].probed: the kurtosis histogram reads it
        edited = editAfter(edited, parameters, "\"noiseExcessKurtosis\":[0-9.]+", "\"noiseExcessKurtosis\":\"high\"");
        // directions.directions[0].comparison: the directions' temperature chart reads it
        edited = editAfter(edited, directions, "\"temperature\":[0-9.eE+-]+,", "");
        // directions.directions[0].verdict: the charts colour and pool by it
        edited = editAfter(edited, directions, "\"state\":\"CONSISTENT\"", "\"state\":\"MAYBE\"");
        Path page = AtomicFiles.write(OUT.resolve("missing").resolve("index.html"), edited);
        ReportBrowserCheck.RenderedPage p = ReportBrowserCheck.open(page);
        assertEquals(0, p.errors(), "script errors: " + p.errorMessages());
        assertEquals(List.of("directions.directions[].comparison.temperature (missing)",
                "directions.directions[].verdict.state (not one of CONSISTENT|INCONSISTENT|NOT_JUDGED)",
                "parameters[].drift.fluctuationDissipationRatio (missing)",
                "parameters[].probed.noiseExcessKurtosis (not a number)"), List.of(p.missingFields().split("; ")),
                "the page names what it could not read");
    }

    /** {@code html} with the first match of {@code regex} at or after {@code from} replaced; fails without one. */
    private static String editAfter(String html, int from, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertTrue(m.find(from), "found " + regex + " after " + from);
        return html.substring(0, m.start()) + replacement + html.substring(m.end());
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

    /**
     * The headline's pooling against closed forms. Direction a: counts 50, 50 over mean ± s with predicted variance
     * s^2/3, so standardised it is uniform on [-sqrt 3, sqrt 3] (density 1/(2 sqrt 3)); direction b: count 300 over
     * mean ± s with predicted variance s^2, uniform on [-1, 1] (density 1/2). Pooled with weights 100 and 300, the
     * centre grid bin (inside both) has density (100/(2 sqrt 3) + 300/2)/400, a bin at z = 1.5 only a's share
     * 100/(2 sqrt 3)/400, and the whole integrates to 1. Exact up to rounding: tolerance 1e-12.
     */
    @Test
    void headlinePoolsStandardisedHistogramsWeightedByCount() throws Exception {
        String page = "<!DOCTYPE html><html><body><pre id=\"out\"></pre><script>var uPlot = {};\n"
                + script("charts.js") + "\n" + script("directions.js") + "\nvar D = ObservatoryCharts.directions;\n"
                + "var p = D.pooled([{mean: 2, predicted: 0.75, low: 0.5, high: 3.5, counts: [50, 50]},\n"
                + "  {mean: -1, predicted: 4, low: -3, high: 1, counts: [300]}]);\n"
                + "var width = 2 * D.HALF_WIDTH / D.BINS;\n"
                + "function at(z) { return p.density[Math.floor((z + D.HALF_WIDTH) / width)]; }\n"
                + "var integral = p.density.slice(0, D.BINS).reduce(function (a, d) { return a + d * width; }, 0);\n"
                + "document.getElementById('out').textContent = JSON.stringify({centre: at(0), side: at(1.5),\n"
                + "  integral: integral, samples: p.samples, directions: p.directions, outside: p.outside});"
                + "</script></body></html>";
        Path file = AtomicFiles.write(OUT.resolve("pooled").resolve("index.html"), page);
        Matcher m = Pattern.compile("<pre id=\"out\">(.*?)</pre>").matcher(ReportBrowserCheck.open(file).dom());
        assertTrue(m.find(), "the pooling page ran");
        JsonNode r = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        double a = 1 / (2 * Math.sqrt(3));
        assertEquals((100 * a + 300 * 0.5) / 400, r.get("centre").asDouble(), 1e-12, "centre bin: both, by count");
        assertEquals(100 * a / 400, r.get("side").asDouble(), 1e-12, "bin at z = 1.5: direction a alone");
        assertEquals(1, r.get("integral").asDouble(), 1e-12, "the pooled density integrates to 1");
        assertEquals(0, r.get("outside").asDouble(), 1e-12, "no mass beyond ±5");
        assertEquals(400, r.get("samples").asInt(), "samples pooled");
        assertEquals(2, r.get("directions").asInt(), "directions pooled");
    }

    private static String script(String name) throws IOException {
        return Files.readString(Path.of("src/main/resources/org/sgdobservatory/report/html", name));
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
