package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Opens rendered pages in headless Chromium (Debian's {@code /usr/bin/chromium}): no script errors, every
 * chart the page planned is drawn on a canvas of nonzero size, and a screenshot of the fixture is saved to
 * {@code target/report-screenshot.png}. Skipped without Chromium unless {@code OBSERVATORY_REQUIRE_BROWSER=1}
 * (CI), in which case a missing browser fails. Each Chromium run is killed after 60 s.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;
    private static final int WIDTH = 1280;
    private static final Path OUT = Path.of("target", "browser-test").toAbsolutePath();

    /**
     * Charts the example fixture must draw: per run 4 (variance scatter, ratio histogram, temperature,
     * loss) + 3 per close-up + 5 (FDR, close-up ACFs, tau, kurtosis, tail index); both runs have 6 close-ups,
     * so 2 x 27; plus 3 comparison charts.
     */
    private static final int EXAMPLE_CHARTS = 57;

    @BeforeAll
    static void needsChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("1".equals(System.getenv("OBSERVATORY_REQUIRE_BROWSER"))) {
                fail(CHROMIUM + " is missing but OBSERVATORY_REQUIRE_BROWSER=1: install it with"
                        + " `apt-get install -y chromium` (.ci/run does)");
            }
            Assumptions.abort(CHROMIUM + " not found; the browser test is skipped (set OBSERVATORY_REQUIRE_BROWSER=1"
                    + " to make this a failure)");
        }
    }

    @Test
    void exampleReportDrawsEveryChartWithoutErrors() throws Exception {
        Path page = HtmlReport.write(Fixtures.load(Fixtures.EXAMPLE), OUT.resolve("example"));
        String dom = chromium(page, List.of("--dump-dom", "--window-size=" + WIDTH + ",1000")).stdout;
        Page p = Page.of(dom);
        assertEquals(0, p.errors, "script errors in the page: " + p.errorMessages);
        assertEquals(EXAMPLE_CHARTS, p.planned, "charts the page planned for the fixture");
        assertEquals(p.planned, p.drawn, "every planned chart was built by uPlot");
        assertEquals(p.planned, p.canvases.size(), "one canvas per planned chart");
        for (int[] size : p.canvases) {
            assertTrue(size[0] > 0 && size[1] > 0, "canvas of nonzero size: " + size[0] + "x" + size[1]);
        }
        assertTrue(p.height > 1000, "page height recorded: " + p.height);
        // The page fits log T on log sigma^2_B itself (for the chart); it must agree with the Java verdict.
        for (int run = 0; run < 2; run++) {
            SlopeFit fit = RunSummary.of(Fixtures.load(Fixtures.EXAMPLE).get("runs").get(run), run)
                    .temperatureFit().orElseThrow();
            String legend = "fit: slope " + Html.number(fit.slope()) + " ± " + Html.number(fit.standardError());
            assertTrue(p.dom.contains(legend), "chart legend shows the verdict's fit: " + legend);
        }

        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(page, List.of("--screenshot=" + screenshot, "--hide-scrollbars",
                "--window-size=" + WIDTH + "," + p.height));
        assertTrue(Files.size(screenshot) > 50_000, "screenshot written: " + screenshot);
        byte[] head = Files.readAllBytes(screenshot);
        assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII), "PNG signature");
        int width = readInt(head, 16);
        assertTrue(width >= WIDTH, "screenshot width " + width + " >= window width " + WIDTH);
    }

    @Test
    void minimalReportRendersWithoutErrors() throws Exception {
        Path page = HtmlReport.write(Fixtures.load(Fixtures.MINIMAL), OUT.resolve("minimal"));
        Page p = Page.of(chromium(page, List.of("--dump-dom", "--window-size=" + WIDTH + ",1000")).stdout);
        assertEquals(0, p.errors, "script errors on the minimal report: " + p.errorMessages);
        assertEquals(p.planned, p.drawn, "planned charts drawn");
        assertEquals(p.planned, p.canvases.size(), "one canvas per planned chart");
        assertTrue(p.dom.contains("Nothing to draw"), "empty charts explain themselves");
    }

    @Test
    void degenerateAndHostileDataRenderInertAndWithoutErrors() throws Exception {
        ObjectNode report = Fixtures.load(Fixtures.EXAMPLE);
        ObjectNode sgd = (ObjectNode) report.get("runs").get(0);
        sgd.put("label", "<b>evil</b>");
        ObjectNode obs = (ObjectNode) sgd.get("observatory");
        ((ObjectNode) obs.get("groups").get(0)).put("key", "</script><i>x</i>");
        ArrayNode params = (ArrayNode) obs.get("parameters");
        ((ObjectNode) params.get(0)).put("key", "</script><i>x</i>").put("variance", "NaN");
        ((ObjectNode) params.get(1)).putNull("variance").put("predictedVariance", -1.0);
        ((ObjectNode) params.get(2)).put("temperature", 0.0).put("gradientNoiseVariance", "x");
        ArrayNode closeUps = (ArrayNode) obs.get("closeUps");
        ObjectNode first = (ObjectNode) closeUps.get(0);
        first.put("key", "<img src=x onerror=alert(1)>");
        first.withArray("trace").removeAll().add(1.0).addNull().add("2");
        first.withObjectProperty("histogram").withArray("counts").removeAll();
        first.withObjectProperty("density").withArray("predicted").add(0.5);
        first.putNull("slice");
        first.withArray("autocorrelation").insertNull(1);
        closeUps.set(1, NullNode.getInstance());
        closeUps.set(2, TextNode.valueOf("not a close-up"));
        ObjectNode rms = (ObjectNode) report.get("runs").get(1);
        ArrayNode loss = rms.withObjectProperty("training").withObjectProperty("lossCurve").withArray("loss");
        loss.set(0, DoubleNode.valueOf(-1.0));
        loss.set(1, NullNode.getInstance());
        rms.get("observatory").get("groups").forEach(g -> ((ObjectNode) g).putNull("temperatureNoiseSlope"));
        ((ArrayNode) report.get("runs")).addObject().put("label", "empty").putObject("observatory");
        ((ArrayNode) report.get("runs")).add(NullNode.getInstance());

        Path page = HtmlReport.write(report, OUT.resolve("hostile"));
        Page p = Page.of(chromium(page, List.of("--dump-dom", "--window-size=" + WIDTH + ",1000")).stdout);
        assertEquals(0, p.errors, "script errors on degenerate data: " + p.errorMessages);
        assertTrue(p.planned > 20, "the intact parts still draw: " + p.planned + " charts");
        assertEquals(p.planned, p.drawn, "planned charts drawn");
        assertEquals(p.planned, p.canvases.size(), "one canvas per planned chart");
        assertFalse(p.dom.contains("<b>evil</b>") || p.dom.contains("<i>x</i>") || p.dom.contains("<img"),
                "no element created from report strings");
        assertTrue(p.dom.contains("&lt;b&gt;evil&lt;/b&gt;"), "the label is shown as text");
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** What the page recorded on its root element, and its canvases. */
    private record Page(String dom, int planned, int drawn, int errors, String errorMessages, int height,
                        List<int[]> canvases) {

        static Page of(String dom) {
            Matcher html = Pattern.compile("<html[^>]*>").matcher(dom);
            assertTrue(html.find(), "Chromium dumped a document: " + dom.substring(0, Math.min(300, dom.length())));
            String root = html.group();
            List<int[]> canvases = new ArrayList<>();
            Matcher c = Pattern.compile("<canvas([^>]*)>").matcher(dom);
            while (c.find()) {
                canvases.add(new int[] {attribute(c.group(1), "width"), attribute(c.group(1), "height")});
            }
            Matcher messages = Pattern.compile("data-error-messages=\"([^\"]*)\"").matcher(root);
            return new Page(dom, attribute(root, "data-charts-planned"), attribute(root, "data-charts-drawn"),
                    attribute(root, "data-errors"), messages.find() ? unescape(messages.group(1)) : "", attribute(root, "data-page-height"),
                    canvases);
        }

        private static String unescape(String attribute) {
            return attribute.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }

        private static int attribute(String tag, String name) {
            Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(tag);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    private record Result(String stdout, String stderr) {
    }

    /** Runs headless Chromium on {@code page} with a fresh profile; fails after 60 s or on a non-zero exit. */
    private static Result chromium(Path page, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("observatory-chromium-");
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000"));
        command.addAll(extra);
        command.add(page.toUri().toString());
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n"
                        + Files.readString(stderr));
            }
            Result r = new Result(Files.readString(stdout), Files.readString(stderr));
            assertEquals(0, process.exitValue(), "Chromium exit code; stderr:\n" + r.stderr);
            return r;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
