package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.VerdictState;

/**
 * The spectral observatory on a known answer: a DL4J linear regression with correlated features (equicorrelated,
 * rho = 0.6, so the Hessian is far from diagonal and per-parameter predictions are off), SGD with i.i.d. minibatches,
 * every direction of its 6-dimensional Hessian observed. In the eigenbasis the discrete Lyapunov equation is diagonal,
 * so each direction's variance is exactly {@code v_k' S v_k} with {@code S} the full solution of
 * {@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma_B}, solved here in the test from the data (Hessian
 * {@code 2 Z^T Z / n}, per-example gradient covariance at the optimum / B); its eigenvectors come from commons-math3,
 * independently of the listener's Lanczos.
 *
 * <p>Tolerances: the eigenvalues are those of the same Hessian (probe data = the whole training set) found by
 * Lanczos on exact Hessian-vector products in double precision (the R-operator of an identity output with MSE),
 * within 1e-6 relative, far above rounding; six products span the 6-dimensional space, and with exact products the
 * residuals are Lanczos's estimates (no product recomputes them). Each direction's observed
 * variance has the standard error the listener reports (batch means of the squared deviations); 3.5 of them keep the
 * family-wise false-alarm rate over 6 directions near 0.3%. The prediction's standard error comes from the noise's
 * sampling over the 1000 examples; linear regression's state-dependent noise adds about {@code (eta/B)(d + 3)} = 1%
 * relative here (the parameters' test derives it), which is added to the tolerance.
 */
@Tag("slow")
class SpectralAcceptanceTest {

    static final double LR = 0.05;
    static final int B = 50;
    static final int BURN_IN = 500;
    static final int WINDOW = 12000;

    static LinearRegressionFixture fx;
    static ObservatoryReport report;
    static double[] lambda;
    static double[] exactVariance;

    @BeforeAll
    static void train() {
        fx = LinearRegressionFixture.correlated(1000, 5, 0.6, 0.5, 42);
        double[][] h = fx.hessian();
        double[][] s = LinearRegressionFixture.discreteLyapunov(h, fx.minibatchNoiseCovariance(B), LR);
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(h));
        int p = h.length;
        lambda = new double[p];
        exactVariance = new double[p];
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.getRealEigenvalue(b), eig.getRealEigenvalue(a)));
        for (int k = 0; k < p; k++) {
            lambda[k] = eig.getRealEigenvalue(order[k]);
            RealVector v = eig.getEigenvector(order[k]);
            exactVariance[k] = v.dotProduct(new Array2DRowRealMatrix(s).operate(v));
        }
        MultiLayerNetwork net = fx.mln(new Sgd(LR), 1);
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(BURN_IN).windowIterations(WINDOW)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).directions(p).directionsEvery(1).closeUps(0)
                .seed(3).build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), B, BURN_IN + WINDOW + 10, SamplingIterator.Order.IID,
                99));
        report = listener.lastReport().orElseThrow();
    }

    private static List<DirectionReport> directions() {
        SpectralReport s = report.directions().orElseThrow(() -> new AssertionError("no directions: "
                + report.findings()));
        assertEquals(SpectralReport.Basis.HESSIAN, s.basis(), "Sgd: the Hessian's eigenvectors");
        return s.directions();
    }

    @Test
    void eigenvaluesAreTheHessiansFromSixExactProducts() {
        List<DirectionReport> d = directions();
        SpectralReport.Solve solve = report.directions().orElseThrow().solve();
        assertEquals(SpectralReport.HessianProducts.EXACT, solve.products(), "a linear model's products are exact");
        assertEquals(SpectralReport.Residuals.LANCZOS_ESTIMATE, solve.residuals(), "exact products: estimated residuals");
        assertEquals(lambda.length, solve.matrixVectorProducts(), "one product per dimension, each counted once");
        assertEquals(lambda.length, d.size(), "every direction found");
        for (int k = 0; k < d.size(); k++) {
            double found = d.get(k).spectrum().eigenvalue().value();
            assertEquals(lambda[k], found, 1e-6 * lambda[0], "eigenvalue " + k);
            assertTrue(d.get(k).spectrum().converged(), "converged " + k);
        }
    }

    @Test
    void observedVariancesAreTheExactPerDirectionVariances() {
        List<DirectionReport> d = directions();
        for (int k = 0; k < d.size(); k++) {
            var v = d.get(k).observed().variance();
            double z = (v.value() - exactVariance[k]) / v.standardError();
            System.out.printf("direction %d: lambda %.4f, eta lambda %.3f, observed %.5g +- %.2g, exact %.5g (z %.2f),"
                    + " predicted %.5g +- %.2g, ESS %.0f, %s%n", k, lambda[k], LR * lambda[k], v.value(),
                    v.standardError(), exactVariance[k], z, d.get(k).prediction().variance().value(),
                    d.get(k).prediction().variance().standardError(), d.get(k).observed().effectiveSampleSize(),
                    d.get(k).verdict());
            assertTrue(Math.abs(z) < 3.5, "direction " + k + ": observed " + v.value() + " vs exact " + exactVariance[k]
                    + ", " + z + " standard errors");
        }
    }

    @Test
    void predictionsAreTheExactPerDirectionVariancesWithinTheirError() {
        List<DirectionReport> d = directions();
        for (int k = 0; k < d.size(); k++) {
            var pred = d.get(k).prediction().variance();
            double tolerance = 3.5 * pred.standardError() + 0.01 * exactVariance[k];
            assertEquals(exactVariance[k], pred.value(), tolerance, "direction " + k + " prediction vs exact");
        }
    }

    @Test
    void theDirectionsAreJudgedConsistent() {
        SpectralReport s = report.directions().orElseThrow();
        System.out.println("directions: " + s.judgement().explanation() + "; slope " + s.temperatureNoiseSlope());
        assertEquals(VerdictState.CONSISTENT, s.judgement().verdict().state(), s.judgement().explanation());
    }
}
