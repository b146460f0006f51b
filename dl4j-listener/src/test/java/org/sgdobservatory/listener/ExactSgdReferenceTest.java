package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * The coverage study's two references agree where both apply: the exact moment recursion ({@link ExactSgdReference})
 * and the many-chain simulation of the same finite data ({@link SimulatedSgdReference}, which the study uses under
 * reshuffling) with i.i.d. minibatches, on the correlated fixture with L2 (coupled weights, L2 on the weights only,
 * state-dependent noise). This checks the recursion's fourth-moment term, the simulation's DL4J loss scaling and its
 * L2 term about the unregularised optimum.
 */
@Tag("slow")
class ExactSgdReferenceTest {

    /**
     * L2 adds curvature to the correlated weights but no noise, so the noise sits on the stiff directions and the
     * per-parameter formula {@code lr s2 / (h (2 - lr h))} with the exact diagonal {@code h = H_ii} and
     * {@code s2 = (Sigma_B)_ii} overestimates the weights' exact spread (docs/theory.md#the-diagonal-hessian-approximation);
     * the bias, uncoupled, is within the state-dependent term (1.5%) of it. Deterministic: no tolerance beyond
     * stating the range.
     */
    @Test
    void perParameterFormulaOverestimatesTheCoupledWeights() {
        CoverageCase kase = CoverageCase.CORRELATED_IID;
        double lr = kase.learningRate();
        ExactSgdReference ref = ExactSgdReference.iid(kase.fixture(), lr, CoverageCase.BATCH, CoverageCase.L2);
        double[] exact = ref.variances();
        for (int i = 0; i < exact.length; i++) {
            double h = ref.hessian()[i][i];
            double diagonal = lr * ref.noiseAtOptimum()[i][i] / (h * (2 - lr * h)) / exact[i];
            System.out.printf("parameter %d: per-parameter formula / exact = %.4f%n", i, diagonal);
            if (i < 5) {
                assertTrue(diagonal > 1.35 && diagonal < 1.5, "weight " + i + ": " + diagonal);
            } else {
                assertTrue(Math.abs(diagonal - 1) < 0.02, "bias: " + diagonal);
            }
        }
    }

    @Test
    void momentRecursionMatchesTheFiniteDataSimulation() {
        CoverageCase kase = CoverageCase.CORRELATED_IID;
        LinearRegressionFixture fx = kase.fixture();
        double[] exact = ExactSgdReference.iid(fx, kase.learningRate(), CoverageCase.BATCH, CoverageCase.L2).variances();
        List<Estimate> simulated = SimulatedSgdReference.variances(fx, DataOrder.IID_WITH_REPLACEMENT,
                kase.learningRate(), CoverageCase.BATCH, CoverageCase.L2, 256, 500, 2000, 7);
        for (int i = 0; i < exact.length; i++) {
            Estimate s = simulated.get(i);
            double z = (s.value() - exact[i]) / s.standardError();
            System.out.printf("parameter %d: exact %.5g, simulated %.5g +- %.2g (z = %.2f)%n", i, exact[i], s.value(),
                    s.standardError(), z);
            // Monte Carlo error from the simulation's independent chain groups (about 0.45% here); 4 SE keeps the
            // family-wise false alarm over 6 parameters below 0.04%. The recursion's state-dependent term is 1.5% of
            // the variance, so this resolves it only roughly; it chiefly guards the scaling and the L2 term.
            assertTrue(Math.abs(z) < 4, "parameter " + i + ": simulation " + s + " vs moment recursion " + exact[i]);
        }
    }
}
