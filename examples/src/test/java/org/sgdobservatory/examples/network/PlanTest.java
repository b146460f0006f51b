package org.sgdobservatory.examples.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;

/** {@link ExampleRunner#plan}: iterations, the varnorm warm start, and the window check. */
class PlanTest {

    private static RunSettings settings(OptimizerKind o, int batch, int epochs, int window) {
        return new RunSettings(o, 0.1, batch, epochs, window, DataOrder.RESHUFFLED, 0, 1, 0.95, 1e-8, 0.999, 1, false);
    }

    @ParameterizedTest(name = "{0}: n={1}, B={2}, {3} epochs, window {4} -> K={5}, warm {6}")
    @CsvSource({
        // rows, batch, epochs, window -> batches/epoch, warm-start epochs (varnorm: epochs - ceil((window+2000)/K))
        "SGD,     1437, 32, 200, 6000, 44, 0",
        "RMSPROP, 1437, 32, 200, 6000, 44, 0",
        "VARNORM, 1437, 32, 200, 6000, 44, 18",
        "VARNORM,  120, 10, 700, 4000, 12, 200",
        "VARNORM,  120, 10, 200,  100, 12, 25",
        "VARNORM, 1000, 50, 450, 8000, 20, 0",
    })
    void splitsTheRun(OptimizerKind o, int rows, int batch, int epochs, int window, int k, int warm) {
        ExampleRunner.Plan p = ExampleRunner.plan(settings(o, batch, epochs, window), rows);
        assertEquals(k, p.batchesPerEpoch(), "floor(n/B)");
        assertEquals((long) k * epochs, p.totalIterations(), "epochs x K");
        assertEquals(warm, p.warmStartEpochs(), "SGD warm-start epochs");
        assertEquals((long) k * (epochs - warm), p.observableIterations(), "iterations of the observed network");
        assertTrue(p.observableIterations() > window, "the window fits");
    }

    @ParameterizedTest(name = "{0}: window {1} in {2} epochs")
    @CsvSource({"SGD, 500, 10", "VARNORM, 441, 10"})
    void rejectsAWindowThatDoesNotFit(OptimizerKind o, int window, int epochs) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExampleRunner.plan(settings(o, 10, epochs, window), 440));
        assertTrue(e.getMessage().contains("--window " + window), e.getMessage());
    }
}
