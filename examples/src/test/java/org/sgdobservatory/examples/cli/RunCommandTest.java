package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.report.model.CurvatureMethod;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.GroupReport;
import org.sgdobservatory.report.model.ReportJson;
import org.sgdobservatory.report.model.RunSummary;

/**
 * {@code observatory run} on tiny budgets with {@code --no-html} (the page is checked by {@link EndToEndRunTest}):
 * {@code report.json} read back strictly as report-model's {@link ExampleReport}, and the printed summary checked
 * against the listener's {@link RunSummary} in it; and {@code list}.
 */
class RunCommandTest {

    @Test
    void listShowsEveryExampleOnItsOwnLine() {
        Cli r = Cli.run("list");
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        for (Example e : Examples.all()) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(e.name() + " ") && l.contains(e.title())),
                    "a line names " + e.name() + ": " + r.out());
        }
        assertTrue(r.out().contains("digits") && r.out().contains("(default)"), "the default is marked");
    }

    @Test
    void digitsWithSgdAndRmsPropSideBySide(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("report");
        Cli r = Cli.run("run", "digits", "--optimizer", "sgd,rmsprop", "--epochs", "3", "--window", "80",
                "--tracking-mb", "0.05", "--no-html", "--quiet", "--report", dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport report = read(dir);
        assertEnvelope(report, "digits", "classification", List.of("sgd", "rmsprop"), "trainAccuracy");
        assertFalse(Files.exists(dir.resolve("index.html")), "--no-html writes no page");
        assertTrue(r.out().contains("digits, SGD (") && r.out().contains("digits, RMSProp ("), "a block per run: "
                + r.out());
        assertTrue(r.out().contains("(--no-html: no index.html)"), "says there is no page: " + r.out());
        for (ExampleReport.Run run : report.runs()) {
            SummaryLines.assertPrinted(r.out(), run);
            assertEquals(DataOrder.RESHUFFLED, run.observatory().dataOrder().used(), run.label() + ": order used");
            assertTrue(r.out().contains("data order: used reshuffle, detected "), "data order line: " + r.out());
        }
    }

    @Test
    void cnnTrainsAConvolutionalNetworkTheListenerProbes(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("cnn");
        Cli r = Cli.run("run", "cnn", "--epochs", "3", "--window", "80", "--tracking-mb", "0.05", "--no-html",
                "--quiet", "--report", dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport report = read(dir);
        assertEnvelope(report, "cnn", "classification", List.of("sgd"), "trainAccuracy");
        ExampleReport.Run run = report.runs().get(0);
        List<String> groups = run.observatory().groups().stream().map(GroupReport::key).toList();
        assertAll(
                () -> assertTrue(report.example().description().contains("CNN 8x8x1, conv 3x3x8, max pool 2x2"),
                        report.example().description()),
                // conv 8 x (3x3x1) + 8, dense (3x3x8 -> 32) + 32, output 32 -> 10 + 10
                () -> assertEquals(72 + 8 + 72 * 32 + 32 + 32 * 10 + 10, run.observatory().provenance().numParams(),
                        "parameters"),
                () -> assertTrue(groups.containsAll(List.of("0_W", "0_b", "2_W", "2_b", "3_W", "3_b")),
                        "the convolution's, the dense layer's and the output's groups (1 is the pooling): " + groups),
                () -> assertEquals(CurvatureMethod.SAMPLED_GAUSS_NEWTON, run.observatory().probes()
                        .curvatureMethod(), "ReLU + max pooling: the Gauss-Newton diagonal is the Hessian's"),
                () -> assertTrue(run.observatory().hasFinding(FindingCode.CURVATURE_METHOD), "says how"));
        SummaryLines.assertPrinted(r.out(), run);
    }

    @Test
    void linregStatesTheExactLyapunovAnswer(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("linreg");
        Cli r = Cli.run("run", "linreg", "--epochs", "40", "--window", "600", "--no-html", "--quiet", "--report",
                dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport report = read(dir);
        assertEnvelope(report, "linreg", "regression", List.of("sgd"), "trainMse");
        assertEquals(DataOrder.IID, report.runs().get(0).settings().dataOrder(), "linreg defaults to i.i.d. order");
        List<Finding> exact = report.findings().stream().filter(f -> f.code() == FindingCode.REFERENCE_ANSWER)
                .toList();
        assertEquals(1, exact.size(), "one reference-answer finding: " + report.findings());
        String message = exact.get(0).message();
        assertAll(
                () -> assertTrue(message.startsWith("SGD run: exact discrete Lyapunov answer"), message),
                () -> assertTrue(message.contains("0_W[4]") && message.contains("0_b[0]"),
                        "every parameter compared: " + message),
                () -> assertTrue(message.contains("listener's prediction"), "beside the listener's: " + message),
                () -> assertTrue(r.out().contains("finding [INFO] REFERENCE_ANSWER: SGD run: exact"), "printed: "
                        + r.out()));
    }

    @Test
    void varnormRunsAsADl4jUpdaterTheListenerRecognises(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("iris");
        Cli r = Cli.run("run", "iris", "--optimizer", "varnorm", "--epochs", "200", "--window", "100", "--no-html",
                "--quiet", "--report", dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport report = read(dir);
        assertEnvelope(report, "iris", "classification", List.of("varnorm"), "trainAccuracy");
        ExampleReport.Run run = report.runs().get(0);
        GroupReport first = run.observatory().groups().get(0);
        assertAll(
                () -> assertEquals("VarianceNormalizedSgd", first.updaterClass(), "updater of the first group"),
                () -> assertTrue(run.settings().optimizerParameters().containsKey("averagingDecay"),
                        "the rule's EMA decay is recorded: " + run.settings().optimizerParameters()),
                // the rule runs for window + 2000 iterations rounded up to epochs: ceil(2100 / 12) = 175 of the 200
                () -> assertEquals(25, run.settings().warmStart().orElseThrow().epochs(), "SGD warm-start epochs"),
                () -> assertEquals(200L * (120 / 10), run.training().iterations(),
                        "200 epochs x 12 minibatches of 10 (120 training rows of iris, batch 10)"),
                () -> assertEquals(100, run.observatory().window().samples(), "the window is observed in full"),
                () -> assertFalse(run.observatory().hasFinding(FindingCode.UNSUPPORTED_UPDATER),
                        "the listener has a theory for the rule"),
                () -> assertTrue(r.out().contains("warm start: 25 epochs of SGD"), "warm start printed: " + r.out()));
    }

    /** report.json, read strictly: any field missing, unknown or of the wrong type fails. */
    static ExampleReport read(Path dir) throws IOException {
        return ReportJson.readExampleReport(Files.readString(dir.resolve("report.json")));
    }

    /** The envelope's example, runs and training, as the command line fills them. */
    static void assertEnvelope(ExampleReport r, String example, String task, List<String> optimizers, String metric) {
        assertAll(
                () -> assertEquals(ExampleReport.SCHEMA_VERSION, r.schemaVersion(), "schemaVersion"),
                () -> assertTrue(Instant.parse(r.generatedAt()).isBefore(Instant.now().plusSeconds(1)),
                        "generatedAt is an ISO instant"),
                () -> assertEquals("0.1.0-SNAPSHOT", r.observatoryVersion(), "observatoryVersion"),
                () -> assertEquals(example, r.example().name(), "example.name"),
                () -> assertFalse(r.example().title().isBlank(), "example.title"),
                () -> assertTrue(r.example().description().contains("Architecture: "), "example.description"),
                () -> assertEquals(task, r.example().task(), "example.task"),
                () -> assertTrue(r.example().data().rows() > 0 && r.example().data().features() > 0, "example.data"),
                () -> assertEquals(optimizers, r.runs().stream().map(ExampleReport.Run::optimizer).toList(),
                        "one run per optimizer, in order"));
        for (ExampleReport.Run run : r.runs()) {
            String where = "run " + run.optimizer() + ": ";
            ExampleReport.Training t = run.training();
            assertAll(
                    () -> assertTrue(t.iterations() > run.settings().windowIterations(), where + "iterations > window"),
                    () -> assertTrue(t.seconds() > 0, where + "training.seconds"),
                    () -> assertEquals(t.lossCurve().iteration().size(), t.lossCurve().loss().size(),
                            where + "loss curve arrays of equal length"),
                    () -> assertTrue(t.lossCurve().loss().size() > 2, where + "loss curve has points"),
                    () -> assertTrue(Double.isFinite(t.metrics().get(metric)), where + "metric " + metric),
                    () -> assertEquals(run.settings().seed(), run.observatory().provenance().seed(),
                            where + "the listener got the run's seed"),
                    () -> assertFalse(run.observatory().groups().isEmpty(), where + "listener groups"),
                    () -> assertFalse(run.observatory().parameters().isEmpty(), where + "listener parameters"));
        }
    }
}
