package org.sgdobservatory.sim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
import org.sgdobservatory.sim.optim.GradientUpdater;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.Lyapunov;

/**
 * The per-direction theory is exact on a quadratic: on a linear regression with correlated features
 * ({@code n = 300, d = 6, B = 10}; {@code H = A'A/n}, {@code Sigma = C/B} from the per-example gradients
 * at the optimum, far from diagonal in {@code H}'s eigenbasis), the full discrete Lyapunov solution
 * {@code S} projected on each eigenvector equals {@link DirectionalTheory}'s prediction to {@code 1e-10}
 * relative, for SGD, for SGD with a diagonal preconditioner that does not commute with {@code H}, and for
 * Deeplearning4j's Nesterovs (augmented-state Lyapunov). The eigenvectors come from {@link Lanczos}
 * through the operator, as the listener will get them.
 */
class DirectionalExactnessTest {
    private static final int D = 6;
    private static final int B = 10;
    private static LeastSquaresDataset data;
    private static double[][] hessian;
    private static double[][] sigma;

    @BeforeAll
    static void fixture() {
        data = new CorrelatedRegression(300, D, 13).data();
        hessian = CorrelatedRegression.hessian(data);
        sigma = CorrelatedRegression.batchCovariance(data, B, 1.0);
    }

    private static LanczosResult eigenpairs(SymmetricOperator operator) {
        LanczosResult all = Lanczos.builder().eigenpairs(D).seed(3).build().solve(operator);
        assertTrue(all.allConverged(), all.toString());
        return all;
    }

    @Test
    void theNoiseIsFarFromDiagonalInTheEigenbasisAndPerParameterPredictionsMiss() {
        LanczosResult e = eigenpairs(new DenseOperator(hessian));
        double worst = 0;
        for (int j = 0; j < D; j++) {
            for (int k = 0; k < j; k++) {
                double[] vj = e.eigenvector(j);
                double[] vk = e.eigenvector(k);
                double corr = CorrelatedRegression.quadratic(vj, sigma, vk)
                        / Math.sqrt(CorrelatedRegression.quadratic(vj, sigma, vj)
                                * CorrelatedRegression.quadratic(vk, sigma, vk));
                worst = Math.max(worst, Math.abs(corr));
            }
        }
        assertTrue(worst > 0.3, "the fixture needs noise correlated across eigendirections, max |corr| = " + worst);
        double eta = 0.5 / e.pairs().get(0).eigenvalue();
        double[][] s = Lyapunov.discreteSgd(hessian, sigma, eta);
        double miss = 0;
        for (int i = 0; i < D; i++) {
            double perParameter = eta * sigma[i][i] / (hessian[i][i] * (2 - eta * hessian[i][i]));
            miss = Math.max(miss, Math.abs(perParameter / s[i][i] - 1));
        }
        assertTrue(miss > 0.2, "per-parameter (diagonal-Hessian) predictions are off by > 20% here: " + miss);
    }

