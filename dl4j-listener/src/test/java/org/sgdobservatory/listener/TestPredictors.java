package org.sgdobservatory.listener;

import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;

/**
 * Test-side reference predictors. {@link #SGD_DIAGONAL} is the exact 1-D SGD formula
 * {@code eta s2 / (h (2 - eta h))} (docs/theory.md#sgd-on-a-1-d-quadratic) written in the test as the reference, so the
 * listener's probe pipeline can be checked independently of sim-core.
 */
public final class TestPredictors {

    private TestPredictors() {
    }

    /**
     * Random reshuffling (docs/data-order.md#random-reshuffling), 1-D quadratic with additive noise: the K minibatch
     * noises of an epoch sum to zero, {@code E_k = eta^2 s2 [S2_k - (S1_k^2 - S2_k)/(K-1)]}, {@code V_b = E_K / (1 -
     * r^{2K})}, {@code Var(x_k) = r^{2k} V_b + E_k}, averaged over k. Here s2 is the variance of one minibatch mean
     * drawn without replacement, {@code (C/B)(n-B)/(n-1)} with {@code n = K B}; the listener passes {@code C/B}.
     * IID falls back to {@link #SGD_DIAGONAL}.
     */
    public static final StationaryPredictor SGD_SCHEME_AWARE = in -> {
        if (in.dataOrder() != DataOrder.RESHUFFLED || in.batchesPerEpoch() < 2) {
            return TestPredictors.SGD_DIAGONAL.predict(in);
        }
        double eta = in.learningRate();
        double r = 1 - eta * in.curvature();
        int k = (int) in.batchesPerEpoch();
        // (n - B)/(n - 1) with n = K B
        double b = in.miniBatchSize();
        double s2 = in.noiseVariance() * (k * b - b) / (k * b - 1);
        double[] e = new double[k + 1];
        for (int step = 0; step <= k; step++) {
            double s1 = 0;
            double s2k = 0;
            for (int m = 0; m < step; m++) {
                s1 += Math.pow(r, m);
                s2k += Math.pow(r, 2 * m);
            }
            e[step] = eta * eta * s2 * (s2k - (s1 * s1 - s2k) / (k - 1));
        }
        double vb = e[k] / (1 - Math.pow(r, 2 * k));
        double mean = 0;
        for (int step = 0; step < k; step++) {
            mean += (Math.pow(r, 2 * step) * vb + e[step]) / k;
        }
        return VariancePrediction.of(mean, 0.0, PredictionMethod.CLOSED_FORM, "test: reshuffling 1-D");
    };

    public static final StationaryPredictor SGD_DIAGONAL = in -> {
        double eh = in.learningRate() * in.curvature();
        if (!(in.curvature() > 0)) {
            return VariancePrediction.notPredicted(NotPredictedReason.NON_POSITIVE_CURVATURE, "curvature <= 0");
        }
        if (!(eh < 2)) {
            return VariancePrediction.notPredicted(NotPredictedReason.UNSTABLE, "eta*h >= 2: unstable");
        }
        return VariancePrediction.of(in.learningRate() * in.noiseVariance() / (in.curvature() * (2 - eh)), 0.0,
                PredictionMethod.CLOSED_FORM, "test: SGD exact discrete 1-D");
    };
}
