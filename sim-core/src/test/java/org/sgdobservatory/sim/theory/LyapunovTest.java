package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LyapunovTest {

    private static final double[][] H = {{2.0, 0.5, 0.1}, {0.5, 1.0, 0.2}, {0.1, 0.2, 0.5}};
    private static final double[][] SIGMA = {{1.0, 0.3, 0.0}, {0.3, 0.5, 0.1}, {0.0, 0.1, 0.8}};
    private static final double[][] P = {{1.5, 0.2, 0.0}, {0.2, 1.0, 0.1}, {0.0, 0.1, 0.7}};
    private static final double ETA = 0.1;

    // Reference: scipy.linalg.solve_discrete_lyapunov / solve_continuous_lyapunov (Bartels-Stewart),
    // printed by src/test/resources/reference/lyapunov_reference.py.
    static Stream<Arguments> scipyReferences() {
        return Stream.of(
                Arguments.of("discreteSgd", (Supplier<double[][]>) () -> Lyapunov.discreteSgd(H, SIGMA, ETA),
                        new double[][] {
                            {0.02744843623680769, 0.00295053898931687, -0.0030560952323720795},
                            {0.0029505389893168714, 0.026696144719961165, -0.006698449754770643},
                            {-0.0030560952323720795, -0.0066984497547706405, 0.08540728633029485}}),
                Arguments.of("discretePreconditioned",
                        (Supplier<double[][]>) () -> Lyapunov.discretePreconditioned(H, SIGMA, ETA, P),
                        new double[][] {
                            {0.04501846073837239, 0.009462870569614371, -0.002295826727695138},
                            {0.009462870569614375, 0.027363000781886467, -0.0006576972066690685},
                            {-0.0022958267276951385, -0.0006576972066690651, 0.058117840911681595}}),
                Arguments.of("continuous", (Supplier<double[][]>) () -> Lyapunov.continuous(H, SIGMA, ETA),
                        new double[][] {
                            {0.024627224627224636, 0.0021115921115921065, -0.003102453102453105},
                            {0.002111592111592108, 0.025331576635924485, -0.006936863458602589},
                            {-0.0031024531024531044, -0.006936863458602591, 0.08339523600393166}}),
                Arguments.of("continuousPreconditioned",
                        (Supplier<double[][]>) () -> Lyapunov.continuousPreconditioned(H, SIGMA, ETA, P),
                        new double[][] {
                            {0.03757020717193947, 0.006871147160297606, -0.002606484396289547},
                            {0.006871147160297608, 0.025401580776117955, -0.0011204236486034407},
                            {-0.002606484396289546, -0.0011204236486034428, 0.057112648116809606}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scipyReferences")
    void agreesWithScipy(String solver, Supplier<double[][]> solve, double[][] expected) {
        double[][] actual = solve.get();
        // 1e-12 of the largest entry: both solvers are backward stable, condition number here ~ 40.
        assertMatrixEquals(expected, actual, 1e-12 * maxAbs(expected), solver + " vs scipy");
    }

    @ParameterizedTest(name = "eta*h={0}")
    @ValueSource(doubles = {0.001, 0.3, 1.0, 1.9})
    void oneDimensionReducesToSgdQuadratic1D(double etaH) {
        double h = 2.0;
        double s2 = 0.6;
        double expected = SgdQuadratic1D.of(etaH / h, h, s2).stationaryVariance();
        double[][] s = Lyapunov.discreteSgd(new double[][] {{h}}, new double[][] {{s2}}, etaH / h);
        assertEquals(expected, s[0][0], 1e-12 * expected, "1-D Lyapunov = eta s2/(h(2 - eta h))");
        double[][] c = Lyapunov.continuous(new double[][] {{h}}, new double[][] {{s2}}, etaH / h);
        double sde = SgdQuadratic1D.of(etaH / h, h, s2).sdeVariance();
        assertEquals(sde, c[0][0], 1e-12 * sde, "1-D continuous = eta s2/(2h)");
    }

    @ParameterizedTest(name = "D={0}")
    @ValueSource(ints = {2, 8, 64})
    void doublingEqualsTheEigenbasisClosedFormAndSolvesTheEquation(int d) {
        Random rng = new Random(20261126L + d);
        double[][] h = randomSpd(d, rng, 0.05, 3.0);
        double[][] sigma = randomSpd(d, rng, 0.1, 2.0);
        double eta = 0.5;  // eta * l_max <= 1.5 < 2
        double[][] s = Lyapunov.discreteSgd(h, sigma, eta);

        // Closed form S~_ij = eta Sigma~_ij/(l_i + l_j - eta l_i l_j)
        // (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation).
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(h));
        double[] l = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        RealMatrix st = v.transpose().multiply(MatrixUtils.createRealMatrix(sigma)).multiply(v);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                st.setEntry(i, j, eta * st.getEntry(i, j) / (l[i] + l[j] - eta * l[i] * l[j]));
            }
        }
        double[][] closed = v.multiply(st).multiply(v.transpose()).getData();
        double scale = maxAbs(closed);
        // Condition of the map S -> S - A S A^T is 1/(1 - r_max^2) <= 1/(1 - 0.975^2) ~ 20: 1e-12 is
        // several hundred ulps of headroom.
        assertMatrixEquals(closed, s, 1e-12 * scale, "doubling vs eigenbasis, D = " + d);

        RealMatrix a = MatrixUtils.createRealIdentityMatrix(d)
                .subtract(MatrixUtils.createRealMatrix(h).scalarMultiply(eta));
        RealMatrix sm = MatrixUtils.createRealMatrix(s);
        RealMatrix residual = sm.subtract(a.multiply(sm).multiply(a.transpose()))
                .subtract(MatrixUtils.createRealMatrix(sigma).scalarMultiply(eta * eta));
        assertTrue(maxAbs(residual.getData()) <= 1e-12 * scale,
                "discrete residual " + maxAbs(residual.getData()) + " relative to " + scale);

        double[][] c = Lyapunov.continuous(h, sigma, eta);
        RealMatrix cm = MatrixUtils.createRealMatrix(c);
        RealMatrix hm = MatrixUtils.createRealMatrix(h);
        RealMatrix cres = hm.multiply(cm).add(cm.multiply(hm))
                .subtract(MatrixUtils.createRealMatrix(sigma).scalarMultiply(eta));
        assertTrue(maxAbs(cres.getData()) <= 1e-12 * eta * maxAbs(sigma),
                "continuous residual " + maxAbs(cres.getData()));
    }

    @Test
    void inverseNoisePreconditionerGivesOneTemperature() {
        // P = c Sigma^{-1}  =>  S = (eta c/2) H^{-1} for any H
        // (docs/theory.md#preconditioning-and-the-variance-normalised-rule).
        Random rng = new Random(7);
        int d = 6;
        double[][] h = randomSpd(d, rng, 0.1, 4.0);
        double[][] sigma = randomSpd(d, rng, 0.2, 3.0);
        double c = 0.3;
        double[][] p = new LUDecomposition(MatrixUtils.createRealMatrix(sigma)).getSolver().getInverse()
                .scalarMultiply(c).getData();
        double[][] s = Lyapunov.continuousPreconditioned(h, sigma, ETA, symmetrized(p));
        double[][] expected = new LUDecomposition(MatrixUtils.createRealMatrix(h)).getSolver().getInverse()
                .scalarMultiply(ETA * c / 2).getData();
        assertMatrixEquals(expected, s, 1e-11 * maxAbs(expected), "S = (eta c/2) H^{-1}");
    }

    @Test
    void isotropicNoiseIsGibbsInTheLoss() {
        // Sigma = sigma^2 I  =>  S = (eta sigma^2/2) H^{-1} in the continuous limit
        // (docs/theory.md#when-the-density-is-gibbs).
        double[][] iso = {{0.4, 0, 0}, {0, 0.4, 0}, {0, 0, 0.4}};
        double[][] s = Lyapunov.continuous(H, iso, ETA);
        double[][] expected = new LUDecomposition(MatrixUtils.createRealMatrix(H)).getSolver().getInverse()
                .scalarMultiply(ETA * 0.4 / 2).getData();
        assertMatrixEquals(expected, s, 1e-13, "Gibbs: S = T H^{-1}, T = eta sigma^2/2");
    }

    @Test
    void dimension64IsFast() {
        Random rng = new Random(64);
        double[][] h = randomSpd(64, rng, 0.001, 1.0);
        double[][] sigma = randomSpd(64, rng, 0.1, 1.0);
        Lyapunov.discreteSgd(h, sigma, 1.0); // warm-up (JIT)
        long start = System.nanoTime();
        Lyapunov.discreteSgd(h, sigma, 1.0);  // eta l_min = 1e-3: ~20 doublings
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Target < 50 ms on one core; 1 s bound only catches pathological regressions on a shared CI box.
        assertTrue(millis < 1000, "D = 64 discrete solve took " + millis + " ms");
    }

    @Test
    void unstableInputIsRejectedWithTheEigenvalue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.discreteSgd(H, SIGMA, 1.0));  // eta l_max = 2.2
        assertTrue(e.getMessage().contains("eta*l"), "names eta*l: " + e.getMessage());
        double[][] rotation = {{0, -1}, {1, 0}};  // spectral radius exactly 1
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.discrete(rotation, new double[][] {{1, 0}, {0, 1}}));
        assertTrue(r.getMessage().contains("spectral radius"), "names the radius: " + r.getMessage());
        double[][] growing = {{1.1, 0}, {0, 0.5}};
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.discrete(growing, new double[][] {{1, 0}, {0, 1}}));
        assertTrue(g.getMessage().contains("spectral radius"), "names the radius: " + g.getMessage());
    }

    @Test
    void shapeSymmetryAndDefinitenessErrorsNameTheMatrix() {
        IllegalArgumentException ns = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.discrete(new double[][] {{1, 0}}, SIGMA));
        assertTrue(ns.getMessage().contains("A must be square"), ns.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.continuous(H, new double[][] {{1}}, ETA));
        assertTrue(dim.getMessage().contains("Sigma"), dim.getMessage());
        double[][] asym = {{1, 0.5}, {0, 1}};
        IllegalArgumentException as = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.continuous(asym, new double[][] {{1, 0}, {0, 1}}, ETA));
        assertTrue(as.getMessage().contains("H must be symmetric"), as.getMessage());
        double[][] indefinite = {{1, 0}, {0, -1}};
        IllegalArgumentException pd = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.continuous(indefinite, new double[][] {{1, 0}, {0, 1}}, ETA));
        assertTrue(pd.getMessage().contains("positive definite"), pd.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Lyapunov.discreteSgd(H, SIGMA, Double.NaN));
        assertTrue(nan.getMessage().contains("learningRate"), nan.getMessage());
    }

    @Test
    void marginalPredictionsUseTheFullSolutionAndExceedTheDiagonalApproximation() {
        // Coupled H, isotropic noise: S_ii = (full) >= diagonal approximation
        // (docs/theory.md#the-diagonal-hessian-approximation).
        double[][] iso = {{0.4, 0, 0}, {0, 0.4, 0}, {0, 0, 0.4}};
        java.util.List<Prediction> full = Lyapunov.predictMarginalVariances(H, iso, ETA);
        java.util.List<Prediction> diag = Lyapunov.diagonalApproximation(H, iso, ETA);
        double[][] s = Lyapunov.discreteSgd(H, iso, ETA);
        for (int i = 0; i < 3; i++) {
            double f = full.get(i).stationaryVariance().orElseThrow();
            assertEquals(s[i][i], f, 0, "S_ii");
            assertTrue(f > diag.get(i).stationaryVariance().orElseThrow(), "diagonal underestimates at " + i);
        }
        assertTrue(((Prediction.Stationary) diag.get(0)).method().contains("diagonal"), "method says so");
    }

    @Test
    void marginalPredictionsAnswerInsteadOfThrowing() {
        assertEquals(Prediction.Reason.UNSTABLE, ((Prediction.NotApplicable) Lyapunov
                .predictMarginalVariances(H, SIGMA, 1.0).get(0)).reason(), "eta l_max = 2.2");
        double[][] indefinite = {{1, 0}, {0, -1}};
        assertEquals(Prediction.Reason.NON_POSITIVE_CURVATURE, ((Prediction.NotApplicable) Lyapunov
                .predictMarginalVariances(indefinite, new double[][] {{1, 0}, {0, 1}}, 0.1).get(1)).reason(),
                "negative eigenvalue");
        assertEquals(Prediction.Reason.INVALID_INPUT, ((Prediction.NotApplicable) Lyapunov
                .predictMarginalVariances(new double[][] {{1, Double.NaN}, {0, 1}}, SIGMA, 0.1).get(0)).reason(),
                "NaN entry");
        assertEquals(Prediction.Reason.NON_POSITIVE_CURVATURE, ((Prediction.NotApplicable) Lyapunov
                .diagonalApproximation(indefinite, new double[][] {{1, 0}, {0, 1}}, 0.1).get(1)).reason(),
                "diagonal approximation per coordinate");
    }

    /** Random SPD matrix with eigenvalues log-uniform in [lo, hi] and a random orthogonal basis. */
    static double[][] randomSpd(int d, Random rng, double lo, double hi) {
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i][j] = rng.nextGaussian();
            }
        }
        RealMatrix q = new org.apache.commons.math3.linear.QRDecomposition(MatrixUtils.createRealMatrix(g))
                .getQ();
        double[] l = new double[d];
        for (int i = 0; i < d; i++) {
            l[i] = d == 1 ? hi : lo * Math.pow(hi / lo, (double) i / (d - 1));
        }
        return symmetrized(q.multiply(MatrixUtils.createRealDiagonalMatrix(l)).multiply(q.transpose())
                .getData());
    }

    static double[][] symmetrized(double[][] m) {
        int d = m.length;
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return s;
    }

    static double maxAbs(double[][] m) {
        double max = 0;
        for (double[] row : m) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": dimension");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], actual[i][j], tolerance, what + " entry [" + i + "][" + j + "]");
            }
        }
    }
}
