package org.sgdobservatory.sim.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Contract of every bundled {@link Landscape}: gradient = finite differences of value, purity. */
class LandscapeContractTest {

    static Stream<Arguments> landscapes() {
        return Stream.of(
                Arguments.of("diagonal quadratic", QuadraticLandscape.diagonal(0.5, 2.0, 3.0)),
                Arguments.of("full quadratic", QuadraticLandscape.full(new double[][] {{2, 0.5, 0}, {0.5, 1, 0.2}, {0, 0.2, 3}})),
                Arguments.of("double well x3", SeparableLandscape.of(ScalarLoss.doubleWell(1.5), 3)),
                Arguments.of("quartic x3", SeparableLandscape.of(ScalarLoss.quartic(0.7), 3)),
                Arguments.of("mixed separable", SeparableLandscape.of(List.of(
                        ScalarLoss.quadratic(1.0), ScalarLoss.quartic(2.0), ScalarLoss.doubleWell(0.5)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("landscapes")
    void gradientMatchesCentralFiniteDifferencesAndInputsAreNotModified(String name, Landscape landscape) {
        Nd4j.getRandom().setSeed(5);
        INDArray states = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray original = states.dup();
        double[][] gradient = landscape.gradient(states).toDoubleMatrix();
        INDArray inPlace = states.ulike();
        landscape.gradient(states, inPlace);
        double step = 1e-5;
        for (int d = 0; d < 3; d++) {
            INDArray plus = states.dup();
            INDArray minus = states.dup();
            plus.getColumn(d).addi(step);
            minus.getColumn(d).subi(step);
            double[] fd = landscape.value(plus).sub(landscape.value(minus)).divi(2 * step).toDoubleVector();
            for (int c = 0; c < 4; c++) {
                // Central differences err by step^2 |L'''| / 6 ~ 1e-9 for these losses.
                assertEquals(fd[c], gradient[c][d], 1e-6 * Math.max(1, Math.abs(fd[c])),
                        name + ": d L / d x_" + d + " of chain " + c);
            }
        }
        assertArrayEquals(gradient[2], inPlace.toDoubleMatrix()[2], 1e-15, name + ": in-place gradient");
        assertEquals(original, states, name + ": states must not be modified");
    }

    @Test
    void asymmetricHessianIsRejectedWithTheOffendingEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuadraticLandscape.full(new double[][] {{1, 2}, {0, 1}}));
        assertTrue(e.getMessage().contains("symmetric") && e.getMessage().contains("[0][1]"), e.getMessage());
    }

    @Test
    void wrongStateShapeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuadraticLandscape.diagonal(1, 2).gradient(Nd4j.zeros(DataType.DOUBLE, 3, 3)));
        assertTrue(e.getMessage().contains("chains x 2"), e.getMessage());
    }
}
