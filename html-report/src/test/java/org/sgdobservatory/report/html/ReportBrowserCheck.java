package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
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

/**
 * Opens a rendered page in headless Chromium (Debian's {@code /usr/bin/chromium}) and checks that it read and drew
 * everything: for the tests of this module and of any module that renders pages (e.g. the examples, on the real
 * output of a short run). Without Chromium the calling test is skipped, unless the environment variable
 * {@code OBSERVATORY_REQUIRE_BROWSER=1} is set (CI), in which case it fails. Each Chromium run gets a fresh profile
 * and is killed after 60 s. Stateless and thread-safe.
 */
public final class ReportBrowserCheck {

    /** Where the browser is expected. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** The environment variable that turns a missing browser from a skip into a failure. */
    public static final String REQUIRE_BROWSER = "OBSERVATORY_REQUIRE_BROWSER";

    /** The browser window's width in CSS pixels. */
    public static final int WIDTH = 1280;

    private static final long TIMEOUT_SECONDS = 60;

    private ReportBrowserCheck() {
    }

    /**
     * Skips the calling test when Chromium is missing, or fails it when {@code OBSERVATORY_REQUIRE_BROWSER=1}.
     * Call first (e.g. in a {@code @BeforeAll}); the other methods call it too.
     */
    public static void assumeChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("1".equals(System.getenv(REQUIRE_BROWSER))) {
                fail(CHROMIUM + " is missing but " + REQUIRE_BROWSER + "=1: install it with"
                        + " `apt-get install -y chromium` (.ci/run does)");
            }
            Assumptions.abort(CHROMIUM + " not found; the browser check is skipped (set " + REQUIRE_BROWSER
                    + "=1 to make this a failure)");
        }
    }

    /**
     * Asserts that the page at {@code indexHtml} read and drew everything: no script error, every chart it planned
     * built by uPlot and drawn once on a canvas of nonzero size with no curve outside its plot, no report field
     * looked for and not found ({@code data-missing-fields} empty), and neither "NaN" nor "undefined" in its text.
     *
     * @return the page as Chromium left it, for further assertions
     */
    public static RenderedPage assertPageReadsEverything(Path indexHtml) throws IOException, InterruptedException {
        return assertPageReadsEverything(indexHtml.toAbsolutePath().toUri());
    }

    /** {@link #assertPageReadsEverything(Path)} for a page served at {@code page} (e.g. the live view). */
    public static RenderedPage assertPageReadsEverything(URI page) throws IOException, InterruptedException {
        RenderedPage p = open(page);
        assertEquals(0, p.errors(), "script errors in " + page + ": " + p.errorMessages());
        assertEquals(p.planned(), p.drawn(), "every planned chart was built by uPlot");
        assertEquals(p.planned(), p.ready(), "every chart reached its first draw");
        assertEquals(p.planned(), p.canvases().size(), "one canvas per planned chart");
        for (Canvas c : p.canvases()) {
            assertTrue(c.width() > 0 && c.height() > 0, "canvas of nonzero size: " + c);
        }
        assertEquals(0, p.clipped(), "charts with a curve outside the plot");
        assertEquals("", p.missingFields(), "report fields the page looked for and did not find");
        String text = p.text();
        for (String bad : List.of("NaN", "undefined")) {
            assertFalse(text.contains(bad), "the page text says '" + bad + "': " + around(text, bad));
        }
        return p;
    }

    /** Loads the page in Chromium and returns what it recorded (no assertions beyond "a document came back"). */
    public static RenderedPage open(Path indexHtml) throws IOException, InterruptedException {
        return open(indexHtml.toAbsolutePath().toUri());
    }

    /** Loads the page at {@code page} (a file or an http address) in Chromium and returns what it recorded. */
    public static RenderedPage open(URI page) throws IOException, InterruptedException {
        String dom = chromium(page, List.of("--dump-dom", "--window-size=" + WIDTH + ",1000"));
        return RenderedPage.of(dom);
    }

    /**
     * Saves a full-page screenshot of the page.
     *
     * @param height the window height in CSS pixels (e.g. {@link RenderedPage#height()})
     * @return the PNG written
     */
    public static Path screenshot(Path indexHtml, Path png, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        chromium(indexHtml.toAbsolutePath().toUri(), List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars",
                "--window-size=" + WIDTH + "," + height));
        assertTrue(Files.isRegularFile(png), "screenshot written: " + png);
        return png;
    }

    private static String around(String text, String needle) {
        int at = text.indexOf(needle);
        return text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 120));
    }

    /**
     * A canvas of the page.
     *
     * @param width width in device pixels
     * @param height height in device pixels
     */
    public record Canvas(int width, int height) {
    }

    /**
     * What a page recorded on its root element after Chromium ran its scripts, and its canvases.
     *
     * @param dom the serialised DOM
     * @param planned charts the page meant to draw
     * @param drawn charts uPlot built
     * @param ready charts that reached their first draw
     * @param clipped charts with a curve outside the plot
     * @param errors uncaught script errors and {@code console.error} calls
     * @param errorMessages the first of their messages
     * @param missingFields report fields looked for and not found (or of the wrong type), {@code ; }-separated
     * @param height the page height in CSS pixels
     * @param canvases the canvases
     */
    public record RenderedPage(String dom, int planned, int drawn, int ready, int clipped, int errors,
                               String errorMessages, String missingFields, int height, List<Canvas> canvases) {

        /** Copies the list. */
        public RenderedPage {
            canvases = List.copyOf(canvases);
        }

        static RenderedPage of(String dom) {
            Matcher html = Pattern.compile("<html[^>]*>").matcher(dom);
            assertTrue(html.find(), "Chromium dumped a document: " + dom.substring(0, Math.min(300, dom.length())));
            String root = html.group();
            List<Canvas> canvases = new ArrayList<>();
            Matcher c = Pattern.compile("<canvas([^>]*)>").matcher(dom);
            while (c.find()) {
                canvases.add(new Canvas(number(c.group(1), "width"), number(c.group(1), "height")));
            }
            return new RenderedPage(dom, number(root, "data-charts-planned"), number(root, "data-charts-drawn"),
                    Math.max(0, number(root, "data-charts-ready")), number(root, "data-charts-clipped"),
                    number(root, "data-errors"), text(root, "data-error-messages"), text(root, "data-missing-fields"),
                    number(root, "data-page-height"), canvases);
        }

        /** The page's visible text: the DOM without scripts, styles and tags, entities decoded. */
        public String text() {
            String body = dom.replaceAll("(?s)<script\\b.*?</script>", " ").replaceAll("(?s)<style\\b.*?</style>", " ")
                    .replaceAll("(?s)<[^>]+>", " ");
            return unescape(body).replaceAll("\\s+", " ");
        }

        private static String text(String tag, String name) {
            Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
            return m.find() ? unescape(m.group(1)) : "";
        }

        private static int number(String tag, String name) {
            Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(tag);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        private static String unescape(String s) {
            return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                    .replace("&nbsp;", " ").replace("&amp;", "&");
        }
    }

    /** Runs headless Chromium on {@code page} with a fresh profile; fails after 60 s or on a non-zero exit. */
    private static String chromium(URI page, List<String> extra) throws IOException, InterruptedException {
        assumeChromium();
        Path profile = Files.createTempDirectory("observatory-chromium-");
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000"));
        command.addAll(extra);
        command.add(page.toString());
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n"
                        + Files.readString(stderr));
            }
            String out = Files.readString(stdout);
            assertEquals(0, process.exitValue(), "Chromium exit code; stderr:\n" + Files.readString(stderr));
            return out;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
