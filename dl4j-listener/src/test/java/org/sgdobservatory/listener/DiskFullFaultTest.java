package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Fault: the disk fills up during the report write. Simulated by {@link FaultyFileSystem}, which fails the write that
 * crosses a capacity with ENOSPC's message after writing what fitted (a tiny tmpfs gives the same error, but mounting
 * one needs root: the test must run unprivileged). The report stays in memory with REPORT_NOT_WRITTEN, nothing reaches
 * {@code fit}, the previous report file stays whole, and the partly written temporary file is removed; when the disk
 * has room again, the next write leaves exactly the new report and its sidecar.
 */
class DiskFullFaultTest {

    @Test
    void aFullDiskKeepsThePreviousReportAndLeavesNoPartialFile(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("report.json");
        Files.writeString(real, "the previous report");
        FaultyFileSystem fs = new FaultyFileSystem().fail(FaultyFileSystem.Fault.DISK_FULL, 20_000);
        ReportFaultRuns.trainExpectingNotWritten(fs.wrap(real), 2000, "No space left on device");
        assertEquals("the previous report", Files.readString(real), "the previous report is whole");
        assertEquals(List.of("report.json"), ReportFaultRuns.files(dir), "the partial temporary file was removed");
    }

    /**
     * The sidecar and the JSON (about 90 kB here) fit, the page after them (over 1 MB) does not: the JSON report is
     * written and readable, the finding names the page and says the JSON was written, and no partial page is left.
     */
    @Test
    void aPageThatDoesNotFitLeavesTheJsonReportAndSaysSo(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("report.json");
        FaultyFileSystem fs = new FaultyFileSystem().fail(FaultyFileSystem.Fault.DISK_FULL, 200_000);
        ObservatoryReport r = ReportFaultRuns.trainExpectingNotWritten(fs.wrap(real), 100, "No space left on device");
        String said = r.findings(FindingCode.REPORT_NOT_WRITTEN).get(0).message();
        assertTrue(said.contains("index.html") && said.contains("was written"), "names the page: " + said);
        String sidecar = r.parameterSidecar().orElseThrow().file();
        assertEquals(List.of("report.json", sidecar), ReportFaultRuns.files(dir), "no partial page is left");
        assertEquals(351, ((ObservatoryReport) ReportJson.readFile(real)).parameters().size(), "readable, every row");
    }

    /**
     * The sidecar (about 65 kB here) fits, the JSON after it does not: the new sidecar is an orphan that no report
     * names, the previous report stays whole, and the next write, with room again, removes the orphan.
     */
    @Test
    void anOrphanSidecarFromAFullDiskIsRemovedByTheNextWrite(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("report.json");
        FaultyFileSystem fs = new FaultyFileSystem().fail(FaultyFileSystem.Fault.DISK_FULL, 80_000);
        ReportFaultRuns.trainExpectingNotWritten(fs.wrap(real), 100, "No space left on device");
        List<String> afterFull = ReportFaultRuns.files(dir);
        assertEquals(1, afterFull.size(), "only the orphan sidecar: " + afterFull);
        assertTrue(afterFull.get(0).matches("report\\.parameters\\.[0-9a-f]{8}\\.csv\\.gz"), "it is: " + afterFull);

        fs.fail(FaultyFileSystem.Fault.NONE, Long.MAX_VALUE);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = ReportFaultRuns.network();
        ObservatoryListener l = ReportFaultRuns.listener(fs.wrap(real), 100).attachTo(net);
        ReportFaultRuns.train(net);
        ObservatoryReport r = l.lastReport().orElseThrow();
        String sidecar = r.parameterSidecar().orElseThrow().file();
        assertEquals(List.of("index.html", "report.json", sidecar), ReportFaultRuns.files(dir),
                "the new report, its page and its sidecar only");
        assertEquals(351, ((ObservatoryReport) ReportJson.readFile(real)).parameters().size(), "readable, every row");
    }
}
