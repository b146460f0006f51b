package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.util.NetworkUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.examples.data.CsvTable;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.examples.network.MinibatchIterator;
import org.sgdobservatory.report.html.ReportBrowserCheck;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.SchemaReportValidator;

/**
 * {@code observatory attach} end to end on models the tests save from the iris example (softmax regression 4-3):
 * one trained and saved by {@code run --save-model} (with its training CSV beside it) continued with the saved
 * updater (its page opened in headless Chromium), one saved with {@code ModelSerializer.writeModel(net, file, true)} as
 * a ComputationGraph and continued with RMSProp replacing its updater; each report read back strictly and validated
 * against the published schema. Then
 * every class of bad input (model, CSV, shapes, options), each one line on standard error with its exit code.
 */
class AttachCommandTest {

    @TempDir
    static Path tmp;

    /** iris trained 30 epochs by {@code run --save-model}, and its training CSV. */
    private static Path savedByRun;
    private static Path savedByRunCsv;
    /** The iris network (initialised, a few epochs of SGD) saved by the test, and the training split as CSV. */
    private static Path model;
    private static Path csv;

    @BeforeAll
    static void saveModels() throws IOException {
        savedByRun = tmp.resolve("saved").resolve("iris.zip");
        Cli r = Cli.run("run", "iris", "--epochs", "30", "--window", "100", "--no-html", "--quiet", "--report",
                tmp.resolve("run-report").toString(), "--save-model", savedByRun.toString());
        assertEquals(0, r.exitCode(), "run --save-model; stderr " + r.err());
        assertTrue(r.out().contains("model: " + savedByRun.toAbsolutePath()), r.out());
        savedByRunCsv = tmp.resolve("saved").resolve("iris.csv");

        Example iris = Examples.named("iris");
        LabelledData train = iris.dataForSeed().apply(42).train();
        MultiLayerNetwork net = new MultiLayerNetwork(iris.network(train.task(), train.featureCount(),
                train.outputCount(), new Sgd(0.3), 5e-2, 42));
        net.init();
        net.fit(new MinibatchIterator(train, 10, DataOrder.RESHUFFLED, 7), 5);
        model = tmp.resolve("iris-mln.zip");
        ModelSerializer.writeModel(net, model.toFile(), true);
        ModelSerializer.writeModel(NetworkUtils.toComputationGraph(net), tmp.resolve("iris-graph.zip").toFile(), true);
        csv = CsvTable.write(train, tmp.resolve("iris-train.csv"));
    }

