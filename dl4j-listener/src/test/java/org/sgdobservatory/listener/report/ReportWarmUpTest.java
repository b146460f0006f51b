package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.SamplingIterator;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The report's warm-up: it writes what the real report will write (a sidecar beyond {@code jsonParameterRows}, the
 * page unless it is turned off), its files read back as a report, it runs only with a report file, a second thread
 * and no rehearsal, and from the listener's window start it runs once and leaves no file anywhere.
 */
class ReportWarmUpTest {

    @Test
    void aLargeReportGoesToASidecarBesideTheFileAndThePage(@TempDir Path dir) throws Exception {
        ObservatoryConfig config = ObservatoryListener.builder().reportFile(dir.resolve("unused.json")).config();
        int tracked = config.jsonParameterRows() + 1;
        ReportWarmUp.Written w = ReportWarmUp.write(dir, config, tracked);

        assertEquals(Math.min(ReportWarmUp.ROWS, tracked), w.rows(), "rows");
        assertEquals(3, w.files().size(), "report file, sidecar and page: " + w.files());
        assertEquals("index.html", w.files().get(0), "the page: " + w.files());
        assertEquals("report.json", w.files().get(1), "the report file: " + w.files());
        assertTrue(w.files().get(2).matches("report\\.parameters\\.[0-9a-f]{8}\\.csv\\.gz"), "the sidecar: "
                + w.files());
        ObservatoryReport back = (ObservatoryReport) ReportJson.readFile(dir.resolve("report.json"));
        assertEquals(w.rows(), back.parameters().size(), "the rows read back through the sidecar");
        assertEquals(w.rows() - 1, back.parameters().get(w.rows() - 1).index(), "consecutive indices");
    }

    @Test
    void aSmallReportKeepsItsRowsInTheFileAndNoPageWhenTurnedOff(@TempDir Path dir) throws Exception {
        ObservatoryConfig config = ObservatoryListener.builder().reportFile(dir.resolve("unused.json"))
                .htmlReport(false).config();
        ReportWarmUp.Written w = ReportWarmUp.write(dir, config, 50);

        assertEquals(List.of("report.json"), w.files(), "the report file alone");
        assertEquals(50, ((ObservatoryReport) ReportJson.readFile(dir.resolve("report.json"))).parameters().size(),
                "its rows inline");
    }

    @Test
    void onlyWithAReportFileASecondThreadAndNoRehearsal(@TempDir Path dir) {
        Path file = dir.resolve("report.json");
        assertTrue(ReportWarmUp.wanted(ObservatoryListener.builder().reportFile(file).probeThreads(2).config()),
                "a report file and two threads");
        assertFalse(ReportWarmUp.wanted(ObservatoryListener.builder().probeThreads(2).config()), "no report file");
        assertFalse(ReportWarmUp.wanted(ObservatoryListener.builder().reportFile(file).probeThreads(1).config()),
                "one thread");
        assertFalse(ReportWarmUp.wanted(ObservatoryListener.builder().reportFile(file).probeThreads(2).rehearse(true)
                .config()), "a rehearsal does more");
    }

    /**
     * The listener's path: its window's start starts the warm-up once per JVM; the warm-up's scratch directory is gone
     * when it ends, and the user's directory holds the real report's files only.
     */
    @Test
    void theListenersWindowStartsItOnceAndItLeavesNoFile(@TempDir Path dir) throws Exception {
        Optional<Thread> before = ReportWarmUp.last();
        if (before.isPresent()) {
            before.get().join(); // an earlier test's warm-up: done before this one's starts
        }
        ReportWarmUp.allowAnother();
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(5).windowIterations(64)
                .maxTrackedParameters(20).closeUps(1).directions(0).probeThreads(2)
                .reportFile(dir.resolve("report.json")).build();
        fit(listener);
        Thread started = ReportWarmUp.last().filter(t -> before.map(b -> b != t).orElse(true))
                .orElseThrow(() -> new AssertionError("the window's start started a warm-up"));
        assertEquals("sgd-observatory-warm-up", started.getName(), "its thread");
        started.join();
        assertTrue(listener.lastReport().isPresent(), "the real report");
        Path scratch = ReportWarmUp.lastDirectory().orElseThrow(() -> new AssertionError("it had a directory"));
        assertFalse(Files.exists(scratch), "its directory " + scratch + " is gone");
        assertFalse(scratch.startsWith(dir), "its directory is not the user's");

        fit(ObservatoryListener.builder().startAtIteration(5).windowIterations(64).maxTrackedParameters(20)
                .directions(0).probeThreads(2).reportFile(dir.resolve("second.json")).build());
        assertSame(started, ReportWarmUp.last().orElseThrow(), "once per JVM");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.map(p -> p.getFileName().toString()).allMatch(n -> n.startsWith("report.")
                    || n.startsWith("second.") || n.equals("index.html")), "the real reports' files only");
        }
    }

    private static void fit(ObservatoryListener listener) {
        MultiLayerNetwork net = TestFixtures.smallMlp(Activation.TANH);
        listener.attachTo(net);
        net.fit(new SamplingIterator(TestFixtures.independentFeatures().dataSet(DataType.FLOAT), 10, 80,
                SamplingIterator.Order.IID, 7));
    }
}
