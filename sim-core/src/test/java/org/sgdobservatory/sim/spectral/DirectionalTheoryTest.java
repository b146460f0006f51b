package org.sgdobservatory.sim.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.NesterovsQuadratic1D;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * {@link DirectionalTheory} delegates to the 1-D closed forms, propagates the noise variance's standard
 * error exactly (every closed form is linear in it), and answers "does not apply" with the reason.
 */
class DirectionalTheoryTest {
    private static final Estimate NOISE = new Estimate(0.8, 0.04, 50);

    static Stream<Arguments> delegations() {
        return Stream.of(
                Arguments.of("SGD i.i.d.", DirectionalTheory.iid(new DirectionalOptimizer.Sgd(0.1)), 3.0,
                        SgdQuadratic1D.predict(0.1, 3.0, 0.8)),
                Arguments.of("preconditioned i.i.d.",
                        DirectionalTheory.iid(new DirectionalOptimizer.PreconditionedSgd(0.1)),
                        3.0, SgdQuadratic1D.predict(0.1, 3.0, 0.8)),
                Arguments.of("Nesterovs i.i.d.", DirectionalTheory.iid(new DirectionalOptimizer.Nesterovs(0.01, 0.9)),
                        3.0, NesterovsQuadratic1D.predict(0.01, 0.9, 3.0, 0.8)),
                Arguments.of("SGD reshuffled K=20",
                        DirectionalTheory.reshuffled(new DirectionalOptimizer.Sgd(0.01), 20), 2.0,
                        ReshufflingQuadratic1D.predict(0.01, 2.0, 0.8, 20)),
                Arguments.of("preconditioned reshuffled K=5",
                        DirectionalTheory.reshuffled(new DirectionalOptimizer.PreconditionedSgd(0.2), 5), 2.0,
                        ReshufflingQuadratic1D.predict(0.2, 2.0, 0.8, 5)),
                Arguments.of("SGD without replacement (i.i.d. form)",
                        DirectionalTheory.of(new DirectionalOptimizer.Sgd(0.1), DataOrder.IID_WITHOUT_REPLACEMENT, 0),
                        3.0, SgdQuadratic1D.predict(0.1, 3.0, 0.8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("delegations")
    void delegatesToTheOneDimensionalClosedFormAndPropagatesTheNoiseError(String name, DirectionalTheory theory,
            double curvature, Prediction oneDimensional) {
        DirectionalPrediction p = theory.predict(curvature, NOISE);
        double expected = oneDimensional.stationaryVariance().orElseThrow();
        Estimate variance = p.stationaryVariance().orElseThrow();
        assertEquals(expected, variance.value(), 0.0, name + ": the delegated value, not a copy of the formula");
        // Var = G c with G independent of c, so SE(Var) = G SE(c) = Var SE(c)/c exactly.
        assertEquals(expected * 0.04 / 0.8, variance.standardError(), 1e-15 * expected, name + ": SE(Var)");
        assertEquals(50, variance.effectiveSampleSize(), name + ": ESS of the noise estimate");
        Estimate temperature = p.temperature().orElseThrow();
        assertEquals(curvature * expected, temperature.value(), 1e-15 * expected, name + ": T = l Var");
        assertEquals(curvature * variance.standardError(), temperature.standardError(), 1e-15 * expected,
                name + ": SE(T)");
        assertEquals(theory.optimizer().learningRate() * curvature, p.learningRateTimesCurvature(), 0.0,
                name + ": eta l");
        assertTrue(p.prediction().toString().contains("eigendirection"), name + ": the method names the direction");
    }

    @Test
    void zeroNoiseGivesZeroVarianceWithTheGainTimesItsError() {
        DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.Sgd(0.1));
        DirectionalPrediction p = theory.predict(2.0, new Estimate(0.0, 0.01, 10));
        double gain = SgdQuadratic1D.predict(0.1, 2.0, 1.0).stationaryVariance().orElseThrow();
        assertEquals(0.0, p.stationaryVariance().orElseThrow().value(), 0.0, "Var(c = 0)");
        assertEquals(gain * 0.01, p.stationaryVariance().orElseThrow().standardError(), 1e-16,
                "SE = G SE(c), also at c = 0 where Var SE(c)/c is undefined");
        DirectionalPrediction unknownError = theory.predict(2.0, new Estimate(1.0, Double.NaN, 10));
        assertTrue(Double.isNaN(unknownError.stationaryVariance().orElseThrow().standardError()),
                "an unknown SE stays unknown");
    }

    static Stream<Arguments> notApplicable() {
        DirectionalOptimizer sgd = new DirectionalOptimizer.Sgd(0.5);
        DirectionalOptimizer nesterovs = new DirectionalOptimizer.Nesterovs(0.5, 0.9);
        return Stream.of(
                Arguments.of("eta l = 2.1", DirectionalTheory.iid(sgd), 4.2, 1.0, Prediction.Reason.UNSTABLE),
                Arguments.of("eta l = 2 exactly", DirectionalTheory.iid(sgd), 4.0, 1.0, Prediction.Reason.UNSTABLE),
                Arguments.of("Nesterovs eta l = 1.4 > 1.357", DirectionalTheory.iid(nesterovs), 2.8, 1.0,
                        Prediction.Reason.UNSTABLE),
                Arguments.of("negative eigenvalue", DirectionalTheory.iid(sgd), -0.3, 1.0,
                        Prediction.Reason.NON_POSITIVE_CURVATURE),
                Arguments.of("zero eigenvalue", DirectionalTheory.iid(sgd), 0.0, 1.0,
                        Prediction.Reason.NON_POSITIVE_CURVATURE),
                Arguments.of("NaN eigenvalue", DirectionalTheory.iid(sgd), Double.NaN, 1.0,
                        Prediction.Reason.INVALID_INPUT),
                Arguments.of("negative noise variance", DirectionalTheory.iid(sgd), 1.0, -0.1,
                        Prediction.Reason.INVALID_INPUT),
                Arguments.of("NaN noise variance", DirectionalTheory.iid(sgd), 1.0, Double.NaN,
                        Prediction.Reason.INVALID_INPUT),
                Arguments.of("cyclic order", DirectionalTheory.of(sgd, DataOrder.CYCLIC, 0), 1.0, 1.0,
                        Prediction.Reason.LIMIT_CYCLE),
                Arguments.of("Nesterovs reshuffled", DirectionalTheory.reshuffled(nesterovs, 10), 1.0, 1.0,
                        Prediction.Reason.UNSUPPORTED_OPTIMIZER),
                Arguments.of("reshuffled, eta l = 2.5", DirectionalTheory.reshuffled(sgd, 10), 5.0, 1.0,
                        Prediction.Reason.UNSTABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notApplicable")
    void saysWhyTheTheoryDoesNotApply(String name, DirectionalTheory theory, double curvature, double noise,
            Prediction.Reason reason) {
        DirectionalPrediction p = theory.predict(curvature, new Estimate(noise, 0.1, 10));
        assertFalse(p.isApplicable(), name);
        assertEquals(reason, ((Prediction.NotApplicable) p.prediction()).reason(), name + ": " + p.prediction());
        assertEquals(Optional.empty(), p.stationaryVariance(), name + ": no variance");
        assertEquals(Optional.empty(), p.temperature(), name + ": no temperature");
    }

    @Test
    void predictsManyDirectionsInOrder() {
        DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.Sgd(0.1));
        List<DirectionalPrediction> all = theory.predict(new double[] {5, 1, -1},
                List.of(NOISE, NOISE, NOISE));
        assertEquals(3, all.size(), "one per direction");
        assertEquals(5.0, all.get(0).curvature(), 0.0, "order kept");
        assertFalse(all.get(2).isApplicable(), "the negative direction is not applicable");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> theory.predict(new double[] {1, 2}, List.of(NOISE)));
        assertTrue(e.getMessage().contains("noiseVariances"), e.getMessage());
    }

    @Test
    void invalidConfigurationIsRefusedByName() {
        IllegalArgumentException eta = assertThrows(IllegalArgumentException.class,
                () -> new DirectionalOptimizer.Sgd(Double.NaN));
        assertTrue(eta.getMessage().contains("learningRate"), eta.getMessage());
        IllegalArgumentException mu = assertThrows(IllegalArgumentException.class,
                () -> new DirectionalOptimizer.Nesterovs(0.1, 1.0));
        assertTrue(mu.getMessage().contains("momentum"), mu.getMessage());
        DirectionalOptimizer sgd = new DirectionalOptimizer.Sgd(0.1);
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> DirectionalTheory.reshuffled(sgd, 1));
        assertTrue(k.getMessage().contains("batchesPerEpoch"), k.getMessage());
        IllegalArgumentException inconsistent = assertThrows(IllegalArgumentException.class,
                () -> new DirectionalPrediction(1, NOISE, 0.1, SgdQuadratic1D.predict(0.1, 1, 1), Optional.empty(),
                        Optional.empty()));
        assertTrue(inconsistent.getMessage().contains("stationaryVariance"), inconsistent.getMessage());
    }

    @Test
    void preconditioningChecksItsEntriesAndBuildsTheProbes() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Preconditioning.diagonal(new double[] {1, 0}));
        assertTrue(zero.getMessage().contains("diagonal[1]"), zero.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Preconditioning.varianceNormalized(new double[] {Double.NaN}));
        assertTrue(nan.getMessage().contains("noiseVariances[0]"), nan.getMessage());
        IllegalArgumentException eps = assertThrows(IllegalArgumentException.class,
                () -> Preconditioning.rmsProp(new double[] {0.0}, 0.0));
        assertTrue(eps.getMessage().contains("meanSquareGradients[0]"), eps.getMessage());
        Preconditioning rms = Preconditioning.rmsProp(new double[] {4.0, 0.25}, 1e-8);
        assertEquals(1 / (2 + 1e-8), rms.entry(0), 1e-16, "p = 1/(sqrt(G) + eps)");
        Preconditioning p = Preconditioning.diagonal(new double[] {4.0, 0.25});
        assertArrayEquals(new double[] {2.0, 0.5}, p.noiseProbe(new double[] {1, 1}), 0.0, "noise probe P^{1/2} w");
        assertArrayEquals(new double[] {0.5, 2.0}, p.parameterProbe(new double[] {1, 1}), 0.0,
                "parameter probe P^{-1/2} w");
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> p.whiten(new DenseOperator(new double[][] {{1}})));
        assertTrue(dim.getMessage().contains("dimension"), dim.getMessage());
    }
}
