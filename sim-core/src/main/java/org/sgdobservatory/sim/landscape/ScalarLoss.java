package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A one-dimensional loss {@code l(x)} applied element-wise, the building block of separable
 * landscapes {@code L(x) = sum_i l_i(x_i)} and of the 1-D Gibbs densities in the theory package.
 *
 * <p>Implementations are immutable and thread-safe; the array methods never modify their input.
 */
public interface ScalarLoss {

    /** {@code l(x)} for one value. */
    double value(double x);

    /** {@code l'(x)} for one value. */
    double derivative(double x);

    /** {@code l(x)} element-wise; returns a new array of the same shape. */
    INDArray value(INDArray x);

    /** {@code l'(x)} element-wise; returns a new array of the same shape. */
    INDArray derivative(INDArray x);

    /**
     * {@code l'(x)} element-wise into {@code target} (same shape; may not be {@code x} itself). The
     * default delegates to {@link #derivative(INDArray)}.
     */
    default void derivative(INDArray x, INDArray target) {
        target.assign(derivative(x));
    }

    /** The curvature {@code l''(x)} at a point, used for stability checks and local predictions. */
    double curvature(double x);

    /** {@code l(x) = curvature * x^2 / 2}. */
    static ScalarLoss quadratic(double curvature) {
        return new Parabola(curvature);
    }

    /** {@code l(x) = coefficient * x^4}: flat at the minimum, so SGD's spread is set by the quartic. */
    static ScalarLoss quartic(double coefficient) {
        return new Quartic(coefficient);
    }

    /** {@code l(x) = height * (x^2 - 1)^2}: two minima at {@code x = ±1}, barrier {@code height} at 0. */
    static ScalarLoss doubleWell(double height) {
        return new DoubleWell(height);
    }
}
