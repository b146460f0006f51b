package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.sample.TrackingPlan;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Fault: NaN or infinite gradients at iteration k. The poisoned minibatch k has one label NaN or infinite, so the
 * MSE gradient is NaN or infinite. DL4J applies the step, so the parameters stay
 * non-finite from then on; the listener records a NON_FINITE_GRADIENT finding, excludes the samples, lets training go
 * on (bitwise as without it: the NaN payloads too) and still assembles and writes a readable report, before the window,
 * inside it, with every parameter tracked or a subset. With {@code stopOnNonFinite(true)} it throws from the callback
 * before DL4J applies step k, leaving the parameters of step k - 1.
 */
class NonFiniteGradientFaultTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();
    private static final int ITERATIONS = 150;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("NaN", 10, false),
                Arguments.of("NaN", 100, false),
                Arguments.of("Infinity", 100, false),
                Arguments.of("Infinity", 100, true),
                Arguments.of("NaN", 100, true));
    }

    @ParameterizedTest(name = "{0} at iteration {1}, subset tracked {2}")
    @MethodSource("cases")
    void recordedAsAFindingAndTrainingGoesOn(String kind, int k, boolean subset, @TempDir Path dir) {
        MultiLayerNetwork plain = ReportFaultRuns.network();
        MultiLayerNetwork observed = ReportFaultRuns.network();
        Path file = dir.resolve("report.json");
        ObservatoryBuilder b = ObservatoryListener.builder().startAtIteration(30).windowIterations(100).maxLag(8)
                .reservoirBatches(8).perExampleGradients(32).closeUps(2).directions(2).reportFile(file);
        if (subset) {
            b.memoryBudgetMegabytes(40.5 * TrackingPlan.bytesPerTrackedParameter() / (1024.0 * 1024.0));
        }
        ObservatoryListener l = b.build().attachTo(observed);
        train(plain, kind, k, ITERATIONS);
        train(observed, kind, k, ITERATIONS);

        String what = kind + " at " + k + (subset ? ", subset" : "");
        assertEquals(ITERATIONS, observed.getIterationCount(), what + ": training went on to the end");
        assertTrue(Float.isNaN(observed.params().getFloat(0)) || Float.isInfinite(observed.params().getFloat(0)),
                what + ": the poison reached the parameters (the fault happened)");
        ObservatoryReport r = l.lastReport().orElseThrow(() -> new AssertionError(what + ": a report"));
        assertTrue(l.nonFiniteSamples() > 0, what + ": non-finite samples counted");
        assertTrue(r.findings(FindingCode.NON_FINITE_GRADIENT).size() == 1
                && r.findings(FindingCode.NON_FINITE_GRADIENT).get(0).message().contains("iteration "
                + Math.max(k, 30)), what + ": one finding naming the first iteration seen: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), what + ": no internal failure: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.REPORT_NOT_WRITTEN), what + ": written: " + r.findings());
        assertTrue(r.window().samples() < 100, what + ": the non-finite samples are excluded");
        assertEquals(ReportJson.write(r), ReportJson.write(ReportJson.readFile(file)), what + ": the file reads back");
        TwinRuns.assertIdentical(plain, observed, what);
    }

    @Test
    void stopOnNonFiniteStopsBeforeTheStepIsApplied() {
        MultiLayerNetwork reference = ReportFaultRuns.network();
        train(reference, "none", -1, 100);
        MultiLayerNetwork observed = ReportFaultRuns.network();
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(30).windowIterations(100).maxLag(8)
                .reservoirBatches(8).directions(0).stopOnNonFinite(true).build().attachTo(observed);
        NonFiniteValuesException e = assertThrows(NonFiniteValuesException.class,
                () -> train(observed, "NaN", 100, ITERATIONS), "stopOnNonFinite(true) stops training");
        assertTrue(e.getMessage().contains("iteration 100") && e.getMessage().contains("stopOnNonFinite"),
                "the message names the iteration and the option: " + e.getMessage());
        assertEquals(1, l.nonFiniteSamples(), "recorded before stopping");
        assertEquals(100, observed.getIterationCount(), "step 100 was not applied");
        TwinRuns.assertIdentical(reference, observed, "stopped at 100 vs trained 100 iterations");
    }

    /** Trains {@code iterations} minibatches, minibatch {@code k} poisoned ({@code kind}: NaN, Infinity or none). */
    private static void train(Model m, String kind, int k, int iterations) {
        SamplingIterator it = new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, iterations,
                SamplingIterator.Order.IID, 5);
        for (int i = 0; it.hasNext(); i++) {
            DataSet ds = it.next();
            if (i == k) {
                INDArray y = ds.getLabels().dup();
                y.putScalar(3, 0, kind.equals("NaN") ? Double.NaN : Double.POSITIVE_INFINITY);
                ds = new DataSet(ds.getFeatures(), y);
            }
            ((MultiLayerNetwork) m).fit(ds);
        }
    }
}
