package org.sgdobservatory.sim.spectral;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The mutable state of one thick-restart Lanczos run (the algorithm is described on {@link Lanczos}).
 * Not thread-safe; created and used by {@link Lanczos#solve} only.
 */
final class LanczosRun {
    /** A coupling {@code beta <= BREAKDOWN ||A||} means the Krylov space is invariant. */
    private static final double BREAKDOWN = 1e-13;
    /** A random vector that loses all but this fraction of its norm to the basis lies in its span. */
    private static final double EXHAUSTED = 1e-8;

    private final Lanczos config;
    private final SymmetricOperator operator;
    private final int n;
    private final int m;
    private final int k;
    private final KrylovBasis basis;
    private final double[] work;
    private final double[] coefficients;
    private final double[][] projected;
    private final SplittableRandom random;
    private int products;
    private int restarts;
    private double normEstimate;

    LanczosRun(Lanczos config, SymmetricOperator operator, int basisVectors) {
        this.config = config;
        this.operator = operator;
        this.n = operator.dimension();
        this.m = basisVectors;
        this.k = config.eigenpairs();
        this.basis = new KrylovBasis(n, m);
        this.work = new double[n];
        this.coefficients = new double[m];
        this.projected = new double[m][m];
        this.random = new SplittableRandom(config.seed());
    }

    LanczosResult run() {
        if (!randomOrthogonal(basis.vector(0), 0)) {
            throw new IllegalStateException("could not draw a start vector");
        }
        int done = 0;
        double lastBeta = 0;
        while (true) {
            boolean spanned = false;
            while (done < m && products < config.maxMatrixVectorProducts()) {
                int j = done;
                lastBeta = step(j);
                done = j + 1;
                if (done < m) {
                    if (lastBeta > BREAKDOWN * normEstimate) {
                        basis.scaleInto(work, 1 / lastBeta, basis.vector(done));
                        projected[done][j] = lastBeta;
                        projected[j][done] = lastBeta;
                    } else {
                        // Invariant Krylov space: continue with a fresh direction (no coupling).
                        lastBeta = 0;
                        if (!randomOrthogonal(basis.vector(done), done)) {
                            spanned = true;
                            break;
                        }
                    }
                } else if (!(lastBeta > BREAKDOWN * normEstimate)) {
                    lastBeta = 0;
                }
            }
            int size = done;
            Ritz ritz = rayleighRitz(size, lastBeta);
            boolean converged = ritz.convergedCount() == k;
            LanczosResult.StopReason stop = null;
            if (spanned || (lastBeta == 0 && size == n)) {
                stop = LanczosResult.StopReason.SPACE_EXHAUSTED;
            } else if (converged || lastBeta == 0) {
                stop = LanczosResult.StopReason.CONVERGED;
            } else if (done < m || products >= config.maxMatrixVectorProducts()) {
                stop = LanczosResult.StopReason.BUDGET_EXHAUSTED;
            }
            if (stop != null) {
                return finish(ritz, size, stop);
            }
            done = restart(ritz, size, lastBeta);
        }
    }

    /** One Lanczos step on basis vector {@code j}: {@code work = A v_j} orthogonalised; returns beta. */
    private double step(int j) {
        applyOperator(basis.vector(j), work);
        basis.orthogonalize(work, j + 1, coefficients);
        double beta = basis.norm(work);
        double alpha = coefficients[j];
        if (!(Double.isFinite(beta) && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("the operator returned a non-finite vector on product "
                    + products + " (alpha = " + alpha + ", beta = " + beta + "); check the matrix-vector "
                    + "product, e.g. a NaN loss or an overflowing finite-difference step");
        }
        double sq = beta * beta;
        for (int i = 0; i <= j; i++) {
            sq += coefficients[i] * coefficients[i];
        }
        normEstimate = Math.max(normEstimate, Math.sqrt(sq));  // ||A v_j||
        projected[j][j] = alpha;
        return beta;
    }

    private void applyOperator(double[] in, double[] out) {
        operator.apply(in, out);
        products++;
    }

    /** Ritz values in the wanted order, their coordinates, and the Lanczos residual estimates. */
    private record Ritz(double[] values, double[][] coordinates, int[] order, double[] estimates,
            int convergedCount) {
    }

    private Ritz rayleighRitz(int size, double lastBeta) {
        double[][] t = new double[size][size];
        for (int i = 0; i < size; i++) {
            t[i] = Arrays.copyOf(projected[i], size);
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(t, false));
        double[] values = eig.getRealEigenvalues();
        double[][] y = eig.getV().getData();
        Comparator<Integer> wanted = switch (config.spectrumEnd()) {
            case LARGEST_ALGEBRAIC -> Comparator.comparingDouble((Integer i) -> -values[i]);
            case SMALLEST_ALGEBRAIC -> Comparator.comparingDouble((Integer i) -> values[i]);
            case LARGEST_MAGNITUDE -> Comparator.comparingDouble((Integer i) -> -Math.abs(values[i]));
        };
        int[] order = IntStream.range(0, size).boxed().sorted(wanted.thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        double[] estimates = new double[size];
        for (int i = 0; i < size; i++) {
            normEstimate = Math.max(normEstimate, Math.abs(values[i]));
            estimates[i] = Math.abs(lastBeta * y[size - 1][i]);
        }
        int converged = 0;
        for (int r = 0; r < Math.min(k, size); r++) {
            if (estimates[order[r]] <= config.tolerance() * normEstimate) {
                converged++;
            }
        }
        return new Ritz(values, y, order, estimates, converged);
    }

    /**
     * Thick restart (Wu &amp; Simon 2000): keep the {@code keep} most wanted Ritz vectors, append the
     * normalised residual direction, and continue; the projected matrix becomes the diagonal of kept
     * Ritz values bordered by the couplings {@code s_i = beta y_{m,i}} to the residual direction.
     *
     * @return the number of projected-matrix columns already known ({@code keep})
     */
    private int restart(Ritz ritz, int size, double lastBeta) {
        int keep = Lanczos.keptOnRestart(k, m);
        int[] columns = Arrays.copyOf(ritz.order(), keep);
        basis.rotate(ritz.coordinates(), size, columns);
        for (double[] row : projected) {
            Arrays.fill(row, 0);
        }
        for (int i = 0; i < keep; i++) {
            projected[i][i] = ritz.values()[columns[i]];
            double coupling = lastBeta * ritz.coordinates()[size - 1][columns[i]];
            projected[i][keep] = coupling;
            projected[keep][i] = coupling;
        }
        basis.scaleInto(work, 1 / lastBeta, basis.vector(keep));
        restarts++;
        return keep;
    }

    private LanczosResult finish(Ritz ritz, int size, LanczosResult.StopReason stop) {
        int count = Math.min(k, size);
        int[] columns = Arrays.copyOf(ritz.order(), count);
        basis.rotate(ritz.coordinates(), size, columns);
        boolean exact = stop == LanczosResult.StopReason.SPACE_EXHAUSTED;
        List<RitzPair> pairs = new ArrayList<>(count);
        int residualProducts = 0;
        for (int i = 0; i < count; i++) {
            double value = ritz.values()[columns[i]];
            double residual;
            if (config.residualMode() == ResidualMode.TRUE) {
                applyOperator(basis.vector(i), work);
                residualProducts++;
                residual = residualNorm(work, basis.vector(i), value);
            } else {
                residual = exact ? 0 : ritz.estimates()[columns[i]];
            }
            pairs.add(new RitzPair(value, residual, residual <= config.tolerance() * normEstimate));
        }
        return new LanczosResult(config, pairs, basis.release(count), new LanczosResult.Effort(m,
                Lanczos.bytesFor(n, m), products, residualProducts, restarts), normEstimate, stop);
    }

    /** {@code ||av - value v||}, chunk-wise like the basis kernels. */
    private double residualNorm(double[] av, double[] v, double value) {
        for (int i = 0; i < n; i++) {
            av[i] -= value * v[i];
        }
        return basis.norm(av);
    }

    /**
     * Fills {@code target} with a seeded Gaussian vector orthogonalised against the first {@code count}
     * basis vectors and normalised; false if nothing of it is left (the basis spans the space).
     */
    private boolean randomOrthogonal(double[] target, int count) {
        for (int i = 0; i < n; i++) {
            target[i] = random.nextGaussian();
        }
        double before = basis.norm(target);
        if (count > 0) {
            basis.orthogonalize(target, count, new double[count]);
        }
        double after = basis.norm(target);
        if (!(after > EXHAUSTED * before)) {
            return false;
        }
        basis.scaleInto(target, 1 / after, target);
        return true;
    }
}
