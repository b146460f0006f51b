package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.ObservatoryConfig.Probe;

/**
 * Bad input everywhere in the builder: every option given an invalid value fails at once with an
 * {@link ObservatorySetupException} whose message is one line naming the option, the value and a remedy
 * ({@code "<option> must be <rule>, was <value>; <remedy>"}). {@link #everyOptionWithAnInvalidValueIsTried} checks
 * that the table covers every public builder method that has an invalid value.
 */
class BuilderBadInputTest {

    @TempDir
    static Path dir;

    /**
     * One bad input.
     *
     * @param option the builder method (and the name the message must start with)
     * @param value how the message must show the value
     * @param apply gives the value to a fresh builder (and builds, for checks made by {@code config()})
     */
    record Bad(String option, String value, Consumer<ObservatoryBuilder> apply) {
        @Override
        public String toString() {
            return option + "(" + value + ")";
        }
    }

    private static final DataSet ONE_EXAMPLE = new DataSet(Nd4j.zeros(DataType.FLOAT, 1, 3),
            Nd4j.zeros(DataType.FLOAT, 1, 1));
    private static final DataSet MISMATCHED = new DataSet(Nd4j.zeros(DataType.FLOAT, 4, 3),
            Nd4j.zeros(DataType.FLOAT, 3, 1));

