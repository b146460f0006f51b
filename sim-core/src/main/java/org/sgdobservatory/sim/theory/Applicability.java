package org.sgdobservatory.sim.theory;

import java.util.Optional;

/** Shared screening of measured 1-D inputs into {@link Prediction.NotApplicable} answers. */
final class Applicability {

    private Applicability() {
    }

    /**
     * Screens learning rate, curvature and noise variance of a 1-D quadratic model; empty when all are
     * usable (finite, {@code eta > 0}, {@code h > 0}, {@code s2 >= 0}).
     */
    static Optional<Prediction.NotApplicable> screen(double learningRate, double curvature,
            double noiseVariance) {
        if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            return Optional.of(new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "learning rate = " + learningRate + " is not finite and > 0"));
        }
        if (!(noiseVariance >= 0 && noiseVariance < Double.POSITIVE_INFINITY)) {
            return Optional.of(new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "noise variance = " + noiseVariance + " is not finite and >= 0"));
        }
        if (Double.isNaN(curvature) || Double.isInfinite(curvature)) {
            return Optional.of(new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                    "curvature = " + curvature + " is not finite"));
        }
        if (!(curvature > 0)) {
            return Optional.of(new Prediction.NotApplicable(Prediction.Reason.NON_POSITIVE_CURVATURE,
                    "curvature h = " + curvature + " <= 0: no minimum, no stationary state"));
        }
        return Optional.empty();
    }

    /** Throws the explanation of a not-applicable answer as an {@link IllegalArgumentException}. */
    static void requireApplicable(Prediction prediction, String remedy) {
        if (prediction instanceof Prediction.NotApplicable n) {
            throw new IllegalArgumentException(n.explanation() + " (" + n.reason() + "); " + remedy);
        }
    }
}
