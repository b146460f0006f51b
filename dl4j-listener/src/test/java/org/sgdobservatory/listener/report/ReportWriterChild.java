package org.sgdobservatory.listener.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The child process of {@link KilledDuringReportWriteFaultTest}: writes generation after generation of one report with
 * the listener's own writer ({@link ReportFiles}; in even generations with the sidecar started first on its own
 * thread, as the listener's pipeline does) until it is killed, saying on standard output when each write starts
 * and ends. Each generation carries the finding {@code generation <g>}, which tells the parent which one it finds.
 *
 * <p>Arguments: the base report file, the target file, how many times to repeat the base report's parameter rows (to
 * make a write long enough to be interrupted), jsonParameterRows, the first generation.
 */
public final class ReportWriterChild {

    private ReportWriterChild() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        ObservatoryReport base = (ObservatoryReport) ReportJson.readFile(Path.of(args[0]));
        Path target = Path.of(args[1]);
        int replicas = Integer.parseInt(args[2]);
        int jsonRows = Integer.parseInt(args[3]);
        List<ParameterReport> rows = new ArrayList<>();
        for (int k = 0; k < replicas; k++) {
            for (ParameterReport p : base.parameters()) {
                rows.add(new ParameterReport(p.key(), p.index() + (long) k * base.parameters().size(), p.rate(),
                        p.observed(), p.probed(), p.prediction(), p.comparison(), p.drift(), p.verdict()));
            }
        }
        ObservatoryReport big = base.withParameters(rows, java.util.Optional.empty());
        for (long g = Long.parseLong(args[4]); ; g++) {
            System.out.println("start " + g);
            System.out.flush();
            long t0 = System.nanoTime();
            // every other generation as the listener's pipeline writes: the sidecar started first, on its own thread
            java.util.Optional<SidecarWriter.Pending> early = g % 2 == 0
                    ? ReportFiles.startSidecar(target, rows, jsonRows) : java.util.Optional.empty();
            ReportFiles.write(big.withFinding(Finding.of(FindingCode.REFERENCE_ANSWER, "generation " + g)), target,
                    jsonRows, early);
            System.out.println("done " + g + " " + (System.nanoTime() - t0) / 1_000_000);
            System.out.flush();
        }
    }
}
