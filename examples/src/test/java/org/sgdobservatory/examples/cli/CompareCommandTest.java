package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.report.html.ReportBrowserCheck;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.report.model.VerdictWords;

/**
 * {@code observatory compare} end to end: two short runs of the iris softmax regression (seed 1 with SGD; seed 2 with
 * SGD and RMSProp; 60 epochs, the last 300 iterations observed: a few seconds each) and a bare listener report taken
 * from the second, compared: exit 0, a line per run on standard output whose verdict is the report's, and a page that
 * headless Chromium reads completely ({@link ReportBrowserCheck}) with every run on it. Then bad input: a missing,
 * truncated or foreign report, a directory, fewer than two reports and an unwritable {@code --out}, each one line on
 * standard error with the exit code of the table in the examples' README, and nothing written.
 */
class CompareCommandTest {

    @TempDir
    static Path tmp;

    private static Path a;
    private static Path b;
    private static Path listener;

    @BeforeAll
    static void twoRunsAndAListenerReport() throws IOException {
        Path dirA = tmp.resolve("a");
        Path dirB = tmp.resolve("b");
        Cli runA = Cli.run("run", "iris", "--epochs", "60", "--window", "300", "--seed", "1", "--quiet", "--no-html",
                "--report", dirA.toString());
        Cli runB = Cli.run("run", "iris", "--optimizer", "sgd,rmsprop", "--epochs", "60", "--window", "300", "--seed",
                "2", "--quiet", "--no-html", "--report", dirB.toString());
        assertEquals(0, runA.exitCode(), "run a; stderr " + runA.err());
        assertEquals(0, runB.exitCode(), "run b; stderr " + runB.err());
        a = dirA.resolve("report.json");
        b = dirB.resolve("report.json");
        ObservatoryReport bare = ReportJson.readExampleReport(Files.readString(b)).runs().get(1).observatory();
        listener = ReportJson.writeFile(bare, tmp.resolve("listener").resolve("report.json"));
    }

    @Test
    void comparesEveryRunOfEveryReportInATableAndOnAPage() throws IOException, InterruptedException {
        Path out = tmp.resolve("comparison");
        Cli r = Cli.run("compare", a.toString(), b.toString(), listener.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("4 runs from 3 reports", lines.get(0), "first line counts runs and reports");
        assertTrue(lines.get(1).startsWith("run ") && lines.get(1).contains("verdict")
                && lines.get(1).contains("coverage") && lines.get(1).contains("T-noise slope"), "a header: " + lines);
        assertEquals("wrote " + out.resolve("index.html").toAbsolutePath(), lines.get(lines.size() - 1),
                "says what it wrote");

        List<String> labels = new ArrayList<>();
        ExampleReport reportA = ReportJson.readExampleReport(Files.readString(a));
        ExampleReport reportB = ReportJson.readExampleReport(Files.readString(b));
        ObservatoryReport bare = ReportJson.readObservatoryReport(Files.readString(listener));
        List<ObservatoryReport> reports = new ArrayList<>();
        for (ExampleReport.Run run : reportA.runs()) {
            labels.add(a + ": " + run.label());
            reports.add(run.observatory());
        }
        for (ExampleReport.Run run : reportB.runs()) {
            labels.add(b + ": " + run.label());
            reports.add(run.observatory());
        }
        labels.add(listener + ": " + bare.provenance().networkType() + ", " + bare.provenance().numParams()
                + " parameters");
        reports.add(bare);
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String line = lines.get(2 + i);
            ObservatoryReport report = reports.get(i);
            Verdict verdict = report.summary().judgement().verdict();
            assertTrue(line.startsWith(label + "  "), "row " + i + " is " + label + ": " + line);
            String cells = line.substring(label.length()).strip();
            if (verdict.state() == VerdictState.NOT_JUDGED) {
                assertTrue(cells.startsWith("not judged ["), "the verdict points to its reason: " + line);
                assertTrue(r.out().contains("] " + VerdictWords.of(verdict) + "\n"), "the reason below the table: "
                        + r.out());
            } else {
                assertTrue(cells.startsWith(VerdictWords.of(verdict) + "  "), "the verdict: " + line);
            }
            assertTrue(cells.contains(report.summary().counts().tracked() + " of "
                    + report.summary().counts().total()), "the tracked count: " + line);
        }
        assertTrue(r.out().contains("median observed/predicted variance per parameter group"), "groups table");

        ReportBrowserCheck.RenderedPage page = ReportBrowserCheck.assertPageReadsEverything(out.resolve("index.html"));
        String text = page.text();
        assertAll(
                () -> assertTrue(page.planned() > 0, "the page planned charts"),
                () -> assertTrue(text.contains("4 runs from 3 reports") && text.contains("Runs side by side"),
                        "the comparison leads"),
                () -> assertTrue(text.contains("Temperature vs noise, runs overlaid"), "the temperatures overlaid"),
                () -> assertTrue(labels.stream().allMatch(text::contains), "every run on the page: " + labels));
    }

    @ParameterizedTest(name = "compare {0} -> exit {1}")
    @CsvSource(delimiter = '|', value = {
        "missing      | 1 | does not exist",
        "truncated    | 1 | not valid JSON",
        "foreign      | 1 | does not match the schema",
        "directory    | 1 | is a directory",
        "one          | 2 | give two reports or more to compare, got 1",
        "none         | 2 | give two reports or more to compare, got 0",
        "unwritable   | 1 | report directory",
    })
    void badInputIsOneLineAndWritesNothing(String kind, int exit, String says) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad-" + kind));
        Path bad = dir.resolve("report.json");
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("compare"));
        switch (kind) {
            case "missing" -> args.addAll(List.of(a.toString(), bad.toString()));
            case "truncated" -> {
                String json = Files.readString(b);
                Files.writeString(bad, json.substring(0, json.length() / 2));
                args.addAll(List.of(a.toString(), bad.toString()));
            }
            case "foreign" -> {
                Files.writeString(bad, "{\"schemaVersion\": 8, \"colour\": \"blue\"}");
                args.addAll(List.of(bad.toString(), a.toString()));
            }
            case "directory" -> args.addAll(List.of(a.toString(), dir.toString()));
            case "one" -> args.add(b.toString());
            case "none" -> { }
            case "unwritable" -> {
                Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
                out = file.resolve("out");
                args.addAll(List.of(a.toString(), b.toString()));
            }
            default -> throw new IllegalArgumentException(kind);
        }
        args.addAll(List.of("--out", out.toString()));
        Cli r = Cli.run(args.toArray(String[]::new));
        Path written = out;
        assertAll(
                () -> assertEquals(exit, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "one line on stderr: " + r.err()),
                () -> assertTrue(r.err().startsWith("observatory compare: ") && r.err().contains(says),
                        "says '" + says + "': " + r.err()),
                () -> assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err()),
                () -> assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out()),
                () -> assertFalse(Files.exists(written), "no output directory created"));
    }
}
