package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.RmsProp;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * Fault: another listener throws. Every 17th call of one of its callbacks throws an {@code IllegalStateException},
 * which DL4J passes out of {@code fit(DataSet)} (the user's own failure: the loop catches it and goes on with the next
 * minibatch). With the observatory attached before or after that listener, training (with the same failing listener,
 * without the observatory) is bitwise identical, the same calls fail, and the observatory still reports with no
 * internal failure: a callback it missed is a sample it does not take, never a corrupt one.
 */
class OtherListenerThrowsFaultTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();

    /** Which callback of the other listener throws, and whether it runs before the observatory's. */
    enum Where {
        FORWARD_PASS_BEFORE, GRADIENT_CALCULATION_BEFORE, GRADIENT_CALCULATION_AFTER, ITERATION_DONE_BEFORE,
        ITERATION_DONE_AFTER
    }

    /** Throws from one callback on every 17th call. */
    private static final class Thrower extends BaseTrainingListener {
        private final Where where;
        private int calls;

        Thrower(Where where) {
            this.where = where;
        }

        private void maybeThrow(String callback) {
            if (where.name().startsWith(callback) && ++calls % 17 == 0) {
                throw new IllegalStateException("the user's listener fails at its call " + calls);
            }
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            maybeThrow("FORWARD_PASS");
        }

        @Override
        public void onGradientCalculation(Model model) {
            maybeThrow("GRADIENT_CALCULATION");
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            maybeThrow("ITERATION_DONE");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Where.class)
    void trainingAndTheReportSurviveAnotherListenersFailure(Where where) {
        MultiLayerNetwork plain = FX.mln(new RmsProp(0.01, 0.95, 1e-8), 1);
        plain.addListeners(new Thrower(where));
        MultiLayerNetwork observed = FX.mln(new RmsProp(0.01, 0.95, 1e-8), 1);
        ObservatoryListener observatory = ObservatoryListener.builder().startAtIteration(20).windowIterations(64)
                .maxLag(8).reservoirBatches(8).directions(2).build();
        TrainingListener thrower = new Thrower(where);
        if (where.name().endsWith("BEFORE")) {
            observed.addListeners(thrower);
            observatory.attachTo(observed);
        } else {
            observatory.attachTo(observed);
            observed.addListeners(thrower);
        }
        int failedPlain = train(plain);
        int failedObserved = train(observed);

        assertTrue(failedPlain > 0, where + ": the other listener did fail");
        assertEquals(failedPlain, failedObserved, where + ": the same calls fail with and without the observatory");
        ObservatoryReport r = observatory.lastReport().orElseThrow(() -> new AssertionError(where + ": a report"));
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), where + ": no internal failure: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.NETWORK_ALTERED), where + ": " + r.findings());
        assertTrue(r.window().samples() >= 55 && r.window().samples() <= 64, where + ": the window's samples, less"
                + " those whose callbacks were cut short: " + r.window().samples());
        TwinRuns.assertIdentical(plain, observed, where.toString());
    }

    /** 150 minibatches, one fit(DataSet) each; returns how many threw. */
    private static int train(MultiLayerNetwork net) {
        SamplingIterator it = new SamplingIterator(FX.dataSet(DataType.FLOAT), 10, 150, SamplingIterator.Order.IID, 5);
        int failed = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            try {
                net.fit(ds);
            } catch (IllegalStateException e) {
                if (!e.getMessage().startsWith("the user's listener fails")) {
                    throw e;
                }
                failed++;
            }
        }
        return failed;
    }
}
