package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.predict.PredictionInput;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;

/**
 * Fault: an {@code OutOfMemoryError} while the report is assembled, simulated by a predictor that throws one (what a
 * simulation or a native allocation beyond the memory would do). An {@code Error} is not an {@code Exception}, so this
 * checks that the soft-failure path catches it too. When the window ends inside {@code fit} it is absorbed: training
 * goes on bitwise as without the listener, and {@code report()} then throws an {@code IllegalStateException} whose
 * cause chain ends in the error. Called on demand after training, {@code report()} throws that same kind of exception,
 * never the raw error, and says so again when asked again.
 */
class OutOfMemoryFaultTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();
    private static final int ITERATIONS = 400;

    /** Throws from every prediction and counts the calls (to show the fault did happen). */
    private static class Exhausted implements StationaryPredictor {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public VariancePrediction predict(PredictionInput input) {
            calls.incrementAndGet();
            throw new OutOfMemoryError("simulated: the predictor's simulation needs more heap");
        }
    }

    /** A failed assertion (a bug, with assertions enabled) in place of the out-of-memory error. */
    private static final class Asserting extends Exhausted {
        @Override
        public VariancePrediction predict(PredictionInput input) {
            calls.incrementAndGet();
            throw new AssertionError("simulated: an internal assertion failed");
        }
    }

    private static MultiLayerNetwork network() {
        return FX.mln(new Sgd(0.05), 1);
    }

    private static void train(MultiLayerNetwork net) {
        net.fit(new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, ITERATIONS, SamplingIterator.Order.IID, 4));
    }

    private static ObservatoryBuilder builder(Exhausted predictor) {
        // a fast-mixing linear regression and a low ESS threshold, so that parameters are predicted (and it throws)
        return ObservatoryListener.builder().startAtIteration(100).maxLag(8).reservoirBatches(8)
                .perExampleGradients(32).closeUps(0).directions(0).minEffectiveSampleSize(2).predictor(predictor);
    }

    @Test
    void insideFitTrainingGoesOnAndReportExplains() {
        MultiLayerNetwork plain = network();
        train(plain);
        Exhausted predictor = new Exhausted();
        MultiLayerNetwork observed = network();
        ObservatoryListener l = builder(predictor).windowIterations(250).build().attachTo(observed);
        train(observed);

        assertTrue(predictor.calls.get() > 0, "the predictor was asked (the fault happened)");
        assertTrue(l.lastReport().isEmpty(), "no report was assembled");
        IllegalStateException e = assertThrows(IllegalStateException.class, l::report);
        assertTrue(e.getMessage().contains("could not assemble") && e.getMessage().contains("OutOfMemoryError"),
                "report() says what happened: " + e.getMessage());
        assertInstanceOf(OutOfMemoryError.class, rootCause(e), "the cause chain ends in the error");
        TwinRuns.assertIdentical(plain, observed, "OutOfMemoryError at the window's end inside fit");
    }

    @Test
    void anAssertionErrorInsideFitIsAbsorbedToo() {
        MultiLayerNetwork plain = network();
        train(plain);
        Asserting predictor = new Asserting();
        MultiLayerNetwork observed = network();
        ObservatoryListener l = builder(predictor).windowIterations(250).build().attachTo(observed);
        train(observed);

        assertTrue(predictor.calls.get() > 0, "the predictor was asked (the fault happened)");
        IllegalStateException e = assertThrows(IllegalStateException.class, l::report);
        assertInstanceOf(AssertionError.class, rootCause(e), "the cause chain ends in the error: " + e);
        TwinRuns.assertIdentical(plain, observed, "AssertionError at the window's end inside fit");
    }

    @Test
    void onDemandTheErrorBecomesAnIllegalStateException() {
        MultiLayerNetwork plain = network();
        train(plain);
        Exhausted predictor = new Exhausted();
        MultiLayerNetwork observed = network();
        ObservatoryListener l = builder(predictor).windowIterations(0).build().attachTo(observed);
        train(observed);

        IllegalStateException e = assertThrows(IllegalStateException.class, l::report);
        assertTrue(predictor.calls.get() > 0, "the predictor was asked (the fault happened)");
        assertInstanceOf(OutOfMemoryError.class, rootCause(e), "the cause chain ends in the error: " + e);
        IllegalStateException again = assertThrows(IllegalStateException.class, l::report, "asked again");
        assertInstanceOf(OutOfMemoryError.class, rootCause(again), "the same explanation: " + again);
        TwinRuns.assertIdentical(plain, observed, "OutOfMemoryError in report() after training");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
