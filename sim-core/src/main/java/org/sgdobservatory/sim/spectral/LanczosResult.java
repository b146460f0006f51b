package org.sgdobservatory.sim.spectral;

import java.util.Arrays;
import java.util.List;

/**
 * What one {@link Lanczos#solve} run found and what it cost: the Ritz pairs in the requested order
 * ({@link SpectrumEnd}), their unit eigenvectors, and the achieved Krylov dimension, memory,
 * matrix-vector products and restarts.
 *
 * <p>The pairs are the best the budget allowed: check {@link RitzPair#converged()} per pair (or
 * {@link #allConverged()}) before trusting one; an unconverged pair is still the Rayleigh-Ritz
 * approximation from the final basis, with its residual. Fewer than the requested pairs come back
 * only if the matrix-vector budget ran out before the basis reached {@code k} vectors.
 *
 * <p>Immutable (vectors are copied in and out); safe to read from several threads.
 */
public final class LanczosResult {

    /** Why the iteration stopped. */
    public enum StopReason {
        /** Every requested pair met the residual tolerance. */
        CONVERGED,
        /**
         * The Krylov space of the start vector became invariant and no new direction orthogonal to
         * it exists (the basis spans the whole space, e.g. {@code n <= m}): the pairs are exact.
         */
        SPACE_EXHAUSTED,
        /** The matrix-vector budget ran out first; see each pair's {@code converged} flag. */
        BUDGET_EXHAUSTED
    }

    private final SpectrumEnd spectrumEnd;
    private final List<RitzPair> pairs;
    private final double[][] vectors;
    private final int requestedPairs;
    private final int basisVectors;
    private final long bytes;
    private final int matrixVectorProducts;
    private final int residualProducts;
    private final int restarts;
    private final double normEstimate;
    private final double tolerance;
    private final ResidualMode residualMode;
    private final StopReason stopReason;

    /**
     * What a run spent.
     *
     * @param basisVectors the achieved maximum Krylov dimension
     * @param bytes the vector storage held
     * @param matrixVectorProducts every operator call, residual checks included
     * @param residualProducts the calls spent on true residuals
     * @param restarts thick restarts performed
     */
    record Effort(int basisVectors, long bytes, int matrixVectorProducts, int residualProducts, int restarts) {
    }

    LanczosResult(Lanczos config, List<RitzPair> pairs, double[][] vectors, Effort effort, double normEstimate,
            StopReason stopReason) {
        this.spectrumEnd = config.spectrumEnd();
        this.pairs = List.copyOf(pairs);
        this.vectors = vectors;
        this.requestedPairs = config.eigenpairs();
        this.basisVectors = effort.basisVectors();
        this.bytes = effort.bytes();
        this.matrixVectorProducts = effort.matrixVectorProducts();
        this.residualProducts = effort.residualProducts();
        this.restarts = effort.restarts();
        this.normEstimate = normEstimate;
        this.tolerance = config.tolerance();
        this.residualMode = config.residualMode();
        this.stopReason = stopReason;
    }

    /** The pairs, most wanted first (e.g. largest eigenvalue first for {@link SpectrumEnd#LARGEST_ALGEBRAIC}). */
    public List<RitzPair> pairs() {
        return pairs;
    }

    /** Number of pairs returned ({@code <= } {@link #requestedPairs()}). */
    public int size() {
        return pairs.size();
    }

    /** The eigenvalues of {@link #pairs()}, in the same order (a fresh array). */
    public double[] eigenvalues() {
        return pairs.stream().mapToDouble(RitzPair::eigenvalue).toArray();
    }

    /**
     * A copy of eigenvector {@code i} (unit norm; the sign is arbitrary). At {@code n} in the millions
     * prefer {@link #project} or {@link #copyEigenvector}, which do not allocate.
     *
     * @param i pair index in {@code [0, size())}
     * @return the vector, length {@code n}
     */
    public double[] eigenvector(int i) {
        return vectors[checkIndex(i)].clone();
    }

    /**
     * Copies eigenvector {@code i} into {@code target}.
     *
     * @param i pair index in {@code [0, size())}
     * @param target array of length {@code n}, overwritten
     */
    public void copyEigenvector(int i, double[] target) {
        double[] v = vectors[checkIndex(i)];
        checkLength("target", target, v.length);
        System.arraycopy(v, 0, target, 0, v.length);
    }

    /**
     * The coordinate of {@code x} along eigenvector {@code i}, {@code x_i' x} (e.g. a parameter vector's
     * displacement along a Hessian direction, or a minibatch gradient's component along it).
     *
     * @param i pair index in {@code [0, size())}
     * @param x array of length {@code n}, not modified
     * @return the dot product
     */
    public double project(int i, double[] x) {
        double[] v = vectors[checkIndex(i)];
        checkLength("x", x, v.length);
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            s += v[j] * x[j];
        }
        return s;
    }

    /** Which end of the spectrum was asked for. */
    public SpectrumEnd spectrumEnd() {
        return spectrumEnd;
    }

    /** The {@code k} asked for. */
    public int requestedPairs() {
        return requestedPairs;
    }

    /**
     * The achieved maximum Krylov dimension {@code m}: the requested one capped by the memory budget and
     * by {@code n}.
     */
    public int basisVectors() {
        return basisVectors;
    }

    /** Bytes of the vector storage the run held: {@code (m + 1) n * 8} (the basis and one work vector). */
    public long bytes() {
        return bytes;
    }

    /** Every call of {@link SymmetricOperator#apply} made, residual checks included. */
    public int matrixVectorProducts() {
        return matrixVectorProducts;
    }

    /** The products spent on true residuals ({@code size()} with {@link ResidualMode#TRUE}, else 0). */
    public int residualProducts() {
        return residualProducts;
    }

    /** Thick restarts performed (0: the first basis sufficed). */
    public int restarts() {
        return restarts;
    }

    /**
     * The estimate of {@code ||A||} the convergence test is relative to: the largest {@code |l|} of any
     * Ritz value and any {@code ||A v||} seen (a lower bound of the spectral norm, close to it once the
     * extreme eigenvalue has converged).
     */
    public double normEstimate() {
        return normEstimate;
    }

    /** The relative residual tolerance: a pair is converged when {@code residual <= tolerance * normEstimate()}. */
    public double tolerance() {
        return tolerance;
    }

    /** Whether the residuals are recomputed ({@link ResidualMode#TRUE}) or the Lanczos estimate. */
    public ResidualMode residualMode() {
        return residualMode;
    }

    /** Why the iteration stopped. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** Whether {@link #requestedPairs()} pairs came back and all converged. */
    public boolean allConverged() {
        return pairs.size() == requestedPairs && pairs.stream().allMatch(RitzPair::converged);
    }

    private int checkIndex(int i) {
        if (!(i >= 0 && i < vectors.length)) {
            throw new IllegalArgumentException("pair index must be in [0, " + vectors.length + "), was " + i
                    + "; pass an index below size()");
        }
        return i;
    }

    private static void checkLength(String name, double[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + " must have length n = " + n + ", was "
                    + (a == null ? "null" : a.length) + "; pass a vector of the operator's dimension");
        }
    }

    @Override
    public String toString() {
        return "LanczosResult[" + spectrumEnd + ", " + pairs.size() + "/" + requestedPairs + " pairs, "
                + stopReason + ", m=" + basisVectors + ", matvecs=" + matrixVectorProducts + ", restarts="
                + restarts + ", eigenvalues=" + Arrays.toString(eigenvalues()) + "]";
    }
}
