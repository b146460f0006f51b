package org.sgdobservatory.listener;

/**
 * Test-side reference predictors. {@link #SGD_DIAGONAL} is the exact 1-D SGD formula
 * {@code eta s2 / (h (2 - eta h))} (THEORY.md 2) written in the test as the reference, so the listener's
 * probe pipeline can be checked independently of sim-core.
 */
final class TestPredictors {

    private TestPredictors() {
    }

    static final StationaryPredictor SGD_DIAGONAL = in -> {
        double eh = in.learningRate() * in.curvature();
        if (!(in.curvature() > 0)) {
            return VariancePrediction.notPredicted("curvature <= 0");
        }
        if (!(eh < 2)) {
            return VariancePrediction.notPredicted("eta*h >= 2: unstable");
        }
        return new VariancePrediction(in.learningRate() * in.noiseVariance() / (in.curvature() * (2 - eh)),
                "test: SGD exact discrete 1-D");
    };
}
