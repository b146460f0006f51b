package org.sgdobservatory.sim.spectral;

/**
 * The {@code k} extreme eigenpairs of a symmetric operator known only through matrix-vector products
 * (e.g. a network's Hessian through Hessian-vector products), by thick-restart Lanczos with full
 * reorthogonalisation, in bounded memory.
 *
 * <p><b>Algorithm.</b> From a seeded Gaussian start vector {@code v_1}, each step computes
 * {@code w = A v_j}, removes its components along all basis vectors by classical Gram-Schmidt applied
 * twice ("twice is enough", Giraud, Langou &amp; Rozloznik 2005; this keeps the basis orthonormal to
 * working precision, so no spurious copies of converged eigenvalues appear), and appends
 * {@code v_{j+1} = w/||w||}. The projected matrix {@code T = V' A V} is tridiagonal
 * ({@code alpha_j = v_j' A v_j} on the diagonal, {@code beta_j = ||w||} beside it). When the basis holds
 * {@code m} vectors, the Rayleigh-Ritz step diagonalises {@code T = Y diag(theta) Y'} (commons-math3
 * {@code EigenDecomposition}; {@code m} is small) and the Ritz pairs are {@code (theta_i, V y_i)} with
 * residual {@code ||A V y_i - theta_i V y_i|| = |beta_m y_{m,i}|}. If the {@code k} wanted pairs have
 * not converged, the run restarts thickly (Wu &amp; Simon, SIAM J. Matrix Anal. Appl. 22 (2000)
 * 602-616): the {@code l} most wanted Ritz vectors and the residual direction {@code v_{m+1}} become
 * the new basis, {@code T} becomes {@code diag(theta_1..theta_l)} bordered by the couplings
 * {@code beta_m y_{m,i}}, and the Lanczos steps continue from there. Restarting keeps the memory at
 * {@code m} vectors however many steps convergence needs, which a plain {@code m}-step Lanczos
 * cannot. If a step finds an invariant subspace ({@code beta ~ 0}) the run continues with a new
 * seeded random direction orthogonal to the basis.
 *
 * <p><b>Choices.</b> The default Krylov dimension is {@code m = max(2k + 8, 24)} capped at {@code n}
 * (the usual "a bit more than twice the wanted count" of implicitly or thickly restarted codes); a
 * restart keeps {@code l = k + (m - k)/2} Ritz vectors, so every cycle adds {@code m - l} new
 * directions. Convergence: a pair is converged when its residual is at most
 * {@code tolerance * ||A||_est} (default {@code 1e-10}), {@code ||A||_est} being the largest
 * {@code |theta|} or {@code ||A v_j||} seen; then some eigenvalue lies within that residual of the
 * Ritz value, and within {@code residual^2/gap} of it when isolated by {@code gap}.
 *
 * <p><b>What is returned.</b> The {@code k} eigenvalues at the requested {@link SpectrumEnd}: by
 * default the largest algebraic ones, signs included, in decreasing order: for a Hessian with
 * negative eigenvalues these are the stiffest directions, and a negative value among them means
 * fewer than {@code k} positive eigenvalues exist. Ask for {@link SpectrumEnd#SMALLEST_ALGEBRAIC} to
 * find the most negative curvature.
 *
 * <p><b>Memory and cost.</b> The run holds {@code m} basis vectors and one work vector of {@code n}
 * doubles, {@code 8 (m + 1) n} bytes (at {@code n = 2e6, m = 40}: 656 MB), plus {@code O(m^2)} and
 * {@code O(m n / 8192)} small arrays; a {@link LanczosBuilder#memoryBudgetBytes} caps {@code m} to fit, and the
 * result reports the {@code m} achieved. Ritz vectors are formed in place in the basis. Per step:
 * one product {@code A v} and about {@code 8 j n} flops of reorthogonalisation over {@code j} basis
 * vectors (three passes over the basis, {@link KrylovBasis}), which dominate for cheap operators at large
 * {@code n}.
 * Vector kernels run chunk-parallel with a fixed chunking, so a seed gives the same bits whatever the
 * thread count.
 *
 * <p><b>Limitation.</b> A single-vector Krylov method cannot see an exactly repeated eigenvalue beyond
 * the first copy unless rounding or a breakdown introduces the missing direction: with a multiplicity
 * at the top it may return the next distinct eigenvalue as "converged". Hessians of trained networks
 * rarely have exact repeats among their largest eigenvalues; if one is suspected, compare runs with
 * different seeds or a larger {@code k}.
 *
 * <p>Create with {@link #builder()}; immutable and thread-safe ({@link #solve} allocates its state per
 * call, and the operator is called from the calling thread only).
 */
public final class Lanczos {
    static final double DEFAULT_TOLERANCE = 1e-10;

    private final int eigenpairs;
    private final long seed;
    private final SpectrumEnd spectrumEnd;
    private final int maxBasisVectors;
    private final long memoryBudgetBytes;
    private final int maxMatrixVectorProducts;
    private final double tolerance;
    private final ResidualMode residualMode;

