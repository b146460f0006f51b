package org.sgdobservatory.report.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Report records built in code, every section filled, some numbers NaN and some optionals empty, as real reports have
 * them. Their numbers are made up and never reach a user: the tests of the modules that read reports take them, and
 * the listener's warm-up writes one through the report's own writers, into a directory it deletes, so that the real
 * report finds their code loaded and compiled. Built through the records' constructors, so a schema change that the
 * readers must follow breaks the build here rather than hiding in a stale JSON file.
 */
public final class SampleReports {

    private SampleReports() {
    }

    /** A listener report of a 2-group SGD run with 6 tracked parameters, 4 of them judged. */
    public static ObservatoryReport listenerReport() {
        List<ParameterReport> params = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = i < 4 ? "0_W" : "0_b";
            boolean predicted = i != 5;
            boolean judged = i < 4;
            double var = 1e-4 * (1 + i);
            double pred = var / (0.9 + 0.05 * i);
            Interval ratio = predicted ? new Interval(var / pred, 0.08, var / pred - 0.16, var / pred + 0.16)
                    : Interval.NONE;
            params.add(new ParameterReport(key, i,
                    new ParameterReport.Rate(UpdaterKind.SGD, 0.05, 0.05),
                    new ParameterReport.Observed(0.1 * i, new Interval(var, var * 0.07, var * 0.87, var * 1.15),
                            12.5 + i, 9.1 + i, 480.0 / (12.5 + i), AutocorrelationMethod.BATCH_MEANS, Double.NaN),
                    new ParameterReport.Probed(new Measurement(0.8 + 0.1 * i, 0.0), CurvatureMethod.EXACT_GAUSS_NEWTON,
                            new Measurement(2e-3 * (1 + i), 1.5e-4), 0.4, i == 0 ? Double.NaN : 9.5),
                    predicted
                            ? new PredictionReport(Optional.empty(), new Measurement(pred, pred * 0.06), pred * 3.2,
                                    Double.NaN, PredictionMethod.CLOSED_FORM, "sim-core: exact discrete SGD, random reshuffling")
                            : new PredictionReport(Optional.of(NotPredictedReason.UNSTABLE), Measurement.NONE,
                                    Double.NaN, Double.NaN, PredictionMethod.NONE, "eta h = 2.1 >= 2: unstable"),
                    new ParameterReport.Comparison(ratio, (0.8 + 0.1 * i) * var, 0.48),
                    new ParameterReport.Drift(0.97, 0.3 - 0.2 * i, false),
                    judged ? (ratio.contains(1) ? Verdict.consistent() : Verdict.inconsistent())
                            : Verdict.notJudged(predicted ? NotJudgedReason.WINDOW_TOO_SHORT
                                    : NotJudgedReason.NOT_PREDICTED)));
        }
        Slope slope = new Slope(0.93, 0.11, 6, 1.0, "SGD, reshuffled data: slope 1", 0.1, Verdict.consistent());
        Coverage coverage = new Coverage(4, 3, 0.75, 0.30, 0.95, 0.95);
        Judgement groupW = new Judgement(Verdict.consistent(), coverage, new Interval(1.05, 0.04, 0.97, 1.13),
                "consistent: 3 of 4 judged ratio intervals contain 1");
        Judgement groupB = new Judgement(Verdict.notJudged(NotJudgedReason.TOO_FEW_JUDGED), Coverage.NONE,
                Interval.NONE, "not judged: no parameter of 0_b could be judged (window too short)");
        List<GroupReport> groups = List.of(
                new GroupReport("0_W", "0", "W", UpdaterKind.SGD, "Sgd", new Counts(4, 40, 4, 4),
                        new GroupReport.GroupStatistics(0.98, 0.0, 13.0, 9e-5, 0.47, 0.5, slope, true), groupW),
                new GroupReport("0_b", "0", "b", UpdaterKind.SGD, "Sgd", new Counts(2, 10, 1, 0),
                        new GroupReport.GroupStatistics(1.02, 0.0, 16.0, 4e-4, Double.NaN, 0.5,
                                new Slope(Double.NaN, Double.NaN, 2, 1.0, "SGD: slope 1", Double.NaN,
                                        Verdict.notJudged(NotJudgedReason.TOO_FEW_JUDGED)), false), groupB));
        RunSummary summary = new RunSummary(new Counts(6, 50, 5, 4), 2, 1, 0.0, 0.99, slope, 0.31, groupW);
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("windowIterations", 500).put("every", 1);
        Provenance provenance = new Provenance(new Provenance.Versions("0.1.0-SNAPSHOT", "1.0.0-M2.1",
                "org.nd4j.linalg.cpu.nativecpu.CpuBackend", "17.0.15"), 7, "MultiLayerNetwork", 50, config, "{}");
        CloseUpReport closeUp = new CloseUpReport("0_W", 1, "largest curvature in 0_W",
                new CloseUpReport.Trace(List.of(100L, 101L, 102L), List.of(0.1, 0.11, 0.09)), List.of(1.0, 0.5, 0.2),
                new CloseUpReport.Histogram(0.08, 0.12, List.of(1L, 1L, 1L)),
                new CloseUpReport.Densities(List.of(0.08, 0.1, 0.12), List.of(1.0, 20.0, 1.0), List.of(2.0, 18.0, 2.0),
                        List.of(), 1e-4, Double.NaN, "predicted: normal; Gibbs at the reshuffled temperature"),
                new CloseUpReport.Slice(List.of(-0.02, 0.0, 0.02), List.of(1e-4, 0.0, 1e-4)));
        return new ObservatoryReport(ObservatoryReport.SCHEMA_VERSION, provenance,
                new ListenerCost(12.5, 300.0, 1000, 6, 348, 4096),
                new WindowReport(100, 599, 500, 1, "user: start at iteration 100", "window end after 500 iterations",
                        10, new WindowReport.Range(0.05, 0.05)),
                new DataOrderReport(DataOrder.RESHUFFLED, DataOrder.RESHUFFLED, 100, 100, 700,
                        DataOrderReport.Fingerprinting.ESTABLISHED, 9000, List.of(new DataOrderReport.Recheck(7000, 700,
                        DataOrder.RESHUFFLED, 100)),
                        "each example seen once per epoch of 100, in a new order"),
                new ProbeReport(CurvatureMethod.EXACT_GAUSS_NEWTON, 16, 160, 100, 100, 64,
                        Optional.of(new ProbeReport.NoiseScaling(10, 1.02, 0.37))),
                summary, groups, Optional.of(spectrum()), List.of(), params, List.of(closeUp),
                List.of(Finding.of(FindingCode.SUBSET_TRACKED, "6 of 50 parameters tracked"),
                        Finding.of(FindingCode.WINDOW_TOO_SHORT, "0_b: observe about 2000 more iterations")));
    }

    /** Three directions: one consistent, one inconsistent, one not judged (window too short for a flat one). */
    static SpectralReport spectrum() {
        List<DirectionReport> dirs = new ArrayList<>();
        double[] lambda = {4.0, 1.5, 0.02};
        for (int k = 0; k < 3; k++) {
            double pred = 0.05 * 2e-3 / (lambda[k] * (2 - 0.05 * lambda[k]));
            double var = pred * (k == 1 ? 1.6 : 1.02);
            Interval ratio = new Interval(var / pred, 0.05, var / pred - 0.1, var / pred + 0.1);
            dirs.add(new DirectionReport(k, new DirectionReport.Spectrum(new Measurement(lambda[k], 0.02 * lambda[k]),
                    1e-11, true, 0.05 * lambda[k]),
                    new ParameterReport.Observed(0.0, new Interval(var, 0.04 * var, 0.92 * var, 1.08 * var),
                            k == 2 ? 900 : 1.4, k == 2 ? 500 : 1.2, k == 2 ? 0.6 : 350, k == 2
                            ? AutocorrelationMethod.LOWER_BOUND : AutocorrelationMethod.FAST_COMPONENT, Double.NaN),
                    k == 2 ? DirectionReport.Spread.wholeWindow(DirectionReport.Estimator.WHOLE_WINDOW, var) : new DirectionReport.Spread(
                            DirectionReport.Estimator.WITHIN_BLOCKS, var * 1.03, 1 - 1 / 1.03, 186, 16, 1.02,
                            0.05 * lambda[k] * 0.97),
                    new Measurement(2e-3, 1e-4),
                    new PredictionReport(Optional.empty(), new Measurement(pred, 0.03 * pred), pred * 3, Double.NaN,
                            PredictionMethod.CLOSED_FORM, "sim-core: exact discrete SGD along the direction"),
                    new ParameterReport.Comparison(ratio, lambda[k] * var, 0.5), new ParameterReport.Drift(1.0, 0.1,
                            false),
                    k == 0 ? Verdict.consistent() : k == 1 ? Verdict.inconsistent()
                            : Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED),
                    new CloseUpReport.Histogram(-3 * Math.sqrt(var), 3 * Math.sqrt(var),
                            List.of(2L, 10L, 40L, 90L, 40L, 10L, 2L))));
        }
        return new SpectralReport(SpectralReport.Basis.HESSIAN, "the probe-set loss Hessian, L2 included",
                new SpectralReport.Solve(16, 100, 512, 92, SpectralReport.HessianProducts.EXACT,
                        SpectralReport.Residuals.LANCZOS_ESTIMATE, SpectralReport.StopReason.CONVERGED, 0.4), 480,
                new SpectralReport.Sampling(10, SpectralReport.StrideChoice.TIMED_IN_WINDOW, 0.0025, 0.000025, 0.001), dirs,
                new Judgement(Verdict.notJudged(NotJudgedReason.TOO_FEW_JUDGED), new Coverage(2, 1, 0.5, 0.09, 0.91,
                        0.95), new Interval(1.3, 0.3, 1.02, 1.6), "directions: not judged, because only 2 could be"
                        + " judged"),
                new Slope(1.0, 0.2, 3, 1.0, "the same fit on the predicted temperatures", 0.1, Verdict.consistent()));
    }

    /** An example report with two runs (SGD and RMSProp) around {@link #listenerReport()}. */
    public static ExampleReport exampleReport() {
        ExampleReport.Run sgd = run("SGD", "sgd", Map.of());
        ExampleReport.Run rms = run("RMSProp", "rmsprop", Map.of("rmsDecay", 0.95, "epsilon", 1e-8));
        return new ExampleReport(ExampleReport.KIND, ExampleReport.SCHEMA_VERSION, "2026-12-03T12:00:00Z",
                "0.1.0-SNAPSHOT", new ExampleReport.Example("digits", "Handwritten digits",
                        "A small MLP on 8x8 digits.", "classification", new ExampleReport.Data("UCI digits", 1797, 64,
                                "UCI Machine Learning Repository", "CC BY 4.0", "Alpaydin and Kaynak, 1998")),
                List.of(sgd, rms), List.of(Finding.of(FindingCode.REFERENCE_ANSWER, "no exact reference")));
    }

    private static ExampleReport.Run run(String label, String optimizer, Map<String, Double> params) {
        return new ExampleReport.Run(label, optimizer,
                new ExampleReport.Settings(0.05, 10, 20, 500, DataOrder.RESHUFFLED, 1e-4, 7, params, Optional.empty()),
                new ExampleReport.Training(2000, 20, 3.5, 0.4,
                        new ExampleReport.LossCurve(List.of(1L, 1000L, 2000L), List.of(2.3, 0.4, Double.NaN)),
                        Map.of("trainAccuracy", 0.99, "testAccuracy", 0.97)),
                listenerReport());
    }
}
