package org.sgdobservatory.listener.report;

import java.util.List;
import java.util.Optional;

import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.SeedStream;
import org.sgdobservatory.listener.adapter.LiveNetworkState;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.RandomStateScope;
import org.sgdobservatory.listener.judge.DiagonalApproximationJudge;
import org.sgdobservatory.listener.judge.DirectionJudge;
import org.sgdobservatory.listener.judge.JudgeStage;
import org.sgdobservatory.listener.judge.TraceEstimates;
import org.sgdobservatory.listener.predict.BlockPredictions;
import org.sgdobservatory.listener.predict.DirectionPredictions;
import org.sgdobservatory.listener.predict.PredictionStage;
import org.sgdobservatory.listener.predict.UpdateRates;
import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.listener.probe.DirectionNoiseProbe;
import org.sgdobservatory.listener.probe.LimitCycleProbe;
import org.sgdobservatory.listener.probe.ProbeCopy;
import org.sgdobservatory.listener.probe.ProbeMeasurements;
import org.sgdobservatory.listener.probe.ProbeStage;
import org.sgdobservatory.listener.sample.DirectionSampler;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.listener.sample.TraceSampler;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The pipeline after the window: probe, predict, judge, report, in that order, on what the sample stage gathered
 * ({@link ObservationSession}); then the check that the training network is untouched, the file and the log
 * summary. Two parts run beside the others where the machine has idle cores: the noise along the eigen-directions,
 * from the moment the probe copy exists ({@code docs/dl4j-behaviour.md#the-window-end-on-several-threads}), and the
 * parameter table's sidecar, from the moment the parameters are judged. Each stage is a class of its own package;
 * this class only passes their outputs along. Stateless.
 */
public final class ReportPipeline {

    private ReportPipeline() {
    }

    /**
     * What the pipeline needs from the listener.
     *
     * @param config the configuration
     * @param session what was sampled
     * @param window the window (finished)
     * @param findings the findings so far (the stages add theirs)
     * @param callbackNanos time spent in training callbacks
     * @param callbacks callbacks handled
     * @param nonFiniteSamples samples excluded as NaN or infinite
     * @param progress told when each stage starts (the live view shows it)
     */
    public record Input(ObservatoryConfig config, ObservationSession session, ObservationWindow window,
                        Findings findings, long callbackNanos, long callbacks, long nonFiniteSamples,
                        Progress progress) {
    }

    /** Told when each stage starts. */
    @FunctionalInterface
    public interface Progress {
        /** The pipeline entered {@code phase}, described by {@code message}. */
        void stage(LiveSnapshot.LivePhase phase, String message);
    }

    /** Runs the stages and returns the report (also written to the report file, when configured). */
    public static ObservatoryReport run(Input in) {
        long t0 = System.nanoTime();
        ObservatoryConfig config = in.config();
        NetworkAdapter adapter = in.session().adapter();
        LiveNetworkState before = LiveNetworkState.of(adapter);
        ObservatoryReport report;
        EarlySidecar sidecar = new EarlySidecar();
        try {
            // the probe copy's training-mode passes (dropout masks) draw from ND4J's generator: seeded here, restored
            try (RandomStateScope scope = RandomStateScope.seeded(SeedStream.PROBE_PASSES.seed(config.seed()))) {
                report = stages(in, t0, sidecar);
            } finally {
                RandomStateScope.releaseNativeGarbage();
            }
            report = ReportParts.checkUntouched(before, adapter, report);
            report = ReportParts.write(config, report, sidecar.pending);
        } finally {
            // whatever happened, the early sidecar's write has ended before the pipeline returns or throws
            sidecar.pending.ifPresent(SidecarWriter.Pending::abandon);
        }
        SummaryLog.finished(report);
        return report;
    }

    /** The parameter table's sidecar, when its writing started as soon as the parameters were judged. */
    private static final class EarlySidecar {
        private Optional<SidecarWriter.Pending> pending = Optional.empty();
    }

    /** Probe, predict, judge and assemble the report; start writing the parameter table once it is final. */
    private static ObservatoryReport stages(Input in, long t0, EarlySidecar sidecar) {
        ObservatoryConfig config = in.config();
        RunFindings.window(config, in.window(), in.session().sampler(), in.findings());
        DataOrderReport order = in.session().dataOrder().detect(config.judging().dataOrder());
        RunFindings.dataOrder(order, in.findings());
        // the noise along the eigen-directions is measured on other threads, where the machine has them, from the
        // moment the probe copy exists until the directions' report needs it
        Optional<DirectionBasis> basis = in.session().directions().filter(d -> d.moments().count() >= 2)
                .map(DirectionSampler::basis);
        ProbeMeasurements probes = probe(in, order, basis);
        try {
            return reportStages(in, t0, sidecar, probes, order, basis);
        } finally {
            probes.directionNoise().ifPresent(DirectionNoiseProbe.Pending::abandon);
        }
    }

    /** The probe stage on the window's samples, none when fewer than two were taken. */
    private static ProbeMeasurements probe(Input in, DataOrderReport order, Optional<DirectionBasis> basis) {
        in.progress().stage(LiveSnapshot.LivePhase.PROBING, "the window ended (" + in.window().endReason() + "):"
                + " probing gradient noise and curvature on a copy of the network");
        TraceSampler sampler = in.session().sampler();
        TraceMoments moments = sampler.moments();
        if (moments.count() < 2) {
            return ProbeMeasurements.none(sampler.tracked().size());
        }
        return ProbeStage.run(new ProbeStage.Input(in.config(), in.session().adapter(), sampler.tracked().flatIndices(),
                moments.meanTheta(), in.session().reservoir().batches(), sampler.miniBatchSize(),
                in.window().dl4jIteration(), in.window().dl4jEpoch(), order.epochLengthExamples(), basis),
                in.findings());
    }

    /** Predict, judge and assemble the report once the probes are in. */
    private static ObservatoryReport reportStages(Input in, long t0, EarlySidecar sidecar, ProbeMeasurements probes,
                                                  DataOrderReport order, Optional<DirectionBasis> basis) {
        ObservatoryConfig config = in.config();
        NetworkAdapter adapter = in.session().adapter();
        TraceSampler sampler = in.session().sampler();
        TrackedParameters tracked = sampler.tracked();
        TraceMoments moments = sampler.moments();
        Findings findings = in.findings();
        boolean cyclic = order.used() == DataOrder.FIXED_CYCLIC;
        int it = in.window().dl4jIteration();
        int ep = in.window().dl4jEpoch();
        // predict
        in.progress().stage(LiveSnapshot.LivePhase.REPORTING, "predicting, judging and writing the report");
        UpdateRates rates = UpdateRates.of(adapter, tracked, it, ep, probes);
        rates.omissions().forEach(o -> findings.add(FindingCode.REGULARIZATION_OMITTED, o));
        TraceEstimates estimates = TraceEstimates.of(moments, rates.theoryTaus(config.window().every()));
        long batchesPerEpoch = order.epochLengthExamples() > 0 && sampler.miniBatchSize() > 0
                ? order.epochLengthExamples() / sampler.miniBatchSize() : 0;
        double minEss = config.judging().minEffectiveSampleSize();
        List<PredictionReport> predictions = predict(in, probes, order, rates, estimates, batchesPerEpoch);
        // judge
        JudgeStage.Output judged = JudgeStage.run(new JudgeStage.Input(tracked, estimates, rates, probes, predictions,
                cyclic, order.used(), minEss, config.window().every()), findings);
        // the rows are final here (the attribution below changes groups and the summary only): written meanwhile
        List<ParameterReport> rows = judged.parameters();
        sidecar.pending = config.reportFile().flatMap(path -> ReportFiles.startSidecar(path, rows,
                config.jsonParameterRows()));
        // report
        RunFindings.theory(adapter, tracked, predictions, findings);
        double[] observed = estimates.variances();
        List<BlockPredictionReport> blocks = probes.copy().map(copy -> BlockPredictions.of(copy, tracked, rates,
                config.judging().predictor(), order.used(), config.probing().fullBlockMaxParameters(),
                config.probing().finiteDifferenceStep(), config.probing().perExampleGradients(),
                sampler.miniBatchSize(), observed, predictions)).orElse(List.of());
        // the noise along the directions: measured meanwhile when the probes started it, otherwise now
        int b = Math.max(1, sampler.miniBatchSize());
        Optional<double[][]> noise = probes.directionNoise().map(DirectionNoiseProbe.Pending::join)
                .or(() -> basis.flatMap(d -> probes.copy().map(copy -> DirectionNoiseProbe.measure(copy, d, b))));
        Optional<SpectralReport> directions = noise.map(n -> directions(in, n, order, sampler.miniBatchSize(),
                batchesPerEpoch));
        // judge again where the predictions without the diagonal approximation say why a group is inconsistent
        judged = DiagonalApproximationJudge.attribute(judged, blocks, directions, findings);
        boolean slices = lossSlicesWithinBudget(in, probes, findings);
        List<CloseUpReport> closeUps = CloseUpAssembler.assemble(sampler.closeUps(), tracked, judged.parameters(),
                probes.copy(), slices, cyclic);
        return new ObservatoryReport(ObservatoryReport.SCHEMA_VERSION,
                ReportParts.provenance(config, adapter), ReportParts.cost(in, t0),
                ReportParts.window(config, in.window(), sampler, moments.count()), order, probes.report(),
                judged.summary(), judged.groups(), directions, blocks, judged.parameters(), closeUps, findings.list());
    }

    /** The predictions of the tracked parameters, with the limit cycle's where the data order is cyclic. */
    private static List<PredictionReport> predict(Input in, ProbeMeasurements probes, DataOrderReport order,
                                                  UpdateRates rates, TraceEstimates estimates, long batchesPerEpoch) {
        ObservatoryConfig config = in.config();
        TraceSampler sampler = in.session().sampler();
        TrackedParameters tracked = sampler.tracked();
        double minEss = config.judging().minEffectiveSampleSize();
        List<PredictionReport> predicted = PredictionStage.run(new PredictionStage.Input(config.judging().predictor(),
                tracked, rates, probes, order.used(), sampler.miniBatchSize(), batchesPerEpoch,
                i -> estimates.effectiveSampleSize(i) >= minEss, SeedStream.SIMULATION.seed(config.seed())));
        Optional<double[][]> cycle = order.used() == DataOrder.FIXED_CYCLIC && probes.copy().isPresent()
                ? LimitCycleProbe.gradients(probes.copy().get(), in.session().dataOrder(), order.epochLengthExamples(),
                        sampler.miniBatchSize(), tracked.flatIndices(), in.findings())
                : Optional.empty();
        return cycle.map(g -> PredictionStage.withLimitCycles(predicted, g, tracked, rates)).orElse(predicted);
    }

    /** Whether the close-ups get loss slices: asked for, a probe copy, and within the work budget (else a finding). */
    private static boolean lossSlicesWithinBudget(Input in, ProbeMeasurements probes, Findings findings) {
        TraceSampler sampler = in.session().sampler();
        long parameters = in.session().adapter().numParams();
        if (!in.config().tracking().lossSlices() || probes.copy().isEmpty() || sampler.closeUps().size() == 0) {
            return in.config().tracking().lossSlices();
        }
        ProbeCopy copy = probes.copy().get();
        long examples = copy.probes().sliceExamples(copy.examples());
        double perExample = copy.probes().multiplyAddsPerExample(copy.examples());
        double work = CloseUpAssembler.sliceWork(sampler.closeUps().size(), examples, perExample);
        if (work <= CloseUpAssembler.SLICE_WORK_BUDGET) {
            return true;
        }
        findings.add(FindingCode.PROBE_OVER_BUDGET, String.format(java.util.Locale.ROOT, "loss slices skipped:"
                + " %d close-ups x %d points x %d examples per point x %.2e multiply-adds per example's forward pass"
                + " (%d parameters) need about %.1e multiply-adds, over the budget of %.0e (some ten seconds of"
                + " one core); ask for fewer closeUps, give smaller probeData(...) or set lossSlices(false)",
                sampler.closeUps().size(), CloseUpAssembler.SLICE_POINTS, examples, perExample, parameters, work,
                CloseUpAssembler.SLICE_WORK_BUDGET));
        return false;
    }

    /** The eigen-directions' report from the noise along them: the predictions, the verdicts. */
    private static SpectralReport directions(Input in, double[][] noise, DataOrderReport order, int miniBatchSize,
                                             long batchesPerEpoch) {
        DirectionSampler sampler = in.session().directions().orElseThrow();
        DirectionBasis basis = sampler.basis();
        List<PredictionReport> predictions = DirectionPredictions.of(basis, noise, order.used(), miniBatchSize,
                batchesPerEpoch);
        return DirectionJudge.report(basis, sampler, noise, predictions, order.used(),
                in.config().judging().minEffectiveSampleSize(), Math.max(1, miniBatchSize));
    }

    /** Logs that the observatory attached to a network. */
    public static void logAttached(ObservationSession session) {
        SummaryLog.attached(session);
    }

    /** Logs that the window extended itself by {@code added} iterations. */
    public static void logExtended(ObservationWindow window, long added) {
        SummaryLog.extended(window, added);
    }

    /** Logs that the report could not be assembled (training is not affected). */
    public static void logFailure(Throwable e) {
        SummaryLog.failed(e);
    }

}
