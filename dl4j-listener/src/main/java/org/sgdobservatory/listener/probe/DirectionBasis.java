package org.sgdobservatory.listener.probe;

import org.sgdobservatory.report.model.SpectralReport;

/**
 * The top eigenpairs of the frame's operator, found when the window's first minibatches were in: eigenvalues with
 * Lanczos's residuals, the eigenvectors {@code v_k} (unit, in the frame's coordinates), how they were found. The
 * projection of the parameters on direction {@code k} is {@code a_k . theta} with {@code a_k = P^{-1/2} v_k}; the
 * noise along it is the variance of {@code w_k . g} with {@code w_k = P^{1/2} v_k}. The eigenvectors are kept in
 * single precision ({@code 4 k P} bytes): their relative rounding, {@code 6e-8}, is far below Lanczos's residual
 * tolerance. A holder of arrays, hence a final class; its arrays are never exposed.
 */
public final class DirectionBasis {

    private final DirectionFrame frame;
    private final float[][] vectors;
    private final double[] eigenvalues;
    private final double[] residuals;
    private final boolean[] converged;
    private final SpectralReport.Solve solve;

    DirectionBasis(DirectionFrame frame, double[][] vectors, double[] eigenvalues, double[] residuals,
                   boolean[] converged, SpectralReport.Solve solve) {
        this.frame = frame;
        this.vectors = new float[vectors.length][];
        for (int k = 0; k < vectors.length; k++) {
            this.vectors[k] = new float[vectors[k].length];
            for (int i = 0; i < vectors[k].length; i++) {
                this.vectors[k][i] = (float) vectors[k][i];
            }
        }
        this.eigenvalues = eigenvalues;
        this.residuals = residuals;
        this.converged = converged;
        this.solve = solve;
    }

    /** The frame the directions live in. */
    public DirectionFrame frame() {
        return frame;
    }

    /** Bytes the directions take when kept: {@code 4 k P}. */
    public static long bytesKept(int directions, long parameters) {
        return 4L * directions * parameters;
    }

    /** Number of directions. */
    public int size() {
        return eigenvalues.length;
    }

    /** Eigenvalue {@code k} (largest first). */
    public double eigenvalue(int k) {
        return eigenvalues[k];
    }

    /** Lanczos's residual norm of pair {@code k}. */
    public double residual(int k) {
        return residuals[k];
    }

    /** Whether pair {@code k} converged. */
    public boolean converged(int k) {
        return converged[k];
    }

    /** The projection vector {@code a_k = P^{-1/2} v_k} (0 where a parameter is left out of the frame), a new array. */
    public double[] projection(int k) {
        double[] a = new double[vectors[k].length];
        for (int i = 0; i < a.length; i++) {
            double root = frame.sqrtPreconditioner(i);
            a[i] = root > 0 ? vectors[k][i] / root : 0;
        }
        return a;
    }

    /** The noise vector {@code w_k = P^{1/2} v_k}, a new array. */
    public double[] noiseDirection(int k) {
        return noiseDirection(k, new double[vectors[k].length]);
    }

    /**
     * The noise vector {@code w_k} into {@code into} (length numParams), returned: a caller taking every direction
     * reuses one array rather than making a large one per direction.
     */
    public double[] noiseDirection(int k, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = vectors[k][i] * frame.sqrtPreconditioner(i);
        }
        return into;
    }

    /** How the eigenpairs were found. */
    public SpectralReport.Solve solve() {
        return solve;
    }
}