    static Stream<Bad> badInputs() {
        return Stream.of(
                new Bad("startAtIteration", "-1", b -> b.startAtIteration(-1)),
                new Bad("startAtEpoch", "-1", b -> b.startAtEpoch(-1)),
                new Bad("windowIterations", "-5", b -> b.windowIterations(-5)),
                new Bad("every", "0", b -> b.every(0)),
                new Bad("finishAfterEpochs", "0", b -> b.finishAfterEpochs(0)),
                new Bad("extendWindowUpTo", "-1", b -> b.extendWindowUpTo(-1)),
                new Bad("expectedTrainingIterations", "0", b -> b.expectedTrainingIterations(0)),
                new Bad("memoryBudgetMegabytes", "0.0", b -> b.memoryBudgetMegabytes(0)),
                new Bad("memoryBudgetMegabytes", "NaN", b -> b.memoryBudgetMegabytes(Double.NaN)),
                new Bad("memoryBudgetMegabytes", "Infinity", b -> b.memoryBudgetMegabytes(Double.POSITIVE_INFINITY)),
                new Bad("maxTrackedParameters", "0", b -> b.maxTrackedParameters(0)),
                new Bad("closeUps", "-1", b -> b.closeUps(-1)),
                new Bad("closeUps", "1001", b -> b.closeUps(1001)),
                new Bad("maxLag", "0", b -> b.maxLag(0)),
                new Bad("maxLag", "1025", b -> b.maxLag(1025)),
                new Bad("probes", "null", b -> b.probes((Probe[]) null)),
                new Bad("probes", "[GRADIENT_NOISE, null]", b -> b.probes(Probe.GRADIENT_NOISE, null)),
                new Bad("reservoirBatches", "1", b -> b.reservoirBatches(1)),
                new Bad("reservoirMegabytes", "-1.0", b -> b.reservoirMegabytes(-1)),
                new Bad("reservoirMegabytes", "NaN", b -> b.reservoirMegabytes(Double.NaN)),
                new Bad("perExampleGradients", "-1", b -> b.perExampleGradients(-1)),
                new Bad("hutchinsonProbes", "1", b -> b.hutchinsonProbes(1)),
                new Bad("finiteDifferenceStep", "0.0", b -> b.finiteDifferenceStep(0)),
                new Bad("finiteDifferenceStep", "1.0", b -> b.finiteDifferenceStep(1)),
                new Bad("finiteDifferenceStep", "NaN", b -> b.finiteDifferenceStep(Double.NaN)),
                new Bad("probeThreads", "-1", b -> b.probeThreads(-1)),
                new Bad("fullBlockPredictions", "-1", b -> b.fullBlockPredictions(-1)),
                new Bad("fullBlockPredictions", "1001", b -> b.fullBlockPredictions(1001)),
                new Bad("probeData", "null", b -> b.probeData(null)),
                new Bad("probeData", "1 examples", b -> b.probeData(ONE_EXAMPLE)),
                new Bad("probeData", "4 feature rows and 3 label rows", b -> b.probeData(MISMATCHED)),
                new Bad("probeData", "a DataSet without labels", b -> b.probeData(new DataSet(
                        Nd4j.zeros(DataType.FLOAT, 4, 3), null))),
                new Bad("directions", "-1", b -> b.directions(-1)),
                new Bad("directions", "257", b -> b.directions(257)),
                new Bad("directionMegabytes", "0.0", b -> b.directionMegabytes(0)),
                new Bad("directionMegabytes", "NaN", b -> b.directionMegabytes(Double.NaN)),
                new Bad("directionsEvery", "-1", b -> b.directionsEvery(-1)),
                new Bad("dataOrder", "null", b -> b.dataOrder(null)),
                new Bad("minEffectiveSampleSize", "1.0", b -> b.minEffectiveSampleSize(1)),
                new Bad("minEffectiveSampleSize", "NaN", b -> b.minEffectiveSampleSize(Double.NaN)),
                new Bad("minEffectiveSampleSize", "Infinity", b -> b.minEffectiveSampleSize(Double.POSITIVE_INFINITY)),
                new Bad("predictor", "null", b -> b.predictor(null)),
                new Bad("reportFile", "null", b -> b.reportFile(null)),
                new Bad("reportFile", "''", b -> b.reportFile(Path.of(""))),
                new Bad("reportFile", dir.toString(), b -> b.reportFile(dir)),
                new Bad("jsonParameterRows", "-1", b -> b.jsonParameterRows(-1)),
                new Bad("liveView", "-1", b -> b.liveView(-1)),
                new Bad("liveView", "65536", b -> b.liveView(65_536)),
                new Bad("liveViewAddress", "null", b -> b.liveViewAddress(null)),
                // checks across options, made by config()
                new Bad("windowIterations/every", "100/10", b -> b.windowIterations(100).every(10).config()),
                new Bad("window longer than the training", "windowIterations(800)", b -> b.startAtIteration(500)
                        .windowIterations(800).expectedTrainingIterations(1000).config()),
                new Bad("extendWindowUpTo", "50", b -> b.windowIterations(100).extendWindowUpTo(50).config()),
                new Bad("extendWindowUpTo", "500", b -> b.extendWindowUpTo(500).config()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void anInvalidValueFailsWithOneLineNamingOptionValueAndRemedy(Bad bad) {
        ObservatoryBuilder b = ObservatoryListener.builder();
        ObservatorySetupException e = assertThrows(ObservatorySetupException.class, () -> bad.apply().accept(b),
                bad + " must be refused");
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), bad + ": one line: " + m);
        assertTrue(m.startsWith(bad.option()), bad + ": the message starts with the option: " + m);
        assertTrue(m.contains(bad.value()), bad + ": the message names the value '" + bad.value() + "': " + m);
        int remedy = m.lastIndexOf("; ");
        assertTrue(remedy > 0 && m.length() - remedy > 10, bad + ": a remedy after '; ': " + m);
        System.out.println(bad + " -> " + m);
    }

    /** Options that accept every value of their type: they need no row above. */
    private static final Set<String> NO_INVALID_VALUE = Set.of("seed", "lossSlices", "stopOnNonFinite",
            "startAutomatically", "htmlReport", "rehearse", "config", "build");

    /** The table above tries every builder option that has an invalid value. */
    @Test
    void everyOptionWithAnInvalidValueIsTried() {
        Set<String> tried = badInputs().map(Bad::option).collect(Collectors.toSet());
        Set<String> options = Arrays.stream(ObservatoryBuilder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> untried = new TreeSet<>(options);
        untried.removeAll(tried);
        untried.removeAll(NO_INVALID_VALUE);
        assertEquals(Set.of(), untried, "builder options without a bad-input row (add one, or list the option as"
                + " accepting every value)");
    }
}