    /** Made by {@link LanczosBuilder#build()}, which has validated every value; 0 means the default. */
    Lanczos(int eigenpairs, long seed, SpectrumEnd spectrumEnd, int maxBasisVectors, long memoryBudgetBytes,
            int maxMatrixVectorProducts, double tolerance, ResidualMode residualMode) {
        this.eigenpairs = eigenpairs;
        this.seed = seed;
        this.spectrumEnd = spectrumEnd;
        this.maxBasisVectors = maxBasisVectors > 0 ? maxBasisVectors : defaultBasisVectors(eigenpairs);
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.maxMatrixVectorProducts = maxMatrixVectorProducts > 0 ? maxMatrixVectorProducts
                : defaultMatrixVectorProducts(this.maxBasisVectors);
        this.tolerance = tolerance;
        this.residualMode = residualMode;
    }

    /** A builder; {@link LanczosBuilder#eigenpairs} and {@link LanczosBuilder#seed} are required. */
    public static LanczosBuilder builder() {
        return new LanczosBuilder();
    }

    /** The default Krylov dimension for {@code k} pairs: {@code max(2k + 8, 24)}. */
    public static int defaultBasisVectors(int eigenpairs) {
        return Math.max(2 * eigenpairs + 8, 24);
    }

    /** The default matrix-vector budget for a Krylov dimension {@code m}: {@code max(500, 20 m)}. */
    public static int defaultMatrixVectorProducts(int basisVectors) {
        return Math.max(500, 20 * basisVectors);
    }

    /** Ritz vectors kept on a thick restart: {@code k + (m - k)/2}, at least {@code k}, below {@code m}. */
    static int keptOnRestart(int eigenpairs, int basisVectors) {
        return Math.min(basisVectors - 1, eigenpairs + (basisVectors - eigenpairs) / 2);
    }

    /** Bytes of vector storage for dimension {@code n} and Krylov dimension {@code m}: {@code 8 (m + 1) n}. */
    public static long bytesFor(int dimension, int basisVectors) {
        return 8L * (basisVectors + 1L) * dimension;
    }

    /**
     * The Krylov dimension a run on an operator of dimension {@code n} will use: the configured maximum,
     * capped by {@code n} and by the memory budget ({@code 8 (m + 1) n <= budget}).
     *
     * @param dimension {@code n >= 1}
     * @return the achieved {@code m}
     * @throws IllegalArgumentException if {@code n < k}, or the budget leaves fewer than
     *     {@code min(n, k + 2)} basis vectors (the message gives the bytes needed)
     */
    public int basisVectorsFor(int dimension) {
        if (!(dimension >= 1)) {
            throw new IllegalArgumentException("operator dimension must be >= 1, was " + dimension
                    + "; pass an operator of a non-empty space");
        }
        if (!(eigenpairs <= dimension)) {
            throw new IllegalArgumentException("eigenpairs k = " + eigenpairs + " exceeds the operator "
                    + "dimension n = " + dimension + "; ask for at most n pairs");
        }
        long byBudget = memoryBudgetBytes / (8L * dimension) - 1;
        int m = (int) Math.min(Math.min(maxBasisVectors, dimension), Math.max(0, byBudget));
        int needed = Math.min(dimension, eigenpairs + 2);
        if (!(m >= needed)) {
            throw new IllegalArgumentException("memoryBudgetBytes = " + memoryBudgetBytes + " holds only m = "
                    + m + " basis vectors of n = " + dimension + " doubles, but k = " + eigenpairs
                    + " pairs need m >= " + needed + "; raise the budget to at least "
                    + bytesFor(dimension, needed) + " bytes or ask for fewer pairs");
        }
        return m;
    }

    /**
     * Runs thick-restart Lanczos on {@code operator}.
     *
     * @param operator a symmetric operator; called from this thread only
     * @return the pairs, their residuals and the cost
     * @throws IllegalArgumentException if {@code k > n}, the memory budget is too small (see
     *     {@link #basisVectorsFor}), or the operator returns a non-finite vector
     */
    public LanczosResult solve(SymmetricOperator operator) {
        java.util.Objects.requireNonNull(operator, "operator");
        int m = basisVectorsFor(operator.dimension());
        return new LanczosRun(this, operator, m).run();
    }

    /** {@code k}, the number of eigenpairs wanted. */
    public int eigenpairs() {
        return eigenpairs;
    }

    /** The seed of the start vector (and of any restart direction after a breakdown). */
    public long seed() {
        return seed;
    }

    /** Which end of the spectrum is wanted. */
    public SpectrumEnd spectrumEnd() {
        return spectrumEnd;
    }

    /** The configured maximum Krylov dimension {@code m} (before the memory cap). */
    public int maxBasisVectors() {
        return maxBasisVectors;
    }

    /** The memory budget for vector storage in bytes ({@code Long.MAX_VALUE}: none). */
    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /** The cap on products spent on iterations (true residuals add {@code k} more). */
    public int maxMatrixVectorProducts() {
        return maxMatrixVectorProducts;
    }

    /** The relative residual tolerance. */
    public double tolerance() {
        return tolerance;
    }

    /** How residuals are reported. */
    public ResidualMode residualMode() {
        return residualMode;
    }

    @Override
    public String toString() {
        return "Lanczos[k=" + eigenpairs + ", " + spectrumEnd + ", m<=" + maxBasisVectors + ", budget="
                + (memoryBudgetBytes == Long.MAX_VALUE ? "none" : memoryBudgetBytes + " B") + ", matvecs<="
                + maxMatrixVectorProducts + ", tol=" + tolerance + ", residuals=" + residualMode + ", seed="
                + seed + "]";
    }
}
