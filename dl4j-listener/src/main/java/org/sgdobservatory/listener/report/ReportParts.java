package org.sgdobservatory.listener.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.Rehearsal;
import org.sgdobservatory.listener.adapter.LiveNetworkState;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.listener.sample.TraceSampler;
import org.sgdobservatory.listener.sample.TrackingPlan;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ListenerCost;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.Provenance;
import org.sgdobservatory.report.model.ReportFormatException;
import org.sgdobservatory.report.model.ReportJson;
import org.sgdobservatory.report.model.WindowReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report's bookkeeping sections (provenance, cost, window), the check that the training network is untouched and
 * the report file. Stateless.
 */
final class ReportParts {

    private static final Logger LOG = LoggerFactory.getLogger(ReportParts.class);

    private ReportParts() {
    }

    static Provenance provenance(ObservatoryConfig config, NetworkAdapter adapter) {
        String own = Optional.ofNullable(ReportParts.class.getPackage().getImplementationVersion())
                .orElse("0.1.0-SNAPSHOT");
        String dl4j = Optional.ofNullable(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class.getPackage()
                .getImplementationVersion()).orElse("1.0.0-M2.1 (compiled against)");
        return new Provenance(new Provenance.Versions(own, dl4j, Nd4j.getBackend().getClass().getName(),
                System.getProperty("java.version")), config.seed(), adapter.networkType(), adapter.numParams(),
                config.toJson(), adapter.configurationJson());
    }

    static ListenerCost cost(ReportPipeline.Input in, long t0) {
        return new ListenerCost(in.callbackNanos() / 1e6, (System.nanoTime() - t0) / 1e6, in.callbacks(),
                in.session().sampler().tracked().size(), TrackingPlan.bytesPerTrackedParameter(),
                in.session().bytesHeld());
    }

    static WindowReport window(ObservatoryConfig config, ObservationWindow window, TraceSampler sampler, long samples) {
        return new WindowReport(window.startIteration(), sampler.lastSampled(), samples, config.window().every(),
                window.startReason(), window.endReason(), sampler.miniBatchSize(),
                new WindowReport.Range(sampler.learningRateMin(), sampler.learningRateMax()));
    }

    /**
     * Compares the training network with its fingerprint from before the probes. ND4J's random generator state is
     * restored if it moved; any other difference is an ERROR finding (it would be a bug of the observatory).
     */
    static ObservatoryReport checkUntouched(LiveNetworkState before, NetworkAdapter adapter, ObservatoryReport report) {
        LiveNetworkState after = LiveNetworkState.of(adapter);
        String changed = after.differencesFrom(before);
        if (changed.isEmpty()) {
            return report;
        }
        if (after.randomRootState() != before.randomRootState() || after.randomNodeState() != before.randomNodeState()) {
            Nd4j.getRandom().setStates(before.randomRootState(), before.randomNodeState());
        }
        logError("SGD Observatory: the training network changed while the report was assembled ({}); please report"
                + " this as a bug", changed);
        return report.withFinding(Finding.of(FindingCode.NETWORK_ALTERED, "the training network's " + changed
                + " changed while the observatory assembled its report (the random generator state, if listed, was"
                + " restored); this is a bug of the observatory, please report it with this report"));
    }

    /**
     * Checks the report with the registered validators (none outside the tests) and writes it to the configured
     * file (its per-parameter rows to a sidecar beyond {@code jsonParameterRows}, {@link ReportFiles}), and its page
     * ({@code index.html}) beside it unless the user turned that off; when writing fails for any reason (a directory
     * that cannot be written, a full disk, the path of a directory) the report says so (REPORT_NOT_WRITTEN) and stays
     * available in memory: nothing is thrown into training. A page that fails after the JSON was written gets its own
     * REPORT_NOT_WRITTEN, naming the page and saying the JSON was written.
     *
     * @param sidecar the parameter table's sidecar when its writing has started ({@link ReportFiles#startSidecar})
     * @throws ReportFormatException when a validator rejects the report: a bug of the writer, never of the user
     */
    static ObservatoryReport write(ObservatoryConfig config, ObservatoryReport report,
                                   Optional<SidecarWriter.Pending> sidecar) {
        ReportJson.check(report);
        if (config.reportFile().isEmpty()) {
            return report;
        }
        Path path = config.reportFile().get();
        ObservatoryReport written;
        try {
            written = ReportFiles.write(report, path, config.jsonParameterRows(), sidecar);
        } catch (ReportFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            logError("SGD Observatory could not write its report to {}: {}", path, e.toString());
            return report.withFinding(Finding.of(FindingCode.REPORT_NOT_WRITTEN, "the report could not be written to "
                    + path + " (" + e + "); it is available from listener.report(); make the directory writable, free space"
                    + " or give another file"));
        }
        if (!config.htmlReport()) {
            return written;
        }
        Path page = path.toAbsolutePath().getParent().resolve(HtmlReport.FILE_NAME);
        try {
            HtmlReport.write(written, page.getParent());
            return written;
        } catch (IOException | RuntimeException e) {
            logError("SGD Observatory could not write the report's page to {}: {}", page, e.toString());
            return written.withFinding(Finding.of(FindingCode.REPORT_NOT_WRITTEN, "the report's page could not be"
                    + " written to " + page + " (" + e + "); the JSON report " + path + " was written; make the directory"
                    + " writable or free space, or turn the page off with htmlReport(false)"));
        }
    }

    /** An ERROR line, unless this is a {@link Rehearsal}'s thread (whose report nobody reads). */
    private static void logError(String format, Object... arguments) {
        if (!Rehearsal.onThisThread()) {
            LOG.error(format, arguments);
        }
    }
}
