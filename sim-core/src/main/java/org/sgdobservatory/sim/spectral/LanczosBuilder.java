package org.sgdobservatory.sim.spectral;

import java.util.Objects;

/**
 * Validating builder for {@link Lanczos} (made by {@link Lanczos#builder()}): every setter checks its argument,
 * {@link #build()} the combination. Not thread-safe.
 */
public final class LanczosBuilder {
    private int eigenpairs;
    private long seed;
    private boolean seedSet;
    private SpectrumEnd spectrumEnd = SpectrumEnd.LARGEST_ALGEBRAIC;
    private int maxBasisVectors;
    private long memoryBudgetBytes = Long.MAX_VALUE;
    private int maxMatrixVectorProducts;
    private double tolerance = Lanczos.DEFAULT_TOLERANCE;
    private ResidualMode residualMode = ResidualMode.TRUE;

    LanczosBuilder() {
    }

    /**
     * The number of eigenpairs {@code k >= 1} (required).
     *
     * @param k pairs wanted
     * @return this builder
     */
    public LanczosBuilder eigenpairs(int k) {
        if (!(k >= 1)) {
            throw new IllegalArgumentException("eigenpairs must be >= 1, was " + k
                    + "; ask for at least one eigenpair");
        }
        this.eigenpairs = k;
        return this;
    }

    /**
     * The seed of the start vector, drawn from {@code new SplittableRandom(seed)} (required).
     *
     * @param seed any long
     * @return this builder
     */
    public LanczosBuilder seed(long seed) {
        this.seed = seed;
        this.seedSet = true;
        return this;
    }

    /**
     * Which end of the spectrum (default {@link SpectrumEnd#LARGEST_ALGEBRAIC}).
     *
     * @param end the end
     * @return this builder
     */
    public LanczosBuilder spectrumEnd(SpectrumEnd end) {
        this.spectrumEnd = Objects.requireNonNull(end, "spectrumEnd");
        return this;
    }

    /**
     * The maximum Krylov dimension {@code m >= 2} (default {@code max(2k + 8, 24)}); the run uses
     * at most {@code n} and what the memory budget allows.
     *
     * @param m basis vectors
     * @return this builder
     */
    public LanczosBuilder maxBasisVectors(int m) {
        if (!(m >= 2)) {
            throw new IllegalArgumentException("maxBasisVectors must be >= 2, was " + m
                    + "; pass at least k + 2 (default max(2k + 8, 24))");
        }
        this.maxBasisVectors = m;
        return this;
    }

    /**
     * A cap on the vector storage, {@code 8 (m + 1) n} bytes (default: none).
     *
     * @param bytes the budget, {@code > 0}
     * @return this builder
     */
    public LanczosBuilder memoryBudgetBytes(long bytes) {
        if (!(bytes > 0)) {
            throw new IllegalArgumentException("memoryBudgetBytes must be > 0, was " + bytes
                    + "; pass the bytes the basis may use, e.g. 8 (m + 1) n");
        }
        this.memoryBudgetBytes = bytes;
        return this;
    }

    /**
     * The cap on matrix-vector products of the iteration (default {@code max(500, 20 m)}); true
     * residuals cost {@code k} more.
     *
     * @param products the budget, {@code >= k}
     * @return this builder
     */
    public LanczosBuilder maxMatrixVectorProducts(int products) {
        if (!(products >= 1)) {
            throw new IllegalArgumentException("maxMatrixVectorProducts must be >= 1, was " + products
                    + "; pass a budget of at least k products");
        }
        this.maxMatrixVectorProducts = products;
        return this;
    }

    /**
     * The relative residual tolerance in {@code [1e-15, 1)} (default {@code 1e-10}).
     *
     * @param tolerance a pair converges when {@code ||A x - l x|| <= tolerance ||A||_est}
     * @return this builder
     */
    public LanczosBuilder tolerance(double tolerance) {
        if (!(tolerance >= 1e-15 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [1e-15, 1), was " + tolerance
                    + "; pass a relative residual such as 1e-10 (rounding limits it to ~1e-15)");
        }
        this.tolerance = tolerance;
        return this;
    }

    /**
     * How residuals are reported (default {@link ResidualMode#TRUE}).
     *
     * @param mode the mode
     * @return this builder
     */
    public LanczosBuilder residualMode(ResidualMode mode) {
        this.residualMode = Objects.requireNonNull(mode, "residualMode");
        return this;
    }

    /**
     * The configuration.
     *
     * @return an immutable {@link Lanczos}
     * @throws IllegalStateException if {@code eigenpairs} or {@code seed} was not set
     * @throws IllegalArgumentException if {@code maxBasisVectors < k + 2} or
     *     {@code maxMatrixVectorProducts < k}
     */
    public Lanczos build() {
        if (eigenpairs == 0) {
            throw new IllegalStateException("eigenpairs was not set; call eigenpairs(k) before build()");
        }
        if (!seedSet) {
            throw new IllegalStateException("seed was not set; call seed(s) before build() so the start "
                    + "vector is reproducible");
        }
        if (maxBasisVectors > 0 && !(maxBasisVectors >= eigenpairs + 2)) {
            throw new IllegalArgumentException("maxBasisVectors = " + maxBasisVectors + " must be >= k + 2 = "
                    + (eigenpairs + 2) + "; raise it (default max(2k + 8, 24)) or ask for fewer pairs");
        }
        if (maxMatrixVectorProducts > 0 && !(maxMatrixVectorProducts >= eigenpairs)) {
            throw new IllegalArgumentException("maxMatrixVectorProducts = " + maxMatrixVectorProducts
                    + " is below k = " + eigenpairs + "; allow at least k products");
        }
        return new Lanczos(eigenpairs, seed, spectrumEnd, maxBasisVectors, memoryBudgetBytes, maxMatrixVectorProducts,
                tolerance, residualMode);
    }
}
