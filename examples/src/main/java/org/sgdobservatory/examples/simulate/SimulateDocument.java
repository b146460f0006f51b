package org.sgdobservatory.examples.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

import org.sgdobservatory.report.model.ReportJson;

/**
 * The JSON document of a {@code simulate} run (field reference in {@code examples/README.md}), written with
 * {@link ReportJson#write}: every list holds one entry per dimension, and a number that is absent (no closed form)
 * or not finite (a diverged run) is NaN here and {@code null} in the JSON, so the output is strict JSON.
 *
 * @param schema always {@link #SCHEMA}
 * @param config every setting, as parsed
 * @param observed what the chains did
 * @param predicted the closed forms
 * @param ratio observed over predicted
 * @param gibbs whether the stationary state has one temperature (Gibbs in the loss)
 * @param gibbsTest the one-temperature test behind {@code gibbs}, when it was run
 * @param findings sentences explaining every absent number and caveat
 */
public record SimulateDocument(String schema, Config config, Observed observed, Predicted predicted, Ratio ratio,
                               boolean gibbs, Optional<GibbsTestResult> gibbsTest, List<String> findings) {

    /** Version tag of the document layout. */
    public static final String SCHEMA = "sgd-observatory/simulate/1";

    /** Validates and copies. */
    public SimulateDocument {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(ratio, "ratio");
        Objects.requireNonNull(gibbsTest, "gibbsTest");
        findings = List.copyOf(findings);
    }

    /** The document of a finished run. */
    public static SimulateDocument of(SimulateReport report) {
        List<DimensionResult> dims = report.dimensions();
        Observed observed = new Observed(each(dims, r -> r.observedMean().value()),
                each(dims, r -> r.observedVariance().value()), each(dims, r -> r.observedVariance().standardError()),
                each(dims, r -> r.observedTemperature().value()),
                each(dims, r -> r.observedTemperature().standardError()), report.finite(), report.seconds());
        Predicted predicted = new Predicted(each(dims, r -> orNaN(r.predictedVariance())),
                dims.stream().map(DimensionResult::predictedMethod).toList(),
                each(dims, r -> orNaN(r.predictedVarianceIid())), each(dims, r -> orNaN(r.predictedVarianceSde())),
                each(dims, r -> orNaN(r.predictedTemperature())));
        Ratio ratio = new Ratio(each(dims, r -> r.observedVariance().value() / orNaN(r.predictedVariance())));
        Optional<GibbsTestResult> test = report.gibbsTest().map(t -> new GibbsTestResult(t.pValue(), t.chiSquared(),
                t.degreesOfFreedom(), t.pooledTemperature().value(), t.pooledTemperature().standardError(),
                t.maxMinRatio(), t.significanceLevel()));
        return new SimulateDocument(SCHEMA, Config.of(report.spec()), observed, predicted, ratio, report.gibbs(), test,
                report.findings());
    }

    private static List<Double> each(List<DimensionResult> dims, Function<DimensionResult, Double> value) {
        return dims.stream().map(value).toList();
    }

    private static double orNaN(OptionalDouble value) {
        return value.orElse(Double.NaN);
    }

    /**
     * Every setting of the run.
     *
     * @param loss {@code quadratic}, {@code quartic} or {@code double-well}
     * @param curvature per dimension: {@code h}, the quartic coefficient or the barrier height
     * @param noiseVariance per dimension, the per-step noise variance
     * @param optimizer {@code sgd}, {@code rmsprop} or {@code varnorm}
     * @param lr the learning rate ({@code eta'} for varnorm)
     * @param rmsDecay RMSProp's decay
     * @param epsilon RMSProp's epsilon
     * @param chains independent chains
     * @param steps recorded steps
     * @param burnIn discarded steps
     * @param seed the seed
     * @param examples finite data: number of examples ({@code null} without finite data)
     * @param batch finite data: minibatch size ({@code null} without finite data)
     * @param sampling {@code iid}, {@code reshuffle} or {@code cyclic}; {@code iid-gaussian-noise} without finite data
     */
    public record Config(String loss, List<Double> curvature, List<Double> noiseVariance, String optimizer, double lr,
                         double rmsDecay, double epsilon, int chains, int steps, int burnIn, long seed,
                         Optional<Integer> examples, Optional<Integer> batch, String sampling) {

        /** Copies the lists. */
        public Config {
            curvature = List.copyOf(curvature);
            noiseVariance = List.copyOf(noiseVariance);
            Objects.requireNonNull(examples, "examples");
            Objects.requireNonNull(batch, "batch");
        }

        static Config of(SimulationSpec s) {
            Optional<FiniteData> f = s.finiteData();
            return new Config(s.loss().cliName(), s.scale(), s.noiseVariance(), s.optimizer().cliName(),
                    s.learningRate(), s.rmsDecay(), s.epsilon(), s.chains(), s.steps(), s.burnIn(), s.seed(),
                    f.map(FiniteData::examples), f.map(FiniteData::batchSize),
                    f.map(d -> DataOrderNames.cliName(d.order())).orElse("iid-gaussian-noise"));
        }
    }

    /**
     * What the chains did, per dimension.
     *
     * @param mean stationary mean
     * @param variance stationary variance (population form), pooled over chains and recorded steps
     * @param varianceStandardError its standard error from 32 independent chain groups
     * @param temperature {@code h Var} (quadratic) or the Gibbs temperature with the observed mean loss
     * @param temperatureStandardError its standard error
     * @param finite false when a chain diverged
     * @param seconds wall time of the simulation
     */
    public record Observed(List<Double> mean, List<Double> variance, List<Double> varianceStandardError,
                           List<Double> temperature, List<Double> temperatureStandardError, boolean finite,
                           double seconds) {

        /** Copies the lists. */
        public Observed {
            mean = List.copyOf(mean);
            variance = List.copyOf(variance);
            varianceStandardError = List.copyOf(varianceStandardError);
            temperature = List.copyOf(temperature);
            temperatureStandardError = List.copyOf(temperatureStandardError);
        }
    }

    /**
     * The closed forms, per dimension.
     *
     * @param variance the prediction for the run's data order
     * @param varianceMethod which formula produced it ({@code null} when none applies)
     * @param varianceIid the lecture's i.i.d.-minibatch prediction
     * @param varianceSde the continuous-time limit
     * @param temperature the temperature belonging to {@code variance}
     */
    public record Predicted(List<Double> variance, List<Optional<String>> varianceMethod, List<Double> varianceIid,
                            List<Double> varianceSde, List<Double> temperature) {

        /** Copies the lists. */
        public Predicted {
            variance = List.copyOf(variance);
            varianceMethod = List.copyOf(varianceMethod);
            varianceIid = List.copyOf(varianceIid);
            varianceSde = List.copyOf(varianceSde);
            temperature = List.copyOf(temperature);
        }
    }

    /**
     * Observed over predicted, per dimension.
     *
     * @param observedOverPredicted {@code observed.variance / predicted.variance}
     */
    public record Ratio(List<Double> observedOverPredicted) {

        /** Copies the list. */
        public Ratio {
            observedOverPredicted = List.copyOf(observedOverPredicted);
        }
    }

    /**
     * sim-core's one-temperature (Cochran homogeneity) test.
     *
     * @param pValue its p-value
     * @param chiSquared its statistic
     * @param degreesOfFreedom its degrees of freedom
     * @param pooledTemperature the pooled temperature
     * @param pooledTemperatureStandardError its standard error
     * @param maxMinRatio largest over smallest temperature
     * @param significanceLevel the level at which "not Gibbs" is decided
     */
    public record GibbsTestResult(double pValue, double chiSquared, int degreesOfFreedom, double pooledTemperature,
                                  double pooledTemperatureStandardError, double maxMinRatio,
                                  double significanceLevel) {
    }
}
