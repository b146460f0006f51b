package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.report.model.BlockPredictionReport;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.ProbeReport;
import org.sgdobservatory.report.model.RunSummary;
import org.sgdobservatory.report.model.SampleReports;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.WindowReport;

/**
 * Variants of report-model's {@link SampleReports} for the cases the samples do not hold: another run verdict or
 * slope, other eigen-directions (verdicts, eta lambda, none), a close-up of a parameter that is constant in the
 * window, hostile strings. Built through the records'
 * constructors, like the samples.
 */
final class Variants {

    private Variants() {
    }

    /** The listener sample with another run judgement. */
    static ObservatoryReport withRunJudgement(Judgement judgement) {
        ObservatoryReport r = SampleReports.listenerReport();
        RunSummary s = r.summary();
        return withSummary(r, new RunSummary(s.counts(), s.groups(), s.settledGroups(), s.fractionDrifting(),
                s.medianFluctuationDissipationRatio(), s.temperatureNoiseSlope(), s.dataOrderFactor(), judgement));
    }

    /** The listener sample with another run slope and data-order factor. */
    static ObservatoryReport withRunSlope(Slope slope, double dataOrderFactor) {
        ObservatoryReport r = SampleReports.listenerReport();
        RunSummary s = r.summary();
        return withSummary(r, new RunSummary(s.counts(), s.groups(), s.settledGroups(), s.fractionDrifting(),
                s.medianFluctuationDissipationRatio(), slope, dataOrderFactor, s.judgement()));
    }

    private static ObservatoryReport withSummary(ObservatoryReport r, RunSummary summary) {
        return new ObservatoryReport(r.schemaVersion(), r.provenance(), r.cost(), r.window(), r.dataOrder(),
                r.probes(), summary, r.groups(), r.directions(), r.blockPredictions(), r.parameters(), r.closeUps(),
                r.findings());
    }

    /**
     * The listener sample with parameter {@code 0_b[4]} constant in the window (a dead unit's bias: variance 0, no
     * gradient noise, so not predicted; autocorrelation time, ESS and FDR ratio not estimable) and a second close-up
     * of it.
     */
    static ObservatoryReport withConstantCloseUp() {
        ObservatoryReport r = SampleReports.listenerReport();
        List<ParameterReport> params = new ArrayList<>(r.parameters());
        ParameterReport p = params.get(4);
        ParameterReport.Observed o = p.observed();
        params.set(4, new ParameterReport(p.key(), p.index(), p.rate(),
                new ParameterReport.Observed(0.25, new Interval(0, 0, 0, 0), Double.NaN, Double.NaN, Double.NaN,
                        o.autocorrelationMethod(), Double.NaN),
                new ParameterReport.Probed(p.probed().curvature(), p.probed().curvatureMethod(), new Measurement(0, 0),
                        Double.NaN, Double.NaN),
                new PredictionReport(Optional.of(NotPredictedReason.NO_NOISE), Measurement.NONE, Double.NaN,
                        Double.NaN, PredictionMethod.NONE, "no gradient noise: sigma^2_B = 0"),
                new ParameterReport.Comparison(Interval.NONE, 0, Double.NaN),
                new ParameterReport.Drift(Double.NaN, Double.NaN, false),
                Verdict.notJudged(NotJudgedReason.NOT_PREDICTED)));
        List<CloseUpReport> closeUps = new ArrayList<>(r.closeUps());
        closeUps.add(new CloseUpReport("0_b", 4, "smallest spread in 0_b",
                new CloseUpReport.Trace(List.of(100L, 101L, 102L), List.of(0.25, 0.25, 0.25)),
                List.of(Double.NaN, Double.NaN), new CloseUpReport.Histogram(0.25, 0.25, List.of(3L)),
                new CloseUpReport.Densities(List.of(), List.of(), List.of(), List.of(), Double.NaN, Double.NaN,
                        "no spread"), CloseUpReport.Slice.empty()));
        return new ObservatoryReport(r.schemaVersion(), r.provenance(), r.cost(), r.window(), r.dataOrder(),
                r.probes(), r.summary(), r.groups(), r.directions(), r.blockPredictions(), params, closeUps,
                r.findings());
    }

    /**
     * The listener sample with the parts the sample leaves out or fills: two full-block predictions (one not
     * predicted), probes that did not run, a window that never started and a fixed cyclic data order the
     * fingerprints did not detect.
     */
    static ObservatoryReport withOptionalParts() {
        ObservatoryReport r = SampleReports.listenerReport();
        List<BlockPredictionReport> blocks = List.of(
                new BlockPredictionReport("0_b", 2, List.of(1e-4, 2e-4), 1.1, 0.8, Optional.empty(),
                        "full 2x2 Hessian block"),
                new BlockPredictionReport("0_W", 4, List.of(), Double.NaN, Double.NaN,
                        Optional.of(NotPredictedReason.NOT_PROBED), "no curvature"));
        WindowReport w = r.window();
        return new ObservatoryReport(r.schemaVersion(), r.provenance(), r.cost(),
                new WindowReport(-1, -1, 0, w.every(), "the loss to settle", "end of training",
                        w.miniBatchSize(), new WindowReport.Range(Double.NaN, Double.NaN)),
                new DataOrderReport(DataOrder.UNKNOWN, DataOrder.FIXED_CYCLIC, 0, 0, 0,
                        DataOrderReport.Fingerprinting.CAPPED, 0, List.of(), ""),
                ProbeReport.NONE, r.summary(), r.groups(), Optional.empty(), blocks, r.parameters(), r.closeUps(),
                r.findings());
    }

