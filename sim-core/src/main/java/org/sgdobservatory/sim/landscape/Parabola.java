package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code l(x) = h x^2 / 2}. Immutable and thread-safe. */
final class Parabola implements ScalarLoss {
    private final double curvature;

    Parabola(double curvature) {
        if (!Double.isFinite(curvature)) {
            throw new IllegalArgumentException("curvature must be finite, was " + curvature);
        }
        this.curvature = curvature;
    }

    @Override public double value(double x) { return 0.5 * curvature * x * x; }
    @Override public double derivative(double x) { return curvature * x; }
    @Override public double curvature(double x) { return curvature; }
    @Override public INDArray value(INDArray x) { return x.mul(x).muli(0.5 * curvature); }
    @Override public INDArray derivative(INDArray x) { return x.mul(curvature); }
    @Override public void derivative(INDArray x, INDArray target) { target.assign(x).muli(curvature); }
    @Override public String toString() { return "quadratic(h=" + curvature + ")"; }
}