    @Test
    void continuesASavedNetworkWithItsSavedUpdater() throws IOException, InterruptedException {
        Path dir = tmp.resolve("attach-keep");
        Cli r = Cli.run("attach", savedByRun.toString(), "--data", savedByRunCsv.toString(), "--label", "label",
                "--classes", "3", "--batch", "10", "--epochs", "20", "--window", "120", "--quiet", "--report",
                dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport report = readAndValidate(dir);
        ExampleReport.Run run = report.runs().get(0);
        assertAll(
                () -> assertEquals("iris.zip", report.example().name(), "named after the model file"),
                () -> assertEquals("classification", report.example().task(), "task from --classes"),
                () -> assertEquals(120, report.example().data().rows(), "the CSV's rows"),
                () -> assertEquals(4, report.example().data().features(), "every column but the label"),
                () -> assertEquals("keep", run.optimizer(), "the saved updater was kept"),
                () -> assertEquals("saved Sgd", run.label(), "labelled by the saved updater"),
                () -> assertEquals(0.3, run.settings().learningRate(), 1e-12, "the saved learning rate"),
                () -> assertEquals(0.05, run.settings().l2(), 1e-12, "the saved L2"),
                () -> assertEquals(20L * 12, run.training().iterations(), "20 epochs x 12 minibatches of 10"),
                () -> assertEquals(120, run.observatory().window().samples(), "the window is observed in full"),
                () -> assertEquals(List.of("trainAccuracy"), List.copyOf(run.training().metrics().keySet()),
                        "no test split"),
                () -> assertEquals("MultiLayerNetwork", run.observatory().provenance().networkType(), "network type"),
                () -> assertEquals("Sgd", run.observatory().groups().get(0).updaterClass(), "updater"),
                () -> assertTrue(Files.size(dir.resolve("index.html")) > 10_000, "a page"),
                () -> assertFalse(r.out().contains("NaN"), "no NaN printed: " + r.out()));
        SummaryLines.assertPrinted(r.out(), run);
        ReportBrowserCheck.RenderedPage page = ReportBrowserCheck.assertPageReadsEverything(dir.resolve("index.html"));
        assertTrue(page.text().contains("saved Sgd"), "the page shows the run");
        assertTrue(r.out().startsWith("iris.zip, saved Sgd (lr 0.3, batch 10, 20 epochs, window 120, reshuffle):"
                + " train accuracy "), r.out());
    }

    @Test
    void continuesAComputationGraphWithAnotherOptimizer() throws IOException {
        Path dir = tmp.resolve("attach-graph");
        Cli r = Cli.run("attach", tmp.resolve("iris-graph.zip").toString(), "--data", csv.toString(), "--label",
                "4", "--classes", "3", "--optimizer", "rmsprop", "--lr", "0.003", "--batch", "10", "--epochs", "20",
                "--sampling", "iid", "--no-html", "--quiet", "--report", dir.toString());
        assertEquals(0, r.exitCode(), "exit code; stderr " + r.err());
        ExampleReport.Run run = readAndValidate(dir).runs().get(0);
        assertAll(
                () -> assertEquals("rmsprop", run.optimizer(), "replaced"),
                () -> assertEquals("RMSProp", run.label(), "label"),
                () -> assertEquals(0.003, run.settings().learningRate(), 1e-12, "the given learning rate"),
                () -> assertEquals(0.95, run.settings().optimizerParameters().get("rmsDecay"), 1e-12, "rmsDecay"),
                () -> assertEquals(DataOrder.IID, run.observatory().dataOrder().used(), "--sampling iid"),
                () -> assertEquals(120, run.settings().windowIterations(), "default window: the last half of 240"),
                () -> assertEquals("ComputationGraph", run.observatory().provenance().networkType(), "network type"),
                () -> assertTrue(run.observatory().groups().stream().allMatch(g -> g.updaterClass().equals("RmsProp")),
                        "every group trained with RmsProp"),
                () -> assertFalse(Files.exists(dir.resolve("index.html")), "--no-html"));
        SummaryLines.assertPrinted(r.out(), run);
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource(delimiter = '|', value = {
        "model-missing       | 1 | does not exist",
        "model-not-zip       | 1 | is not a zip file",
        "model-foreign-zip   | 1 | not a DL4J model",
        "model-directory     | 1 | is a directory",
        "csv-missing         | 1 | does not exist",
        "csv-non-numeric     | 1 | line 3, column 'x2' (2 of 5): 'abc' is not a finite number",
        "csv-ragged          | 1 | line 4 has 4 values but the header has 5 columns",
        "csv-header-only     | 1 | no data rows",
        "csv-bad-class       | 1 | line 2, label column 'label': 7 is not a class 0..2",
        "csv-too-few-columns | 1 | has 3 feature columns (all but the label 'label') but the network takes 4 inputs",
        "label-missing       | 2 | --label 'species' is not a column",
        "classes-mismatch    | 2 | --classes 4 but the network has 3 outputs; give --classes 3",
        "no-classes          | 2 | give --classes 3 for classification",
        "optimizer-unknown   | 2 | expected one of keep, sgd, rmsprop, varnorm",
        "optimizer-no-lr     | 2 | --optimizer sgd replaces the saved updater and needs --lr",
        "window-too-long     | 2 | --window 5000 must be shorter than the 240 training iterations",
    })
    void badInputIsOneLineNamingWhatToDo(String kind, int exit, String says, @TempDir Path dir) throws IOException {
        Path m = model;
        Path data = csv;
        String label = "label";
        String[] extra = {"--classes", "3"};
        String header = "x1,x2,x3,x4,label\n";
        switch (kind) {
            case "model-missing" -> m = dir.resolve("none.zip");
            case "model-not-zip" -> m = Files.writeString(dir.resolve("model.zip"), "not a zip");
            case "model-foreign-zip" -> m = foreignZip(dir.resolve("foreign.zip"));
            case "model-directory" -> m = Files.createDirectories(dir.resolve("model-dir"));
            case "csv-missing" -> data = dir.resolve("none.csv");
            case "csv-non-numeric" -> data = Files.writeString(dir.resolve("d.csv"), header + "1,2,3,4,0\n1,abc,3,4,1\n");
            case "csv-ragged" -> data = Files.writeString(dir.resolve("d.csv"), header + "1,2,3,4,0\n1,2,3,4,1\n1,2,3,1\n");
            case "csv-header-only" -> data = Files.writeString(dir.resolve("d.csv"), header);
            case "csv-bad-class" -> data = Files.writeString(dir.resolve("d.csv"), header + "1,2,3,4,7\n");
            case "csv-too-few-columns" -> data = Files.writeString(dir.resolve("d.csv"), "x1,x2,x3,label\n1,2,3,0\n");
            case "label-missing" -> label = "species";
            case "classes-mismatch" -> extra = new String[] {"--classes", "4"};
            case "no-classes" -> extra = new String[0];
            case "optimizer-unknown" -> extra = new String[] {"--classes", "3", "--optimizer", "adam"};
            case "optimizer-no-lr" -> extra = new String[] {"--classes", "3", "--optimizer", "sgd"};
            case "window-too-long" -> extra = new String[] {"--classes", "3", "--batch", "10", "--window", "5000"};
            default -> throw new IllegalArgumentException(kind);
        }
        String[] args = concat(new String[] {"attach", m.toString(), "--data", data.toString(), "--label", label,
                "--epochs", "20", "--quiet", "--report", dir.resolve("report").toString()}, extra);
        Cli r = Cli.run(args);
        assertAll(
                () -> assertEquals(exit, r.exitCode(), "exit code; stderr: " + r.err()),
                () -> assertEquals(1, r.errLines(), "one line on stderr: " + r.err()),
                () -> assertTrue(r.err().startsWith("observatory attach: "), "names the command: " + r.err()),
                () -> assertTrue(r.err().contains(says), "says '" + says + "': " + r.err()),
                () -> assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: "
                        + r.err()),
                () -> assertTrue(r.out().isEmpty(), "nothing ran: " + r.out()),
                () -> assertFalse(Files.exists(dir.resolve("report")), "no report directory"));
    }

    /** report.json read strictly and validated against the published example-report schema. */
    private static ExampleReport readAndValidate(Path dir) throws IOException {
        String json = Files.readString(dir.resolve("report.json"));
        new SchemaReportValidator().check(new ObjectMapper().readTree(json), ExampleReport.class);
        return RunCommandTest.read(dir);
    }

    private static Path foreignZip(Path file) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return file;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
