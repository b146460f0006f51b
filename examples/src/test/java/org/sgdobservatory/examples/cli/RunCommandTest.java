package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.Examples;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code observatory run} end to end on tiny budgets ({@code --no-html}: the renderer lives on another branch),
 * checked against the report envelope of {@code notes/envelope.md}; and {@code list}.
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
        JsonNode report = Json.read(Files.readString(dir.resolve("report.json")));
        assertEnvelope(report, "digits", "classification", List.of("sgd", "rmsprop"), "trainAccuracy");
        assertFalse(Files.exists(dir.resolve("index.html")), "--no-html writes no page");
        assertTrue(r.out().contains("digits, SGD") && r.out().contains("digits, RMSProp"), "a summary per run: "
                + r.out());
        assertTrue(r.out().contains("median obs/pred") && r.out().contains("data order: RESHUFFLED"),
                "summary has ratios and the data order: " + r.out());
        assertTrue(r.out().contains("report: "), "says where the report is: " + r.out());
    }

    @Test
    void linregStatesTheExactLyapunovAnswer(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("linreg");
        Cli r = Cli.run("run", "linreg", "--epochs", "40", "--window", "600", "--no-html", "--quiet", "--report",
                dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        JsonNode report = Json.read(Files.readString(dir.resolve("report.json")));
        assertEnvelope(report, "linreg", "regression", List.of("sgd"), "trainMse");
        assertEquals("iid", report.at("/runs/0/settings/sampling").asText(), "linreg defaults to i.i.d. minibatches");
        JsonNode exact = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("code").asText().equals("EXACT_LYAPUNOV")) {
                exact = f;
            }
        }
        assertTrue(exact != null, "an EXACT_LYAPUNOV finding: " + report.get("findings"));
        String message = exact.get("message").asText();
        assertTrue(message.contains("0_W[4]") && message.contains("0_b[0]"), "every parameter compared: " + message);
        assertTrue(r.out().contains("EXACT_LYAPUNOV"), "printed: " + r.out());
    }

    @Test
    void varnormRunsAsADl4jUpdaterTheListenerRecognises(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("iris");
        Cli r = Cli.run("run", "iris", "--optimizer", "varnorm", "--epochs", "200", "--window", "100", "--no-html",
                "--quiet", "--report", dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        JsonNode report = Json.read(Files.readString(dir.resolve("report.json")));
        assertEnvelope(report, "iris", "classification", List.of("varnorm"), "trainAccuracy");
        assertEquals("VarianceNormalizedSgd", report.at("/runs/0/observatory/groups/0/updater").asText(),
                "updater of the first group");
        assertTrue(report.at("/runs/0/settings/averagingDecay").isNumber(), "the rule's EMA decay is recorded");
        // the rule runs for window + 2000 iterations rounded up to epochs: ceil(2100 / 12) = 175 of the 200
        assertEquals(25, report.at("/runs/0/settings/warmStartEpochs").asInt(), "SGD warm-start epochs");
        assertEquals(200L * (120 / 10), report.at("/runs/0/training/iterations").asLong(),
                "200 epochs x 12 minibatches of 10 (120 training rows of iris, batch 10)");
        assertEquals(100, report.at("/runs/0/observatory/window/samples").asInt(), "the window is observed in full");
        assertFalse(report.at("/runs/0/observatory/findings").toString().contains("UNSUPPORTED_UPDATER"),
                "the listener has a theory for the rule");
    }

    /** The envelope of notes/envelope.md, with the listener's report embedded per run. */
    static void assertEnvelope(JsonNode r, String example, String task, List<String> optimizers, String metric) {
        List<String> labels = new ArrayList<>();
        r.get("runs").forEach(run -> labels.add(run.get("optimizer").asText()));
        assertAll(
                () -> assertEquals(1, r.get("schemaVersion").asInt(), "schemaVersion"),
                () -> assertEquals("sgd-observatory/example-report", r.get("kind").asText(), "kind"),
                () -> assertTrue(Instant.parse(r.get("generatedAt").asText()).isBefore(Instant.now().plusSeconds(1)),
                        "generatedAt is an ISO instant"),
                () -> assertEquals("0.1.0-SNAPSHOT", r.get("observatoryVersion").asText(), "observatoryVersion"),
                () -> assertEquals(example, r.at("/example/name").asText(), "example.name"),
                () -> assertFalse(r.at("/example/title").asText().isBlank(), "example.title"),
                () -> assertFalse(r.at("/example/description").asText().isBlank(), "example.description"),
                () -> assertEquals(task, r.at("/example/task").asText(), "example.task"),
                () -> assertTrue(r.at("/example/data/rows").asInt() > 0, "example.data.rows"),
                () -> assertTrue(r.at("/example/data/features").asInt() > 0, "example.data.features"),
                () -> assertTrue(r.at("/example/data/source").isTextual() && r.at("/example/data/license").isTextual()
                        && r.at("/example/data/citation").isTextual(), "example.data attribution"),
                () -> assertEquals(optimizers, labels, "one run per optimizer, in order"),
                () -> assertTrue(r.get("findings").isArray(), "findings array"));
        for (JsonNode run : r.get("runs")) {
            String where = "run " + run.get("optimizer").asText() + ": ";
            assertAll(
                    () -> assertTrue(run.get("label").isTextual(), where + "label"),
                    () -> assertTrue(run.at("/settings/learningRate").isNumber(), where + "settings.learningRate"),
                    () -> assertTrue(run.at("/settings/batchSize").isInt(), where + "settings.batchSize"),
                    () -> assertTrue(run.at("/settings/windowIterations").isInt(), where + "settings.windowIterations"),
                    () -> assertTrue(run.at("/settings/sampling").isTextual(), where + "settings.sampling"),
                    () -> assertTrue(run.at("/settings/seed").isIntegralNumber(), where + "settings.seed"),
                    () -> assertTrue(run.at("/training/iterations").asLong() > run.at("/settings/windowIterations")
                            .asLong(), where + "training.iterations > window"),
                    () -> assertTrue(run.at("/training/seconds").isNumber(), where + "training.seconds"),
                    () -> assertEquals(run.at("/training/lossCurve/iteration").size(),
                            run.at("/training/lossCurve/loss").size(), where + "loss curve arrays of equal length"),
                    () -> assertTrue(run.at("/training/lossCurve/loss").size() > 2, where + "loss curve has points"),
                    () -> assertTrue(run.at("/training/metrics/" + metric).isNumber(), where + "metric " + metric),
                    () -> assertTrue(run.at("/observatory/schemaVersion").asInt() >= 1, where + "listener report"),
                    () -> assertTrue(run.at("/observatory/groups").size() >= 1, where + "listener groups"),
                    () -> assertTrue(run.at("/observatory/parameters").size() >= 1, where + "listener parameters"));
        }
    }
}