    /** The sample's eigen-directions: three, consistent, inconsistent and not judged (autocorrelation unresolved). */
    static SpectralReport spectrum() {
        return SampleReports.listenerReport().directions().orElseThrow();
    }

    /** The listener sample with other eigen-directions (or none). */
    static ObservatoryReport withDirections(Optional<SpectralReport> directions) {
        ObservatoryReport r = SampleReports.listenerReport();
        return new ObservatoryReport(r.schemaVersion(), r.provenance(), r.cost(), r.window(), r.dataOrder(),
                r.probes(), r.summary(), r.groups(), directions, r.blockPredictions(), r.parameters(), r.closeUps(),
                r.findings());
    }

    /** The sample's directions with another judgement, basis and solve. */
    static SpectralReport spectrum(Judgement judgement, SpectralReport.Basis basis, SpectralReport.Solve solve) {
        SpectralReport s = spectrum();
        return new SpectralReport(basis, s.basisDescription(), solve, s.samples(), s.sampling(), s.directions(),
                judgement, s.temperatureNoiseSlope());
    }

    /** The sample's directions with each direction's verdict replaced, in order ({@code null}: keep it). */
    static SpectralReport spectrumWithVerdicts(Verdict... verdicts) {
        SpectralReport s = spectrum();
        List<DirectionReport> dirs = new ArrayList<>();
        for (int k = 0; k < s.directions().size(); k++) {
            DirectionReport d = s.directions().get(k);
            Verdict v = k < verdicts.length && verdicts[k] != null ? verdicts[k] : d.verdict();
            dirs.add(new DirectionReport(d.index(), d.spectrum(), d.observed(), d.spread(), d.noiseVariance(), d.prediction(),
                    d.comparison(), d.drift(), v, d.histogram()));
        }
        return withList(s, dirs);
    }

    /** The sample's directions with the first direction's {@code eta lambda} replaced. */
    static SpectralReport spectrumWithEtaLambda(double learningRateTimesEigenvalue) {
        SpectralReport s = spectrum();
        List<DirectionReport> dirs = new ArrayList<>(s.directions());
        DirectionReport d = dirs.get(0);
        DirectionReport.Spectrum sp = d.spectrum();
        dirs.set(0, new DirectionReport(d.index(), new DirectionReport.Spectrum(sp.eigenvalue(), sp.residual(),
                sp.converged(), learningRateTimesEigenvalue), d.observed(), d.spread(), d.noiseVariance(), d.prediction(),
                d.comparison(), d.drift(), d.verdict(), d.histogram()));
        return withList(s, dirs);
    }

    /** The sample's directions with another list of directions (the rest unchanged). */
    static SpectralReport withList(SpectralReport s, List<DirectionReport> directions) {
        return new SpectralReport(s.basis(), s.basisDescription(), s.solve(), s.samples(), s.sampling(), directions,
                s.judgement(),
                s.temperatureNoiseSlope());
    }

    /** The example sample with a warm start in its first run's settings. */
    static ExampleReport withWarmStart() {
        ExampleReport e = SampleReports.exampleReport();
        ExampleReport.Run first = e.runs().get(0);
        ExampleReport.Settings s = first.settings();
        ExampleReport.Run warm = new ExampleReport.Run(first.label(), first.optimizer(),
                new ExampleReport.Settings(s.learningRate(), s.batchSize(), s.epochs(), s.windowIterations(),
                        s.dataOrder(), s.l2(), s.seed(), s.optimizerParameters(),
                        Optional.of(new ExampleReport.WarmStart(3, 0.1))), first.training(), first.observatory());
        return new ExampleReport(e.kind(), e.schemaVersion(), e.generatedAt(), e.observatoryVersion(), e.example(),
                List.of(warm, e.runs().get(1)), e.findings());
    }

    /** The example sample with {@code observatory} in every run and the run labels replaced. */
    static ExampleReport example(ObservatoryReport observatory, String... labels) {
        ExampleReport e = SampleReports.exampleReport();
        List<ExampleReport.Run> runs = new ArrayList<>();
        for (int i = 0; i < e.runs().size(); i++) {
            ExampleReport.Run run = e.runs().get(i);
            runs.add(new ExampleReport.Run(i < labels.length ? labels[i] : run.label(), run.optimizer(),
                    run.settings(), run.training(), observatory));
        }
        return new ExampleReport(e.kind(), e.schemaVersion(), e.generatedAt(), e.observatoryVersion(), e.example(),
                runs, e.findings());
    }
}
