package org.sgdobservatory.examples.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalDouble;
import org.sgdobservatory.examples.json.Json;

/**
 * The JSON document of a {@code simulate} run (field reference in {@code examples/README.md}):
 * {@code config}, {@code observed}, {@code predicted}, {@code gibbs}, {@code gibbsTest}, {@code findings}.
 * Arrays hold one entry per dimension; a number that is absent or not finite is {@code null}.
 * Stateless and thread-safe.
 */
public final class SimulateJson {

    /** Version tag of the document layout. */
    public static final String SCHEMA = "sgd-observatory/simulate/1";

    private SimulateJson() {
    }

    /** The document as a JSON tree. */
    public static ObjectNode toJson(SimulateReport report) {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.set("config", config(report.spec()));
        List<DimensionResult> dims = report.dimensions();

        ObjectNode observed = root.putObject("observed");
        Json.putArray(observed, "mean", dims.stream().mapToDouble(r -> r.observedMean().value()).toArray());
        Json.putArray(observed, "variance", dims.stream().mapToDouble(r -> r.observedVariance().value()).toArray());
        Json.putArray(observed, "varianceStandardError",
                dims.stream().mapToDouble(r -> r.observedVariance().standardError()).toArray());
        Json.putArray(observed, "temperature",
                dims.stream().mapToDouble(r -> r.observedTemperature().value()).toArray());
        Json.putArray(observed, "temperatureStandardError",
                dims.stream().mapToDouble(r -> r.observedTemperature().standardError()).toArray());
        observed.put("finite", report.finite());
        Json.put(observed, "seconds", report.seconds());

        ObjectNode predicted = root.putObject("predicted");
        Json.putOptionalArray(predicted, "variance", dims.stream().map(DimensionResult::predictedVariance).toList());
        Json.putOptionalStrings(predicted, "varianceMethod", dims.stream().map(DimensionResult::predictedMethod).toList());
        Json.putOptionalArray(predicted, "varianceIid",
                dims.stream().map(DimensionResult::predictedVarianceIid).toList());
        Json.putOptionalArray(predicted, "varianceSde",
                dims.stream().map(DimensionResult::predictedVarianceSde).toList());
        Json.putOptionalArray(predicted, "temperature",
                dims.stream().map(DimensionResult::predictedTemperature).toList());
        Json.putOptionalArray(root.putObject("ratio"), "observedOverPredicted", dims.stream().map(r ->
                r.predictedVariance().isPresent() && r.predictedVariance().getAsDouble() > 0
                        ? OptionalDouble.of(r.observedVariance().value() / r.predictedVariance().getAsDouble())
                        : OptionalDouble.empty()).toList());

        root.put("gibbs", report.gibbs());
        if (report.gibbsTest().isPresent()) {
            var t = report.gibbsTest().get();
            ObjectNode test = root.putObject("gibbsTest");
            Json.put(test, "pValue", t.pValue());
            Json.put(test, "chiSquared", t.chiSquared());
            test.put("degreesOfFreedom", t.degreesOfFreedom());
            Json.put(test, "pooledTemperature", t.pooledTemperature().value());
            Json.put(test, "pooledTemperatureStandardError", t.pooledTemperature().standardError());
            Json.put(test, "maxMinRatio", t.maxMinRatio());
            Json.put(test, "significanceLevel", t.significanceLevel());
        } else {
            root.putNull("gibbsTest");
        }
        Json.putStrings(root, "findings", report.findings());
        return root;
    }

    private static ObjectNode config(SimulationSpec s) {
        ObjectNode c = Json.object();
        c.put("loss", s.loss().cliName());
        Json.putArray(c, "curvature", s.scaleArray());
        Json.putArray(c, "noiseVariance", s.noiseVarianceArray());
        c.put("optimizer", s.optimizer().cliName());
        Json.put(c, "lr", s.learningRate());
        Json.put(c, "rmsDecay", s.rmsDecay());
        Json.put(c, "epsilon", s.epsilon());
        c.put("chains", s.chains());
        c.put("steps", s.steps());
        c.put("burnIn", s.burnIn());
        c.put("seed", s.seed());
        if (s.finiteData().isPresent()) {
            FiniteData f = s.finiteData().get();
            c.put("examples", f.examples());
            c.put("batch", f.batchSize());
            c.put("sampling", f.sampling().cliName());
        } else {
            c.putNull("examples");
            c.putNull("batch");
            c.put("sampling", "iid-gaussian-noise");
        }
        return c;
    }
}
