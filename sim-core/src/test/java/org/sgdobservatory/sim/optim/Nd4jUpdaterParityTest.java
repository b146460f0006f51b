package org.sgdobservatory.sim.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Acceptance (g): one step of sim-core's Sgd, RmsProp and Nesterovs equals ND4J's own
 * {@code GradientUpdater} (made from {@code new RmsProp(...)} etc.) on the same gradients, to 1e-6
 * relative, over many steps.
 */
class Nd4jUpdaterParityTest {
    private static final int CHAINS = 7;
    private static final int DIMS = 3;
    private static final int STEPS = 300;

    static Stream<Arguments> updaters() {
        return Stream.of(
                Arguments.of("Sgd", new Sgd(0.07), new org.nd4j.linalg.learning.config.Sgd(0.07)),
                Arguments.of("RmsProp", new RmsProp(0.01, 0.95, 1e-8),
                        new org.nd4j.linalg.learning.config.RmsProp(0.01, 0.95, 1e-8)),
                Arguments.of("RmsProp eps 1e-3", new RmsProp(0.2, 0.9, 1e-3),
                        new org.nd4j.linalg.learning.config.RmsProp(0.2, 0.9, 1e-3)),
                Arguments.of("Nesterovs", new Nesterovs(0.05, 0.9),
                        new org.nd4j.linalg.learning.config.Nesterovs(0.05, 0.9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void everyStepEqualsNd4jsUpdater(String name, Updater ours, IUpdater theirs) {
        int n = CHAINS * DIMS;
        long stateSize = theirs.stateSize(n);
        INDArray view = stateSize == 0 ? null : Nd4j.create(DataType.DOUBLE, 1, stateSize);
        org.nd4j.linalg.learning.GradientUpdater<?> reference = theirs.instantiate(view, true);
        GradientUpdater state = ours.instantiate(CHAINS, DIMS);
        Nd4j.getRandom().setSeed(123);
        for (int step = 0; step < STEPS; step++) {
            INDArray gradient = Nd4j.randn(DataType.DOUBLE, CHAINS, DIMS).muli(step % 7 + 0.1);
            INDArray expected = gradient.reshape(1, n).dup();
            reference.applyUpdater(expected, step, 0);
            INDArray actual = gradient.dup();
            state.applyUpdater(actual, step);
            double[] e = expected.data().asDouble();
            double[] a = actual.reshape(1, n).dup().data().asDouble();
            for (int i = 0; i < n; i++) {
                assertEquals(e[i], a[i], 1e-6 * Math.max(Math.abs(e[i]), 1e-12),
                        name + ": update of element " + i + " at step " + step);
            }
        }
    }
}