    @ParameterizedTest(name = "eta*l_max={0}")
    @ValueSource(doubles = {0.05, 1.0, 1.9})
    void sgdVarianceAlongEveryEigenvectorIsTheLyapunovDiagonal(double etaTimesMaxCurvature) {
        LanczosResult e = eigenpairs(new DenseOperator(hessian));
        double eta = etaTimesMaxCurvature / e.pairs().get(0).eigenvalue();
        double[][] s = Lyapunov.discreteSgd(hessian, sigma, eta);
        DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.Sgd(eta));
        for (int k = 0; k < D; k++) {
            double[] v = e.eigenvector(k);
            double exact = CorrelatedRegression.quadratic(v, s, v);
            double c = CorrelatedRegression.quadratic(v, sigma, v);
            double predicted = theory.predict(e.pairs().get(k).eigenvalue(), Estimate.exact(c))
                    .stationaryVariance().orElseThrow().value();
            // Both are exact; they differ by rounding (Smith doubling, eigenvectors to ~1e-15).
            assertEquals(exact, predicted, 1e-10 * exact, "SGD, direction " + k);
        }
    }

    @ParameterizedTest(name = "P={0}, eta*l_max={1}")
    @CsvSource({"random diagonal, 0.1", "random diagonal, 1.5", "1/sigma^2 (variance-normalised), 0.3",
        "1/sigma^2 (variance-normalised), 1.9"})
    void preconditionedVarianceAlongEveryWhitenedEigenvectorIsExact(String kind, double etaTimesMaxCurvature) {
        double[] p = new double[D];
        Random random = new Random(4);
        for (int i = 0; i < D; i++) {
            p[i] = kind.startsWith("random") ? Math.exp(2 * random.nextGaussian()) : 1 / sigma[i][i];
        }
        double pNorm = Math.sqrt(java.util.Arrays.stream(p).map(v -> v * v).sum());
        double commutator = commutatorNorm(p) / (pNorm * frobenius(hessian));
        assertTrue(commutator > 0.05, "P must not commute with H: ||PH - HP||/(||P|| ||H||) = " + commutator);
        Preconditioning preconditioning = Preconditioning.diagonal(p);
        LanczosResult e = eigenpairs(preconditioning.whiten(new DenseOperator(hessian)));
        double eta = etaTimesMaxCurvature / e.pairs().get(0).eigenvalue();
        double[][] pMatrix = new double[D][D];
        for (int i = 0; i < D; i++) {
            pMatrix[i][i] = p[i];
        }
        double[][] s = Lyapunov.discretePreconditioned(hessian, sigma, eta, pMatrix);
        DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.PreconditionedSgd(eta));
        for (int k = 0; k < D; k++) {
            double[] w = e.eigenvector(k);
            double[] parameterProbe = preconditioning.parameterProbe(w);
            double[] noiseProbe = preconditioning.noiseProbe(w);
            assertEquals(1.0, LanczosTest.dot(parameterProbe, noiseProbe), 1e-14, "biorthogonal probes");
            double exact = CorrelatedRegression.quadratic(parameterProbe, s, parameterProbe);
            double c = CorrelatedRegression.quadratic(noiseProbe, sigma, noiseProbe);
            double predicted = theory.predict(e.pairs().get(k).eigenvalue(), Estimate.exact(c))
                    .stationaryVariance().orElseThrow().value();
            assertEquals(exact, predicted, 1e-10 * exact, kind + ", direction " + k);
        }
    }

    private static double commutatorNorm(double[] p) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double c = (p[i] - p[j]) * hessian[i][j];
                s += c * c;
            }
        }
        return Math.sqrt(s);
    }

    private static double frobenius(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * The state {@code (x, v)} of Deeplearning4j's Nesterovs on {@code g = H x + xi}:
     * {@code v' = mu v - eta (H x + xi)} and {@code x' = x - mu v + (1 + mu) v'}, i.e.
     * <pre>
     *   x' = (I - (1+mu) eta H) x + mu^2 v - (1+mu) eta xi
     *   v' =        -eta H x      + mu v   -       eta xi
     * </pre>
     * so {@code s' = A s + b xi} with the block matrix {@code A} below and {@code b = (-(1+mu) eta, -eta)}.
     */
    private static double[][] nesterovsTransition(double eta, double mu) {
        double[][] a = new double[2 * D][2 * D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                a[i][j] = (i == j ? 1 : 0) - (1 + mu) * eta * hessian[i][j];
                a[D + i][j] = -eta * hessian[i][j];
            }
            a[i][D + i] = mu * mu;
            a[D + i][D + i] = mu;
        }
        return a;
    }

    private static double[] noiseLoadings(double eta, double mu) {
        return new double[] {-(1 + mu) * eta, -eta};
    }

    @Test
    void theAugmentedNesterovsRecursionIsTheOptimizersStep() {
        double eta = 0.05;
        double mu = 0.9;
        GradientUpdater updater = new org.sgdobservatory.sim.optim.Nesterovs(eta, mu).instantiate(1, D);
        double[][] a = nesterovsTransition(eta, mu);
        double[] b = noiseLoadings(eta, mu);
        Random random = new Random(8);
        double[] x = new double[D];
        for (int i = 0; i < D; i++) {
            x[i] = random.nextGaussian();
        }
        double[] state = new double[2 * D];
        System.arraycopy(x, 0, state, 0, D);   // velocity starts at 0, as in ND4J
        for (int t = 0; t < 5; t++) {
            double[] xi = new double[D];
            double[] g = new double[D];
            for (int i = 0; i < D; i++) {
                xi[i] = random.nextGaussian();
            }
            for (int i = 0; i < D; i++) {
                g[i] = xi[i];
                for (int j = 0; j < D; j++) {
                    g[i] += hessian[i][j] * x[j];
                }
            }
            INDArray update = Nd4j.createFromArray(new double[][] {g}).castTo(DataType.DOUBLE);
            updater.applyUpdater(update, t);
            double[] u = update.toDoubleVector();
            double[] next = new double[2 * D];
            for (int i = 0; i < 2 * D; i++) {
                for (int j = 0; j < 2 * D; j++) {
                    next[i] += a[i][j] * state[j];
                }
                next[i] += b[i / D] * xi[i % D];
            }
            for (int i = 0; i < D; i++) {
                x[i] -= u[i];
                assertEquals(x[i], next[i], 1e-12, "step " + t + ", parameter " + i);
            }
            state = next;
        }
    }

    @ParameterizedTest(name = "mu={0}, eta*l_max={1}")
    @CsvSource({"0.9, 0.02", "0.9, 1.0", "0.5, 1.4"})
    void nesterovsVarianceAlongEveryEigenvectorIsTheAugmentedLyapunovDiagonal(double mu, double etaTimesMaxCurvature) {
        LanczosResult e = eigenpairs(new DenseOperator(hessian));
        double eta = etaTimesMaxCurvature / e.pairs().get(0).eigenvalue();
        double[] b = noiseLoadings(eta, mu);
        double[][] q = new double[2 * D][2 * D];
        for (int i = 0; i < 2 * D; i++) {
            for (int j = 0; j < 2 * D; j++) {
                q[i][j] = b[i / D] * b[j / D] * sigma[i % D][j % D];
            }
        }
        double[][] s = Lyapunov.discrete(nesterovsTransition(eta, mu), q);
        double[][] sxx = new double[D][D];
        for (int i = 0; i < D; i++) {
            System.arraycopy(s[i], 0, sxx[i], 0, D);
        }
        DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.Nesterovs(eta, mu));
        for (int k = 0; k < D; k++) {
            double[] v = e.eigenvector(k);
            double exact = CorrelatedRegression.quadratic(v, sxx, v);
            double c = CorrelatedRegression.quadratic(v, sigma, v);
            double predicted = theory.predict(e.pairs().get(k).eigenvalue(), Estimate.exact(c))
                    .stationaryVariance().orElseThrow().value();
            assertEquals(exact, predicted, 1e-10 * exact, "Nesterovs mu=" + mu + ", direction " + k);
        }
    }
}
