package org.sgdobservatory.listener.report;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.Rehearsal;
import org.sgdobservatory.listener.ScratchDirectory;
import org.sgdobservatory.listener.probe.ProbeThreads;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.SampleReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and compiles the report's writing code while the window is open. In a fresh JVM the first report file pays
 * for it at the window's end: Jackson's serializers of every report record, the parameter table's CSV cells and the
 * page run interpreted until the JIT compiler catches up, about a second of the benchmarks' wide MLP's window end.
 * So when the first listener of a JVM with a report file starts its window, a daemon thread writes a report of
 * made-up numbers ({@link SampleReports#listenerReport()}, its parameter rows repeated up to {@value #ROWS}) the way
 * the real one will be written: the sidecar started early, then the report file, then the page when the listener
 * writes one, into a {@link ScratchDirectory} that is deleted when it is done.
 *
 * <p>It touches neither the network nor ND4J nor the user's files, logs at DEBUG only, and lets no failure out
 * (anything thrown, errors included, is logged at DEBUG and dropped). It runs only where the window's end may use
 * more than one thread ({@code probeThreads}, automatically where ND4J's BLAS leaves a core idle), at most once per
 * JVM, and not when a {@link Rehearsal} is asked for ({@code rehearse(true)}), which writes a whole report itself
 * (even where the rehearsal then declines to run). Its cost to training and its gain are measured in
 * {@code BENCHMARKS.md#window-end-to-report}.
 */
public final class ReportWarmUp {

    /**
     * Parameter rows written, at most: about fifteen thousand cells. On the benchmarks' wide MLP 512, 1 024 and 4 096
     * rows took the same time off the window's end, and 512 cost training least.
     */
    static final int ROWS = 512;

    private static final Logger LOG = LoggerFactory.getLogger(ReportWarmUp.class);
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    private static final String THREAD_NAME = "sgd-observatory-warm-up";

    /**
     * What a warm-up wrote.
     *
     * @param rows the parameter rows of its report
     * @param files the names of the files its directory held when it was done, sorted
     * @param seconds how long it took
     */
    record Written(int rows, List<String> files, double seconds) {
    }

    private static volatile Thread last;
    private static volatile Path lastDirectory;

    private ReportWarmUp() {
    }

    /**
     * Starts the JVM's one warm-up unless it has already been started or {@link #wanted} says no; call on the
     * training thread once the window has started. Never throws.
     *
     * @param config the listener's configuration
     * @param tracked the tracked parameters (the real report's rows)
     */
    public static void maybeStart(ObservatoryConfig config, int tracked) {
        try {
            if (wanted(config) && CLAIMED.compareAndSet(false, true)) {
                Thread thread = new Thread(() -> run(config, tracked), THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
                last = thread;
            }
        } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
            LOG.debug("SGD Observatory: no warm-up of the report's code ({})", e.toString());
        }
    }

    /**
     * Whether a warm-up is useful and has a core: a report file to write, no rehearsal asked for, not on a rehearsal's
     * thread, and more than one thread for the window's end.
     */
    static boolean wanted(ObservatoryConfig config) {
        return config.reportFile().isPresent() && !config.rehearse() && !Rehearsal.onThisThread()
                && ProbeThreads.of(config.probing().threads()).limit() > 1;
    }

    /** The warm-up thread started last in this JVM, if any (for tests of the listener's path). */
    static Optional<Thread> last() {
        return Optional.ofNullable(last);
    }

    /** The directory the last warm-up wrote into (deleted by the time it ended), once it has one. */
    static Optional<Path> lastDirectory() {
        return Optional.ofNullable(lastDirectory);
    }

    /** Lets {@link #maybeStart} start one more warm-up in this JVM (for tests of the listener's path). */
    static void allowAnother() {
        CLAIMED.set(false);
    }

    /** The warm-up's body: writes, logs at DEBUG, and drops whatever is thrown. */
    private static void run(ObservatoryConfig config, int tracked) {
        try (ScratchDirectory dir = new ScratchDirectory(THREAD_NAME + "-")) {
            lastDirectory = dir.path();
            Written w = write(dir.path(), config, tracked);
            LOG.debug("SGD Observatory: report code warmed up in {} s ({} s of this thread's CPU time), {} rows",
                    w.seconds(), ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9, w.rows());
        } catch (Throwable e) {
            // whatever went wrong, it stays here: the real report does not depend on the warm-up
            LOG.debug("SGD Observatory: the report's warm-up failed ({}); the real report is not affected",
                    e.toString());
        }
    }

    /**
     * Writes the made-up report into {@code dir} as the real one will be written: its rows in a sidecar started
     * early when the real report's {@code tracked} rows will go to one ({@code jsonParameterRows}), in the report
     * file otherwise; the page when the configuration writes one.
     */
    static Written write(Path dir, ObservatoryConfig config, int tracked) throws Exception {
        long t0 = System.nanoTime();
        ObservatoryReport sample = SampleReports.listenerReport();
        List<ParameterReport> rows = rows(sample.parameters(), Math.min(ROWS, tracked));
        ObservatoryReport report = sample.withParameters(rows, Optional.empty());
        Path json = dir.resolve("report.json");
        boolean sidecar = tracked > config.jsonParameterRows();
        int inJson = sidecar ? 0 : rows.size();
        ObservatoryReport written = ReportFiles.write(report, json, inJson, ReportFiles.startSidecar(json, rows,
                inJson));
        if (config.htmlReport()) {
            HtmlReport.write(written, dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new Written(rows.size(), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** {@code count} rows (at least those given), the given ones repeated with consecutive indices. */
    private static List<ParameterReport> rows(List<ParameterReport> given, int count) {
        int n = Math.max(count, given.size());
        List<ParameterReport> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ParameterReport p = given.get(i % given.size());
            out.add(new ParameterReport(p.key(), i, p.rate(), p.observed(), p.probed(), p.prediction(),
                    p.comparison(), p.drift(), p.verdict()));
        }
        return out;
    }
}
