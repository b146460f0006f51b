package org.sgdobservatory.sim.theory;

/**
 * SGD's reshuffling factor at RMSProp's mean-field rate, {@code A} of {@link RmsPropReshuffling}: SGD's reshuffled
 * spread ({@link ReshufflingQuadratic1D}) over its i.i.d. variance at the rate {@code eta = lr/(sqrt(v) + eps)}, a
 * function of the mean-field {@code E = eta h = 2F/(1 + F)}, the batches per epoch {@code K} and the
 * without-replacement share {@code (n - B)/(n - 1)} only (both variances are proportional to {@code eta s2}), and
 * its elasticities. Computed without building the models (this runs per parameter). Stateless and thread-safe.
 */
final class MeanFieldReshufflingFactor {

    /**
     * The elasticities of {@code A}.
     *
     * @param perLogStep {@code d ln A/d ln a}, {@code a = lr h/sigma}
     * @param perLogEpsilon {@code d ln A/d ln e}, {@code e = eps/sigma}
     */
    record Elasticities(double perLogStep, double perLogEpsilon) {
    }

    private MeanFieldReshufflingFactor() {
    }

    /** See {@link RmsPropReshuffling#sgdFactor}. */
    static double of(double learningRate, double curvature, double noiseVariance, double epsilon,
            int batchesPerEpoch, int batchSize) {
        long n = (long) batchesPerEpoch * batchSize;
        if (!(batchesPerEpoch >= 2 && batchSize >= 1 && n <= Integer.MAX_VALUE)) {
            return Double.NaN;
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        if (!(a > 0 && a < Double.POSITIVE_INFINITY && e >= 0 && e < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        return at(2 * f / (1 + f), batchesPerEpoch, batchSize);
    }

    /**
     * {@code A} as a function of the mean-field {@code E = eta h = a/(sqrt(1 + F) + e) = 2F/(1 + F)}.
     *
     * @return {@code A}; NaN unless {@code 0 < E < 2}
     */
    static double at(double meanFieldEtaH, int batchesPerEpoch, int batchSize) {
        double etaH = meanFieldEtaH;
        if (!(etaH > 0 && etaH < 2)) {
            return Double.NaN;
        }
        double n = (double) batchesPerEpoch * batchSize;
        double share = (n - batchSize) / (n - 1);
        return ReshufflingQuadratic1D.stationarySpread(etaH, 1, share, batchesPerEpoch) / (etaH / (2 - etaH));
    }

    /**
     * {@code d ln A/d ln a} and {@code d ln A/d ln e}: {@code A = A(E)} with {@code E = 2F/(1 + F)},
     * {@code d ln E/d ln F = 1/(1 + F)}, {@code F(a, e)}'s derivatives from {@link RmsPropScalingElasticities}, and
     * {@code d ln A/d ln E} by a central difference of relative step 1e-4.
     */
    static Elasticities elasticities(double a, double e, double f, int batchesPerEpoch, int batchSize) {
        double etaH = 2 * f / (1 + f);
        double step = 1e-4;
        double up = at(etaH * (1 + step), batchesPerEpoch, batchSize);
        double down = at(etaH / (1 + step), batchesPerEpoch, batchSize);
        double perLogE = Math.log(up / down) / (2 * Math.log1p(step)) / (1 + f);
        return new Elasticities(perLogE * RmsPropScalingElasticities.logMeanFieldPerLogStep(a, e, f),
                perLogE * RmsPropScalingElasticities.logMeanFieldPerLogEpsilon(a, e, f));
    }
}
