package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code l(x) = c x^4}. Immutable and thread-safe. */
final class Quartic implements ScalarLoss {
    private final double coefficient;

    Quartic(double coefficient) {
        if (coefficient > 0 && Double.isFinite(coefficient)) {
            this.coefficient = coefficient;
            return;
        }
        throw new IllegalArgumentException("quartic coefficient must be finite and > 0, was " + coefficient);
    }

    @Override public double value(double x) { double x2 = x * x; return coefficient * x2 * x2; }
    @Override public double derivative(double x) { return 4 * coefficient * x * x * x; }
    @Override public double curvature(double x) { return 12 * coefficient * x * x; }

    @Override public INDArray value(INDArray x) {
        INDArray x2 = x.mul(x);
        return x2.muli(x2).muli(coefficient);
    }

    @Override public INDArray derivative(INDArray x) {
        return x.mul(x).muli(x).muli(4 * coefficient);
    }

    @Override public void derivative(INDArray x, INDArray target) {
        target.assign(x).muli(x).muli(x).muli(4 * coefficient);
    }

    @Override public String toString() { return "quartic(c=" + coefficient + ")"; }
}
