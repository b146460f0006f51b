package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.LinearRegressionFixture;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Fault: the JVM is killed while it writes a report. A child JVM ({@link ReportWriterChild}) writes generation after
 * generation of a report of 2 106 parameter rows with the listener's writer, alternately with the rows in a sidecar
 * (about 0.4 MB gzipped CSV) and all in the JSON (about 3.8 MB); the parent kills it with {@code destroyForcibly}
 * (SIGKILL, through its {@code ProcessHandle}, so that what it printed before dying can still be read) at a seeded
 * random moment of a write, at least 6 times. After every kill the report file must be the previous
 * generation or the new one, whole (JSON parsed strictly, sidecar checksum and row count verified), never truncated;
 * and the next write must leave exactly the new report (and its sidecar): no temporary file, no orphan sidecar.
 *
 * <p>The kill moment is drawn uniformly over the duration of a write (measured in the first round): fault injection
 * at an arbitrary instant, not a wait for something to happen. Whatever instant it lands on, the assertions are the
 * same; the test also checks that some kills did land inside a write (temporary files left behind), else it would
 * prove nothing. About a third of the kills do (2 of 6 in most runs, 0 of 6 in one: a chance of {@code (2/3)^6}, 9%),
 * so the rounds go on past 6 until one has, up to 18 ({@code (2/3)^18 < 0.1%} of runs end with none).
 */
class KilledDuringReportWriteFaultTest {

    private static final int ROUNDS = 6;
    private static final int MAX_ROUNDS = 18;
    private static final int REPLICAS = 6;

    @Test
    void aKilledWriteLeavesThePreviousOrTheNewReportWholeAndTheNextWriteCleansUp(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base/base.json");
        ObservatoryReport baseReport = baseReport();
        ReportJson.writeFile(baseReport, base);
        Path target = dir.resolve("out/report.json");
        Files.createDirectories(target.getParent());
        SplittableRandom random = new SplittableRandom(20261204);
        long[] writeMillis = {-1, -1};
        long generation = 1;
        int killedMidWrite = 0;
        List<String> log = new ArrayList<>();
        int rounds = 0;
        for (int round = 0; round < MAX_ROUNDS && (round < ROUNDS || killedMidWrite == 0); round++) {
            rounds++;
            int mode = round % 2;
            int jsonRows = mode == 0 ? 100 : Integer.MAX_VALUE;
            long killAt = generation + 1;
            Process child = new ProcessBuilder(javaCommand(base, target, jsonRows, generation))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lastStarted = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                boolean killed = false;
                // after the kill, the lines the child printed before it died tell which write it was in
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] w = line.split(" ");
                    if (w[0].equals("done") && writeMillis[mode] < 0) {
                        writeMillis[mode] = Long.parseLong(w[2]);
                    }
                    if (w[0].equals("start")) {
                        lastStarted = Long.parseLong(w[1]);
                        if (!killed && lastStarted == killAt) {
                            long delay = writeMillis[mode] > 0 ? random.nextLong(writeMillis[mode] + 1) : 0;
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
                            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe
                            child.toHandle().destroyForcibly();
                            killed = true;
                        }
                    }
                }
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
            assertTrue(lastStarted >= killAt, "round " + round + ": the child reached the write of generation "
                    + killAt + " (exit " + child.exitValue() + ")");
            List<String> files = names(target.getParent());
            boolean leftovers = files.stream().anyMatch(n -> n.endsWith(".tmp"));
            long found = generationIn(target);
            log.add("round " + round + (mode == 0 ? " sidecar" : " json") + ": killed writing " + lastStarted
                    + ", found " + found + (leftovers ? ", temporary file left" : "") + " " + files);
            assertTrue(found == lastStarted - 1 || found == lastStarted, "round " + round + ": the report is the"
                    + " previous generation or the new one, whole: found " + found + " while writing " + lastStarted
                    + "; " + files);
            killedMidWrite += leftovers ? 1 : 0;
            generation = lastStarted + 1;
        }
        log.forEach(System.out::println);
        System.out.println("write of " + 351 * REPLICAS + " rows: " + writeMillis[0] + " ms with a sidecar, "
                + writeMillis[1] + " ms all in JSON; killed inside a write (temporary"
                + " file left) in " + killedMidWrite + " of " + rounds + " rounds");
        assertTrue(killedMidWrite >= 1, "at least one kill landed inside a write: " + log);

        ObservatoryReport next = baseReport.withFinding(org.sgdobservatory.report.model.Finding.of(
                FindingCode.REFERENCE_ANSWER, "generation " + generation));
        ObservatoryReport written = ReportFiles.write(next.withParameters(
                ((ObservatoryReport) ReportJson.readFile(target)).parameters(), java.util.Optional.empty()), target, 100);
        assertEquals(List.of("report.json", written.parameterSidecar().orElseThrow().file()).stream().sorted().toList(),
                names(target.getParent()), "the next write leaves the new report and its sidecar only");
        assertEquals(generation, generationIn(target), "and it is the new one");
    }

    /** The generation of the report at {@code target} (read strictly, rows loaded and checked), -1 when absent. */
    private static long generationIn(Path target) {
        if (!Files.exists(target)) {
            return -1;
        }
        ObservatoryReport r = (ObservatoryReport) ReportJson.readFile(target);
        assertEquals(351L * REPLICAS, r.parameters().size(), "every row is there");
        return Long.parseLong(r.findings(FindingCode.REFERENCE_ANSWER).get(0).message().substring("generation ".length()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> javaCommand(Path base, Path target, int jsonRows, long firstGeneration) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ReportWriterChild.class.getName(), base.toString(),
                target.toString(), String.valueOf(REPLICAS), String.valueOf(jsonRows), String.valueOf(firstGeneration));
    }

    /** A real listener report of a 5-50-1 tanh MLP (351 parameters, all tracked). */
    static ObservatoryReport baseReport() {
        LinearRegressionFixture fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(2).updater(new Sgd(0.01)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(fx.d).nOut(50)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(50).nOut(1)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .build());
        net.init();
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(10).windowIterations(32).maxLag(8)
                .reservoirBatches(4).perExampleGradients(16).closeUps(1).directions(0).build().attachTo(net);
        org.nd4j.linalg.dataset.DataSet all = fx.dataSet(DataType.FLOAT);
        for (int i = 0; i < 45; i++) {
            net.fit(TestFixtures.firstRows(all, 10 + i % 3));
        }
        return l.lastReport().orElseThrow();
    }
}
