package org.sgdobservatory.listener.probe;

import org.sgdobservatory.report.model.CurvatureMethod;

/**
 * What {@link GradientProbes#noiseAndCurvature} measured on one probe set: the noise probe and the Hessian diagonal
 * of the tracked parameters, and how the diagonal was obtained (a holder of arrays, hence not a record).
 */
public final class NoiseAndCurvature {

    private final NoiseProbeResult noise;
    private final double[][] hessianDiagonal;
    private final CurvatureMethod curvatureMethod;

    NoiseAndCurvature(NoiseProbeResult noise, double[][] hessianDiagonal, CurvatureMethod curvatureMethod) {
        this.noise = noise;
        this.hessianDiagonal = hessianDiagonal;
        this.curvatureMethod = curvatureMethod;
    }

    /** The noise probe, as {@link GradientProbes#gradientNoise} gives it. */
    public NoiseProbeResult noise() {
        return noise;
    }

    /** Per tracked parameter {@code i}, the Hessian diagonal entry (regularisation included). */
    public double curvature(int i) {
        return hessianDiagonal[i][0];
    }

    /** Per tracked parameter {@code i}, the standard error of {@link #curvature} (0 when exact). */
    public double curvatureStandardError(int i) {
        return hessianDiagonal[i][1];
    }

    /** Per tracked parameter, {@code [estimate, standardError]} rows (a copy). */
    double[][] hessianDiagonal() {
        double[][] out = new double[hessianDiagonal.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = hessianDiagonal[i].clone();
        }
        return out;
    }

    /** How the diagonal was obtained. */
    public CurvatureMethod curvatureMethod() {
        return curvatureMethod;
    }
}
