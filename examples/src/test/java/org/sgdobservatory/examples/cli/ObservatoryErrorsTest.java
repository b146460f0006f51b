package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Usage errors exit with 2 and run failures with 1, each with exactly one line on standard error that
 * names the offending flag or value, and never a stack trace.
 */
class ObservatoryErrorsTest {

    @ParameterizedTest(name = "{0} -> exit {1}, mentions {2}")
    @CsvSource(delimiter = '|', value = {
        "frobnicate                                        | 2 | frobnicate",
        "simulate --lr abc                                 | 2 | --lr",
        "simulate --chains 1.5                             | 2 | --chains",
        "simulate --curvature 0.5,x                        | 2 | --curvature",
        "simulate --curvature 1,2,3 --noise-variance 1,2   | 2 | --noise-variance",
        "simulate --loss banana                            | 2 | double-well",
        "simulate --optimizer adam                         | 2 | varnorm",
        "simulate --sampling shuffled --examples 10 --batch 2 | 2 | --sampling",
        "simulate --examples 10                            | 2 | --batch",
        "simulate --examples 10 --batch 3 --sampling cyclic | 2 | multiple of --batch",
        "simulate --noise-variance -1,1                    | 2 | --noise-variance[0]",
        "simulate --lr 0                                   | 2 | --lr",
        "simulate --frobnicate 3                           | 2 | --frobnicate",
        "''                                                | 2 | missing command",
        "run mnist                                         | 2 | unknown example 'mnist'",
        "run                                               | 2 | EXAMPLE",
        "run digits --lr abc                               | 2 | --lr",
        "run digits --lr 0                                 | 2 | --lr",
        "run digits --optimizer adam                       | 2 | varnorm",
        "run digits --sampling shuffled                    | 2 | --sampling",
        "run digits --epochs 0                             | 2 | --epochs",
        "run digits --optimizer sgd,rmsprop --lr 1,2,3     | 2 | --lr has 3 values",
        "run digits --epochs 2 --window 500                | 2 | --window 500",
        "run digits --weight-decay -1                      | 2 | --weight-decay",
        "run digits --threads 0                            | 2 | --threads",
        "run iris --optimizer sgd,rmsprop --save-model m.zip | 2 | --save-model saves one network",
        "attach                                            | 2 | MODEL.zip",
        "attach m.zip --label y                            | 2 | --data",
        "simulate --threads -2                             | 2 | --threads",
        "run digits --serve 70000                          | 2 | --serve",
        "run digits --serve=abc                            | 2 | --serve",
    })
    void usageErrorsGiveOneLineAndExitTwo(String args, int exit, String mentioned) {
        Cli r = Cli.run(args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        assertAll(
                () -> assertEquals(exit, r.exitCode(), "exit code for '" + args + "'; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "exactly one line on stderr for '" + args + "': " + r.err()),
                () -> assertTrue(r.err().contains(mentioned), "stderr names '" + mentioned + "': " + r.err()),
                () -> assertFalse(r.err().contains("Exception") || r.err().contains("\tat "),
                        "no stack trace: " + r.err()),
                () -> assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out()));
    }

    @Test
    void unwritableReportDirectoryFailsBeforeSimulating(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Cli r = Cli.run("lecture", "--quick", "--quiet", "--report", file.resolve("report").toString());
        assertAll(
                () -> assertEquals(1, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "one line on stderr: " + r.err()),
                () -> assertTrue(r.err().contains("report directory"), "says which directory: " + r.err()),
                () -> assertTrue(r.out().isEmpty(), "no claim ran: " + r.out()));
    }

    @Test
    void unwritableRunReportDirectoryFailsBeforeTraining(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Cli r = Cli.run("run", "digits", "--quiet", "--report", file.resolve("report").toString());
        assertAll(
                () -> assertEquals(1, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "one line on stderr: " + r.err()),
                () -> assertTrue(r.err().contains("report directory"), "says which directory: " + r.err()),
                () -> assertTrue(r.out().isEmpty(), "nothing ran: " + r.out()));
    }

    @ParameterizedTest(name = "render {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "missing    | does not exist",
        "truncated  | not valid JSON",
        "empty      | empty",
        "array      | not a JSON object",
        "old-run    | schemaVersion 1, this version reads 2",
        "old-listener | schemaVersion 2, this version reads 8",
        "not-report | does not match the schema",
        "directory  | is a directory",
    })
    void renderOfABadReportIsOneLineAndWritesNothing(String kind, String says, @TempDir Path tmp) throws IOException {
        Path input = tmp.resolve(kind + ".json");
        switch (kind) {
            case "missing" -> { }
            case "truncated" -> Files.writeString(input, "{\"kind\": \"sgd-observatory/example-report\","
                    + " \"schemaVersion\": 2, \"runs\": [");
            case "empty" -> Files.writeString(input, "");
            case "array" -> Files.writeString(input, "[1, 2]");
            case "old-run" -> Files.writeString(input, "{\"kind\": \"sgd-observatory/example-report\","
                    + " \"schemaVersion\": 1, \"runs\": []}");
            case "old-listener" -> Files.writeString(input, "{\"schemaVersion\": 2, \"parameters\": []}");
            case "not-report" -> Files.writeString(input, "{\"schemaVersion\": 8, \"colour\": \"blue\"}");
            case "directory" -> Files.createDirectories(input);
            default -> throw new IllegalArgumentException(kind);
        }
        Path out = tmp.resolve("out");
        Cli r = Cli.run("render", input.toString(), "--out", out.toString());
        Cli next = Cli.run("render", input.toString());
        assertAll(
                () -> assertEquals(1, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "one line on stderr: " + r.err()),
                () -> assertTrue(r.err().contains(input.toString()) && r.err().contains(says),
                        "names the file and says '" + says + "': " + r.err()),
                () -> assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: "
                        + r.err()),
                () -> assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out()),
                () -> assertFalse(Files.exists(out), "no output directory created"),
                () -> assertEquals(1, next.exitCode(), "without --out too; stderr: " + next.err()),
                () -> assertFalse(Files.exists(tmp.resolve("index.html")), "no page next to the input"),
                () -> assertFalse(Files.exists(input.resolve("index.html")), "no page inside a directory input"));
    }

    @Test
    void listNamesTheScenariosAndTheNetworks() {
        Cli r = Cli.run("list");
        assertAll(
                () -> assertEquals(0, r.exitCode(), "exit code"),
                () -> assertTrue(r.out().contains("double-well"), "lists the simulate losses: " + r.out()),
                () -> assertTrue(r.out().contains("data-order"), "lists the lecture claims: " + r.out()),
                () -> assertTrue(r.out().contains("teacher-student"), "lists the DL4J examples: " + r.out()));
    }

    @ParameterizedTest(name = "observatory {0} --help")
    @CsvSource({"'', --version", "run, --serve", "attach, --label", "render, --out", "compare, --out",
        "simulate, --noise-variance", "lecture, --report", "list, --help"})
    void helpFitsOneScreenWithAnExample(String command, String flag) {
        Cli r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        long lines = r.out().lines().count();
        assertAll(
                () -> assertEquals(0, r.exitCode(), "exit code"),
                () -> assertTrue(r.out().contains(flag), "help lists " + flag + ": " + r.out()),
                () -> assertTrue(lines <= 24, "at most 24 lines, was " + lines + ":\n" + r.out()),
                () -> assertTrue(r.out().lines().allMatch(l -> l.length() <= 100), "lines of at most 100 characters:\n"
                        + r.out()),
                () -> assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("Example")),
                        "an example line:\n" + r.out()));
    }
}
