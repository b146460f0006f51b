package org.sgdobservatory.listener;

import java.util.Optional;

import org.sgdobservatory.listener.live.LiveFeed;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.report.ProgressLog;
import org.sgdobservatory.listener.report.ReportPipeline;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * Finalisation: ends the window and runs the pipeline's probe, predict, judge and report stages
 * ({@link ReportPipeline}: the file, the log summary), tells the live view, and keeps the report or why it could not
 * be made. From a training callback a failure is recorded and logged, never thrown. Not thread-safe.
 */
final class ReportAssembly {

    private final ObservatoryConfig config;
    private final ObservationWindow window;
    private final Findings findings;
    private final CallbackGuard guard;
    private final Optional<LiveFeed> live;
    private ObservatoryReport lastReport;
    private RuntimeException assemblyFailure;

    ReportAssembly(ObservatoryConfig config, ObservationWindow window, Findings findings, CallbackGuard guard,
                   Optional<LiveFeed> live) {
        this.config = config;
        this.window = window;
        this.findings = findings;
        this.guard = guard;
        this.live = live;
    }

    /**
     * Finalises now.
     *
     * @param reason why the window ended, for the report
     * @param fromCallback whether a training callback finalises (a failure is then kept, not thrown)
     * @param nonFiniteSamples samples excluded as NaN or infinite
     * @throws IllegalStateException when the report cannot be assembled and {@code fromCallback} is false
     */
    void finish(String reason, boolean fromCallback, ObservationSession session, long nonFiniteSamples) {
        window.finish(reason);
        ProgressLog.probing(window);
        try {
            lastReport = ReportPipeline.run(new ReportPipeline.Input(config, session, window, findings,
                    guard.nanos(), guard.calls(), nonFiniteSamples, (phase, message) -> live.ifPresent(l -> l.phase(
                    session, window, phase, message))));
            live.ifPresent(l -> l.finish(lastReport));
        } catch (Exception | OutOfMemoryError | StackOverflowError | LinkageError | AssertionError e) {
            live.ifPresent(l -> l.phase(session, window, LiveSnapshot.LivePhase.FAILED, "the report could not be"
                    + " made: " + e));
            assemblyFailure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            ReportPipeline.logFailure(e);
            if (!fromCallback) {
                throw new IllegalStateException("SGD Observatory could not assemble its report: " + e, e);
            }
        }
    }

    /**
     * The report of the finished window.
     *
     * @throws IllegalStateException when it could not be assembled
     */
    ObservatoryReport report() {
        if (lastReport == null) {
            throw new IllegalStateException("SGD Observatory could not assemble its report: " + assemblyFailure,
                    assemblyFailure);
        }
        return lastReport;
    }

    /** The report of the last finalisation, if any. */
    Optional<ObservatoryReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }
}
