package org.sgdobservatory.sim.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thick-restart Lanczos against commons-math3's dense {@code EigenDecomposition} on random symmetric
 * matrices ({@code Q diag(l) Q'}, {@code Q} a seeded random orthogonal matrix) of size 50-400 with
 * well-separated, clustered and indefinite spectra, and on a matrix-free operator of dimension
 * {@code 1e6} with planted eigenpairs.
 */
class LanczosTest {

    /** Spectra by name; every one is deterministic. */
    static double[] spectrum(String kind, int n) {
        Random random = new Random(n * 31L + kind.length());
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = switch (kind) {
                // 10 * 0.85^i: relative gaps 15% at the top.
                case "SPD separated" -> 10 * Math.pow(0.85, i);
                // Four clusters of three eigenvalues 1e-4 apart at 5..8, then a bulk in [0, 4).
                case "SPD clustered" -> i < 12 ? 5 + (i / 3) + 1e-4 * (i % 3) : 4 * random.nextDouble();
                // Bulk uniform in [0, 1): top gaps ~1/n, the slow case.
                case "SPD uniform bulk" -> random.nextDouble();
                // Twelve decades, 1e6 down to 1e-6, evenly in log: a condition number like a Hessian's.
                case "SPD twelve decades" -> Math.pow(10, 6 - 12.0 * i / (n - 1));
                // Standard normal eigenvalues, both signs.
                case "indefinite" -> random.nextGaussian();
                // Normal bulk plus large negative and positive outliers.
                case "indefinite outliers" -> i < 6 ? (i % 2 == 0 ? -1 : 1) * (6 + i) : random.nextGaussian();
                default -> throw new IllegalArgumentException("unknown spectrum " + kind);
            };
        }
        return l;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("SPD separated", 50, 8, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("SPD separated", 400, 16, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("SPD clustered", 300, 12, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("SPD uniform bulk", 200, 6, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("SPD twelve decades", 200, 10, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("indefinite", 400, 16, SpectrumEnd.LARGEST_ALGEBRAIC),
                Arguments.of("indefinite", 250, 10, SpectrumEnd.SMALLEST_ALGEBRAIC),
                Arguments.of("indefinite outliers", 150, 6, SpectrumEnd.LARGEST_MAGNITUDE),
                Arguments.of("indefinite outliers", 100, 4, SpectrumEnd.SMALLEST_ALGEBRAIC));
    }

    @ParameterizedTest(name = "{0}, n={1}, k={2}, {3}")
    @MethodSource("cases")
    void agreesWithTheDenseEigendecomposition(String kind, int n, int k, SpectrumEnd end) {
        DenseOperator a = new DenseOperator(DenseOperator.withSpectrum(spectrum(kind, n), 7));
        EigenDecomposition reference = new EigenDecomposition(MatrixUtils.createRealMatrix(a.matrix()));
        double[] values = reference.getRealEigenvalues();
        Integer[] order = IntStream.range(0, n).boxed().sorted(wanted(end, values)).toArray(Integer[]::new);

        LanczosResult result = Lanczos.builder().eigenpairs(k).seed(11).spectrumEnd(end).build().solve(a);

        assertTrue(result.allConverged(), kind + ": all pairs converge in the default budget: " + result);
        assertEquals(a.products(), result.matrixVectorProducts(), "every operator call is counted");
        assertEquals(k, result.residualProducts(), "one extra product per true residual");
        double norm = Arrays.stream(values).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < k; i++) {
            RitzPair pair = result.pairs().get(i);
            double exact = values[order[i]];
            // Converged: residual <= 1e-10 ||A||, so |l - l_exact| <= residual (Bauer-Fike) <= 1e-10 ||A||;
            // no eigenvalue here is below 1e-2 ||A||, so 1e-8 relative holds with margin.
            assertEquals(exact, pair.eigenvalue(), 1e-8 * Math.abs(exact), kind + ": eigenvalue " + i);
            double[] x = result.eigenvector(i);
            // The reported residual is the true one: recomputed densely here, equal up to rounding.
            assertEquals(a.residual(x, pair.eigenvalue()), pair.residualNorm(), 1e-13 * norm,
                    kind + ": reported residual of pair " + i);
            assertEquals(pair.residualNorm() <= result.tolerance() * result.normEstimate(), pair.converged(),
                    "converged flag follows the residual, pair " + i);
            // Davis-Kahan: sin(angle to the true eigenvector) <= residual/gap; compare vectors only where
            // that bound is informative (a cluster narrower than the residual has no individual vectors).
            double gap = gap(values, order[i]);
            double bound = pair.residualNorm() / gap;
            if (bound < 1e-3) {
                double[] v = reference.getEigenvector(order[i]).toArray();
                double cos = Math.abs(dot(x, v));
                assertEquals(1.0, cos, bound * bound + 1e-12, kind + ": eigenvector " + i + " up to sign");
            }
        }
        assertOrthonormal(result);
        assertTrue(result.normEstimate() <= norm * (1 + 1e-12), "the norm estimate is a lower bound");
    }

    private static Comparator<Integer> wanted(SpectrumEnd end, double[] values) {
        return switch (end) {
            case LARGEST_ALGEBRAIC -> Comparator.comparingDouble(i -> -values[i]);
            case SMALLEST_ALGEBRAIC -> Comparator.comparingDouble(i -> values[i]);
            case LARGEST_MAGNITUDE -> Comparator.comparingDouble(i -> -Math.abs(values[i]));
        };
    }

    private static double gap(double[] values, int index) {
        double gap = Double.POSITIVE_INFINITY;
        for (int j = 0; j < values.length; j++) {
            if (j != index) {
                gap = Math.min(gap, Math.abs(values[j] - values[index]));
            }
        }
        return gap;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void assertOrthonormal(LanczosResult result) {
        for (int i = 0; i < result.size(); i++) {
            for (int j = 0; j <= i; j++) {
                assertEquals(i == j ? 1.0 : 0.0, dot(result.eigenvector(i), result.eigenvector(j)), 1e-12,
                        "x_" + i + " . x_" + j);
            }
        }
    }

    @Test
    void theLanczosEstimateAgreesWithTheTrueResidual() {
        DenseOperator a = new DenseOperator(DenseOperator.withSpectrum(spectrum("indefinite", 300), 3));
        LanczosBuilder builder = Lanczos.builder().eigenpairs(10).seed(5);
        LanczosResult estimated = builder.residualMode(ResidualMode.LANCZOS_ESTIMATE).build().solve(a);
        LanczosResult recomputed = builder.residualMode(ResidualMode.TRUE).build().solve(a);
        assertEquals(0, estimated.residualProducts(), "the estimate costs no product");
        assertEquals(ResidualMode.LANCZOS_ESTIMATE, estimated.residualMode(), "mode reported");
        for (int i = 0; i < 10; i++) {
            // Same seed, same iterations: the only difference is how the residual is obtained. With full
            // reorthogonalisation they differ by rounding, a few eps ||A|| sqrt(m) ~ 1e-14 here.
            assertEquals(recomputed.pairs().get(i).residualNorm(), estimated.pairs().get(i).residualNorm(),
                    1e-12 * recomputed.normEstimate(), "estimate vs true residual, pair " + i);
            assertEquals(recomputed.pairs().get(i).eigenvalue(), estimated.pairs().get(i).eigenvalue(), 0.0,
                    "same Ritz value, pair " + i);
        }
    }

    @Test
    void aSmallBudgetStopsEarlyAndSaysWhichPairsConverged() {
        DenseOperator a = new DenseOperator(DenseOperator.withSpectrum(spectrum("SPD uniform bulk", 300), 9));
        LanczosResult result = Lanczos.builder().eigenpairs(6).seed(1).maxMatrixVectorProducts(40).build().solve(a);
        assertEquals(LanczosResult.StopReason.BUDGET_EXHAUSTED, result.stopReason(), result.toString());
        assertEquals(40 + 6, result.matrixVectorProducts(), "40 iterations plus 6 true residuals");
        assertFalse(result.allConverged(), "gaps ~1/n need more than 40 products");
        for (int i = 0; i < result.size(); i++) {
            RitzPair pair = result.pairs().get(i);
            assertEquals(a.residual(result.eigenvector(i), pair.eigenvalue()), pair.residualNorm(),
                    1e-13 * result.normEstimate(), "true residual of an unconverged pair " + i);
            assertEquals(pair.residualNorm() <= result.tolerance() * result.normEstimate(), pair.converged(),
                    "flag of pair " + i);
        }
    }

    @Test
    void aSpaceSmallerThanTheBasisIsSolvedExactly() {
        DenseOperator a = new DenseOperator(DenseOperator.withSpectrum(spectrum("indefinite", 20), 2));
        LanczosResult result = Lanczos.builder().eigenpairs(5).seed(3).build().solve(a);
        double[] values = new EigenDecomposition(MatrixUtils.createRealMatrix(a.matrix())).getRealEigenvalues();
        Arrays.sort(values);
        assertEquals(20, result.basisVectors(), "m is capped at n");
        assertEquals(LanczosResult.StopReason.SPACE_EXHAUSTED, result.stopReason(), result.toString());
        for (int i = 0; i < 5; i++) {
            assertEquals(values[19 - i], result.pairs().get(i).eigenvalue(), 1e-13, "eigenvalue " + i);
        }
    }

    @Test
    void anInvariantKrylovSpaceIsLeftForAFreshDirectionSoMultiplicitiesAreFound() {
        // diag(3 x4, 2 x50, 1 x46): any start vector's Krylov space has dimension 3 and is invariant after
        // three steps. Only the restart with a new random direction can find the repeated eigenvalues.
        double[] d = new double[100];
        for (int i = 0; i < 100; i++) {
            d[i] = i < 4 ? 3 : i < 54 ? 2 : 1;
        }
        DenseOperator a = new DenseOperator(DenseOperator.withSpectrum(d, 4));
        LanczosResult result = Lanczos.builder().eigenpairs(6).seed(8).build().solve(a);
        assertArrayEquals(new double[] {3, 3, 3, 3, 2, 2}, result.eigenvalues(), 1e-12, result.toString());
        assertOrthonormal(result);
    }

    @Test
    void theSeedDeterminesEveryBitWhateverTheThreadCount() throws Exception {
        // n = 50 000 is 25 chunks of the vector kernels, so the parallel paths run.
        PlantedSpectrum operator = new PlantedSpectrum(50_000, new double[] {1.5, 2, 3, 4}, 500, 2);
        Lanczos lanczos = Lanczos.builder().eigenpairs(4).seed(21).build();
        LanczosResult one = inPool(1, lanczos, operator);
        LanczosResult two = inPool(2, lanczos, operator);
        LanczosResult three = inPool(3, lanczos, new PlantedSpectrum(50_000, new double[] {1.5, 2, 3, 4}, 500, 2));
        assertArrayEquals(one.eigenvalues(), two.eigenvalues(), 0.0, "1 vs 2 threads, eigenvalues");
        assertArrayEquals(one.eigenvalues(), three.eigenvalues(), 0.0, "1 vs 3 threads, eigenvalues");
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(one.eigenvector(i), three.eigenvector(i), 0.0, "1 vs 3 threads, eigenvector " + i);
            assertEquals(one.pairs().get(i), two.pairs().get(i), "1 vs 2 threads, pair " + i);
        }
        assertEquals(one.matrixVectorProducts(), three.matrixVectorProducts(), "same products");
        LanczosResult otherSeed = Lanczos.builder().eigenpairs(4).seed(22).build().solve(operator);
        assertArrayEquals(one.eigenvalues(), otherSeed.eigenvalues(), 1e-12, "another seed, the same eigenvalues");
        assertFalse(Arrays.equals(one.eigenvector(0), otherSeed.eigenvector(0)),
                "another seed is another start vector, so other rounding");
    }

    private static LanczosResult inPool(int threads, Lanczos lanczos, SymmetricOperator operator) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> lanczos.solve(operator)).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMillionDimensionalOperatorRunsWithinTheMemoryBudgetAndFindsThePlantedEigenpairs() {
        int n = 1_000_000;
        double[] spikes = {1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8};
        PlantedSpectrum operator = new PlantedSpectrum(n, spikes, 1000, 17);
        long budget = 160_000_000L;  // 20 vectors of 8 MB: m = 19 basis vectors + 1 work vector
        LanczosResult result = Lanczos.builder().eigenpairs(8).seed(1).memoryBudgetBytes(budget).build()
                .solve(operator);
        assertEquals(19, result.basisVectors(), "m capped by the budget (default would be 24)");
        assertTrue(result.bytes() <= budget, "vector storage " + result.bytes() + " within " + budget);
        assertTrue(result.allConverged(), result.toString());
        for (int j = 0; j < spikes.length; j++) {
            int i = spikes.length - 1 - j;
            // Planted eigenvalues are exact (A u_j = s_j u_j by construction); the bulk is below 1.
            assertEquals(spikes[j], result.pairs().get(i).eigenvalue(), 1e-8 * spikes[j], "planted eigenvalue " + j);
            // Gap to the neighbours >= 0.1, residual <= 1e-10 * 1.8: sin(angle) <= 2e-9.
            assertEquals(1.0, Math.abs(result.project(i, operator.spikeVector(j))), 1e-12,
                    "planted eigenvector " + j + " up to sign");
        }
    }

    @Test
    void aTooSmallBudgetIsRefusedWithTheBytesNeeded() {
        Lanczos lanczos = Lanczos.builder().eigenpairs(8).seed(1).memoryBudgetBytes(8_000_000L).build();
        SymmetricOperator big = new PlantedSpectrum(100_000, new double[] {2}, 10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lanczos.solve(big));
        assertTrue(e.getMessage().contains("memoryBudgetBytes") && e.getMessage().contains("8800000"),
                "names the budget and the bytes needed, 8 (k + 2 + 1) n: " + e.getMessage());
    }

    @Test
    void invalidConfigurationAndOperatorsAreReportedByName() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> Lanczos.builder().eigenpairs(0));
        assertTrue(k.getMessage().contains("eigenpairs"), k.getMessage());
        IllegalStateException seed = assertThrows(IllegalStateException.class,
                () -> Lanczos.builder().eigenpairs(2).build());
        assertTrue(seed.getMessage().contains("seed"), seed.getMessage());
        LanczosBuilder tooSmall = Lanczos.builder().eigenpairs(10).seed(1).maxBasisVectors(11);
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, tooSmall::build);
        assertTrue(m.getMessage().contains("maxBasisVectors"), m.getMessage());
        IllegalArgumentException tol = assertThrows(IllegalArgumentException.class,
                () -> Lanczos.builder().tolerance(Double.NaN));
        assertTrue(tol.getMessage().contains("tolerance"), tol.getMessage());
        Lanczos five = Lanczos.builder().eigenpairs(5).seed(1).build();
        DenseOperator small = new DenseOperator(new double[][] {{1, 0}, {0, 2}});
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> five.solve(small));
        assertTrue(tooMany.getMessage().contains("eigenpairs"), tooMany.getMessage());
        SymmetricOperator nan = new SymmetricOperator() {
            @Override
            public int dimension() {
                return 30;
            }

            @Override
            public void apply(double[] in, double[] out) {
                Arrays.fill(out, Double.NaN);
            }
        };
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> five.solve(nan));
        assertTrue(bad.getMessage().contains("non-finite"), bad.getMessage());
    }

    @Test
    void defaultsAreDerivedFromK() {
        Lanczos lanczos = Lanczos.builder().eigenpairs(16).seed(0).build();
        assertEquals(40, lanczos.maxBasisVectors(), "m = max(2k + 8, 24)");
        assertEquals(800, lanczos.maxMatrixVectorProducts(), "max(500, 20 m)");
        assertEquals(24, Lanczos.defaultBasisVectors(2), "at least 24");
        assertEquals(List.of(SpectrumEnd.LARGEST_ALGEBRAIC, ResidualMode.TRUE),
                List.of(lanczos.spectrumEnd(), lanczos.residualMode()), "default end and residuals");
    }
}
