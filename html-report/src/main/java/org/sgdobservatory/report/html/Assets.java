package org.sgdobservatory.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The scripts and styles inlined into every page: uPlot's dist JS and CSS, read from its WebJar
 * ({@code org.webjars.npm:uplot}) on the class path, and this module's own scripts and {@code report.css}. Loaded once,
 * on first use. Immutable and thread-safe.
 *
 * @param uplotVersion the WebJar's version, read from its {@code pom.properties}
 * @param uplotJs uPlot's minified IIFE build (defines the global {@code uPlot})
 * @param uplotCss uPlot's stylesheet
 * @param reportJs the page's script, {@link #SCRIPTS} concatenated in that order
 * @param reportCss the page's stylesheet
 */
record Assets(String uplotVersion, String uplotJs, String uplotCss, String reportJs, String reportCss) {

    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    static final String OWN = "/org/sgdobservatory/report/html/";

    /**
     * The page's own scripts, in load order: {@code fields.js} (the one reader of report data, which records what it
     * did not find), {@code charts.js} (chart kit over uPlot), {@code directions.js} (the eigen-directions' charts),
     * {@code closeups.js} (a close-up's charts), {@code comparison.js} (runs side by side) and {@code report.js}
     * (per-run charts, entry point).
     */
    static final List<String> SCRIPTS = List.of("fields.js", "charts.js", "directions.js", "closeups.js",
            "comparison.js", "report.js");

    /** The assets, loaded on first use. */
    static Assets get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final Assets INSTANCE = load();
    }

    private static Assets load() {
        Properties pom = new Properties();
        try (InputStream in = resource(UPLOT_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM + ": " + e.getMessage(), e);
        }
        String version = pom.getProperty("version");
        String dist = "/META-INF/resources/webjars/uplot/" + version + "/dist/";
        return new Assets(version, read(dist + "uPlot.iife.min.js"), read(dist + "uPlot.min.css"),
                SCRIPTS.stream().map(name -> read(OWN + name)).collect(Collectors.joining("\n")),
                read(OWN + "report.css"));
    }

    private static InputStream resource(String path) {
        InputStream in = Assets.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("resource " + path + " is not on the class path; the html-report"
                    + " module needs the org.webjars.npm:uplot WebJar and its own resources (rebuild the module)");
        }
        return in;
    }

    static String read(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
