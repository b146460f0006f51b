package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code l(x) = a (x^2 - 1)^2}, minima at ±1 with curvature {@code 8a}. Immutable and thread-safe. */
final class DoubleWell implements ScalarLoss {
    private final double height;

    DoubleWell(double height) {
        if (height > 0 && Double.isFinite(height)) {
            this.height = height;
            return;
        }
        throw new IllegalArgumentException("double-well height must be finite and > 0, was " + height);
    }

    @Override public double value(double x) { double d = x * x - 1; return height * d * d; }
    @Override public double derivative(double x) { return 4 * height * x * (x * x - 1); }
    @Override public double curvature(double x) { return height * (12 * x * x - 4); }

    @Override public INDArray value(INDArray x) {
        INDArray d = x.mul(x).subi(1.0);
        return d.muli(d).muli(height);
    }

    @Override public INDArray derivative(INDArray x) {
        return x.mul(x).subi(1.0).muli(x).muli(4 * height);
    }

    @Override public void derivative(INDArray x, INDArray target) {
        target.assign(x).muli(x).subi(1.0).muli(x).muli(4 * height);
    }

    @Override public String toString() { return "double-well(a=" + height + ")"; }
}
