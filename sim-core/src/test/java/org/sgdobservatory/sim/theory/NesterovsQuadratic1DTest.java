package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NesterovsQuadratic1DTest {

    // Reference: scipy.linalg.solve_discrete_lyapunov on the 2-state (x, v) DL4J Nesterovs system,
    // src/test/resources/reference/theory_1d_reference.py; h = 2, s2 = 1, mu = 0.9. The first two rows
    // are the check values of docs/theory.md#nesterov-momentum (simulated 0.02207 and 0.13245).
    @ParameterizedTest(name = "eta={0}")
    @CsvSource({
        "0.01, 0.022073736056786895",
        "0.1,  0.1324955908289242",
        "0.5,  1.105",
    })
    void varianceMatchesTheLyapunovSolutionOfTheUpdateRule(double eta, double expected) {
        NesterovsQuadratic1D m = NesterovsQuadratic1D.of(eta, 0.9, 2.0, 1.0);
        // 1e-12 relative: scipy's Bartels-Stewart solve agrees with the rational formula to 5e-16.
        assertEquals(expected, m.stationaryVariance(), 1e-12 * expected, "Var x at eta = " + eta);
    }

    @Test
    void zeroMomentumReducesToPlainSgd() {
        NesterovsQuadratic1D m = NesterovsQuadratic1D.of(0.3, 0.0, 2.0, 1.0);
        double sgd = SgdQuadratic1D.of(0.3, 2.0, 1.0).stationaryVariance();
        assertEquals(sgd, m.stationaryVariance(), 1e-12 * sgd, "mu = 0 is SGD");
        assertEquals(2.0, NesterovsQuadratic1D.stabilityLimit(0.0), 1e-15, "limit 2 at mu = 0");
    }

    @Test
    void smallStepLimitAndStabilityLimit() {
        NesterovsQuadratic1D m = NesterovsQuadratic1D.of(1e-9, 0.9, 2.0, 1.0);
        // Expansion parameter eta h mu/(1-mu) = 1.8e-8.
        assertEquals(m.smallStepLimitVariance(), m.stationaryVariance(), 1e-7 * m.smallStepLimitVariance(),
                "eta s2/(2h(1-mu)) as eta -> 0");
        assertEquals(2 * 1.9 / 2.8, NesterovsQuadratic1D.stabilityLimit(0.9), 1e-15,
                "2(1+mu)/(1+2mu) = 1.357 at mu = 0.9 (docs/theory.md#nesterov-momentum)");
        assertEquals(1.0 / (4 * m.stationaryVariance()), m.integratedAutocorrelationTime(),
                1e-12 * m.integratedAutocorrelationTime(), "tau = s2/(h^2 Var)");
    }

    @Test
    void twelvePercentBelowTheSmallStepLimitAtEtaH002() {
        // docs/theory.md#nesterov-momentum: at mu = 0.9 and eta h = 0.02 the exact variance is already 12%
        // below the small-step limit.
        NesterovsQuadratic1D m = NesterovsQuadratic1D.of(0.01, 0.9, 2.0, 1.0);
        assertEquals(0.88, m.stationaryVariance() / m.smallStepLimitVariance(), 0.005,
                "ratio to the small-step limit (0.883 from the formula)");
    }

    @ParameterizedTest(name = "eta*h={0}, mu={1}")
    @CsvSource({"1.36, 0.9, UNSTABLE", "0.1, 1.0, INVALID_INPUT", "0.1, -0.1, INVALID_INPUT"})
    void inapplicable(double etaH, double mu, Prediction.Reason reason) {
        Prediction p = NesterovsQuadratic1D.predict(etaH, mu, 1.0, 1.0);
        assertEquals(reason, assertInstanceOf(Prediction.NotApplicable.class, p, "not stationary").reason(),
                "reason");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NesterovsQuadratic1D.of(etaH, mu, 1.0, 1.0));
        assertTrue(e.getMessage().contains("mu"), "message names mu: " + e.getMessage());
    }
}
