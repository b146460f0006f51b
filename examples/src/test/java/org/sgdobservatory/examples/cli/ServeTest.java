package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.html.ReportBrowserCheck;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ReportJson;

/**
 * {@code observatory run --serve}: on a short iris run (60 epochs, the last 300 iterations observed) with
 * {@code --serve 0} (any free port) and a terminal given by the test, the listener's live view is announced on
 * standard error before training, its snapshots advance to DONE, and after training the same address serves the
 * whole report (checked in headless Chromium and at {@code /report.json}) until Enter, after which nothing listens.
 * Without a terminal the command says so and exits at once; a port in use fails before training (exit 1) and a port
 * out of range is a usage error (exit 2).
 */
class ServeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LIVE = Pattern.compile("live view of the SGD run: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern REPORT = Pattern.compile("serving the report of every run at (http://\\S+/);"
            + " press Enter");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

    @Test
    void theLiveViewFollowsTheRunAndServesTheReportUntilEnter(@TempDir Path tmp) throws Exception {
        ReportBrowserCheck.assumeChromium();
        Path dir = tmp.resolve("served");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PipedOutputStream enter = new PipedOutputStream();
        Terminal terminal = new Terminal(true, new PipedInputStream(enter));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = pool.submit(() -> Observatory.execute(new String[] {"run", "iris", "--epochs", "60",
                    "--window", "300", "--quiet", "--serve", "0", "--report", dir.toString()},
                    new PrintWriter(out, true), new PrintWriter(err, true), terminal));
            URI live = URI.create(await(err, LIVE, run));
            List<LiveSnapshot.LivePhase> phases = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (!phases.contains(LiveSnapshot.LivePhase.DONE) && System.nanoTime() < deadline) {
                try {
                    LiveSnapshot s = snapshot(live);
                    if (phases.isEmpty() || phases.get(phases.size() - 1) != s.phase()) {
                        phases.add(s.phase());
                    }
                } catch (IOException e) {
                    // refused: between the run's listener closing and the report being served nothing listens
                }
                Thread.sleep(50);
            }
            assertEquals(LiveSnapshot.LivePhase.DONE, phases.get(phases.size() - 1), "reached DONE: " + phases);
            assertTrue(phases.size() >= 2, "a phase before DONE was served while training: " + phases);

            URI served = URI.create(await(err, REPORT, run));
            assertEquals(live.getPort(), served.getPort(), "the report is served at the live view's address");
            ReportBrowserCheck.RenderedPage page = ReportBrowserCheck.assertPageReadsEverything(served);
            assertTrue(page.text().contains("Iris") && page.text().contains("SGD") && page.planned() > 0,
                    "the example report's page, with its charts");
            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(served.resolve("report.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, json.statusCode(), "report.json is served");
            assertEquals(ReportJson.readExampleReport(Files.readString(dir.resolve("report.json"))),
                    ReportJson.readExampleReport(json.body()), "the served report is the written one");
            assertFalse(run.isDone(), "still serving until Enter");

            enter.write("\n".getBytes(StandardCharsets.UTF_8));
            enter.flush();
            assertEquals(0, run.get(60, TimeUnit.SECONDS), "exit code; stderr " + err);
            assertThrows(ConnectException.class, () -> snapshot(served), "Enter stopped the server");
            assertTrue(out.toString().contains("  parameters: "), "the run's block on stdout: " + out);
        } finally {
            enter.close();
            pool.shutdownNow();
        }
    }

    @Test
    void withoutATerminalTheCommandExitsAtOnce(@TempDir Path tmp) throws Exception {
        Cli r = Cli.run("run", "iris", "--epochs", "60", "--window", "300", "--quiet", "--serve", "0", "--no-html",
                "--report", tmp.resolve("r").toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        Matcher m = LIVE.matcher(r.err());
        assertTrue(m.find(), "the live view's address on stderr: " + r.err());
        assertTrue(r.err().contains("live view stopped: standard input is not a terminal"), "says why: " + r.err());
        assertThrows(ConnectException.class, () -> snapshot(URI.create(m.group(1))), "nothing listens afterwards");
    }

    @Test
    void aPortInUseFailsBeforeTraining(@TempDir Path tmp) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("run", "iris", "--quiet", "--serve", String.valueOf(taken.getLocalPort()), "--report",
                    tmp.resolve("r").toString());
            assertAll(
                    () -> assertEquals(1, r.exitCode(), "exit code; stderr " + r.err()),
                    () -> assertEquals(1, r.errLines(), "one line: " + r.err()),
                    () -> assertTrue(r.err().contains("--serve: cannot serve on 127.0.0.1:" + taken.getLocalPort()),
                            "names the flag and the address: " + r.err()),
                    () -> assertTrue(r.out().isEmpty(), "nothing trained: " + r.out()));
        }
    }

    /** Waits until {@code err} matches {@code pattern} and returns its group 1; fails when the run ends first. */
    private static String await(StringWriter err, Pattern pattern, Future<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(err.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                throw new AssertionError("the run ended (exit " + run.get() + ") before printing " + pattern + ": "
                        + err);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + pattern + " within 180 s: " + err);
    }

    private static LiveSnapshot snapshot(URI uri) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(uri.resolve("snapshot.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return ReportJson.mapper().readValue(body, LiveSnapshot.class);
    }
}
