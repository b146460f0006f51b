package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.html.ReportBrowserCheck;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * {@code observatory run} end to end with its page: one short run of the iris softmax regression with SGD and
 * RMSProp side by side (60 epochs of 12 minibatches, the last 300 iterations observed: a few seconds), whose
 * {@code report.json} is read back strictly and whose {@code index.html} is opened in headless Chromium
 * ({@link ReportBrowserCheck}: no script error, every chart drawn, no report field missing). Its listener report then
 * serves {@code render} as a bare listener report.
 */
class EndToEndRunTest {

    @TempDir
    static Path tmp;

    private static Path dir;
    private static Cli run;

    @BeforeAll
    static void runIrisOnce() {
        dir = tmp.resolve("iris-report");
        run = Cli.run("run", "iris", "--optimizer", "sgd,rmsprop", "--epochs", "60", "--window", "300", "--quiet",
                "--report", dir.toString());
    }

    @Test
    void runWritesAStrictReportAndPrintsItsSummary() throws IOException {
        assertEquals(0, run.exitCode(), "exit code; stderr " + run.err());
        ExampleReport report = RunCommandTest.read(dir);
        assertEquals(2, report.runs().size(), "SGD and RMSProp");
        assertEquals(report, ReportJson.readExampleReport(ReportJson.write(report)),
                "the report survives writing and strict reading unchanged");
        for (ExampleReport.Run r : report.runs()) {
            SummaryLines.assertPrinted(run.out(), r);
        }
        assertTrue(run.out().contains("report: " + dir.resolve("report.json").toAbsolutePath()), run.out());
        assertTrue(run.out().contains("report: " + dir.resolve("index.html").toAbsolutePath()), run.out());
    }

    @Test
    void thePageOfTheRunReadsEverything() throws IOException, InterruptedException {
        assertEquals(0, run.exitCode(), "exit code; stderr " + run.err());
        ReportBrowserCheck.RenderedPage page = ReportBrowserCheck.assertPageReadsEverything(dir.resolve("index.html"));
        String text = page.text();
        assertAll(
                () -> assertTrue(page.planned() > 0, "the page planned charts"),
                () -> assertTrue(text.contains("SGD") && text.contains("RMSProp"), "both runs on the page"));
    }

    @Test
    void renderAcceptsABareListenerReport() throws IOException, InterruptedException {
        assertEquals(0, run.exitCode(), "exit code; stderr " + run.err());
        ObservatoryReport listener = RunCommandTest.read(dir).runs().get(0).observatory();
        Path file = ReportJson.writeFile(listener, tmp.resolve("listener").resolve("report.json"));
        Path out = tmp.resolve("listener-page");
        Cli r = Cli.run("render", file.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        assertEquals("wrote " + out.resolve("index.html").toAbsolutePath(), r.out().strip(), "says what it wrote");
        ReportBrowserCheck.assertPageReadsEverything(out.resolve("index.html"));
    }

    @Test
    void renderRewritesThePageOfAnExampleReportNextToIt() throws IOException {
        assertEquals(0, run.exitCode(), "exit code; stderr " + run.err());
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Files.copy(dir.resolve("report.json"), copy.resolve("report.json"));
        Cli r = Cli.run("render", copy.resolve("report.json").toString());
        assertAll(
                () -> assertEquals(0, r.exitCode(), "exit code; stderr " + r.err()),
                () -> assertTrue(Files.size(copy.resolve("index.html")) > 10_000, "a page next to the report"));
    }
}
