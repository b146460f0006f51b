package org.sgdobservatory.sim.theory;

import java.util.Locale;
import java.util.Optional;

/**
 * The measured RMSProp reshuffling correction {@code c(a, K)} of {@link RmsPropReshuffling}, the range where it was
 * measured ({@link #coverage}: decay, epsilon, batch size and grid), and its values on the grid of
 * batches per epoch {@code K} and scaled steps {@code a = lr h/sigma}, interpolated linearly in
 * {@code (log K, log a)}, with the Monte Carlo error of the interpolated value
 * {@code sqrt(sum_c w_c^2 SE_c^2)/c} over the corners {@code c} (independent simulations) and its slope in
 * {@code log a}. Arrays are not copied on the way in (the reader hands over fresh ones) and are copied on the way
 * out. Immutable and thread-safe.
 */
final class ReshufflingCorrectionGrid {

    /**
     * An interpolated correction.
     *
     * @param value {@code c}
     * @param monteCarloRelativeError the Monte Carlo relative standard error of {@code c}
     * @param perLogStep {@code d ln c/d ln a} of the interpolant
     */
    record Correction(double value, double monteCarloRelativeError, double perLogStep) {
    }

    private final double[] batchesPerEpoch;   // K, ascending
    private final double[] scaledStep;        // a, ascending
    private final double[] logK;
    private final double[] logA;
    private final double[] correction;        // [iK][ia]
    private final double[] relativeError;

    ReshufflingCorrectionGrid(double[] k, double[] a, double[] c, double[] se) {
        this.batchesPerEpoch = k;
        this.scaledStep = a;
        this.correction = c;
        this.relativeError = se;
        this.logK = new double[k.length];
        this.logA = new double[a.length];
        for (int i = 0; i < k.length; i++) {
            logK[i] = Math.log(k[i]);
        }
        for (int i = 0; i < a.length; i++) {
            logA[i] = Math.log(a[i]);
        }
    }

    /** Whether a point is inside the range where the correction was measured, and if not, why. */
    enum Coverage { COVERED, OTHER_DECAY, LARGE_EPSILON, SMALL_BATCH, OFF_GRID }

    Coverage coverage(double a, double e, double rmsDecay, int batchesPerEpoch, int batchSize) {
        if (!(Math.abs(rmsDecay - RmsPropReshuffling.RMS_DECAY) <= 1e-9)) {
            return Coverage.OTHER_DECAY;
        }
        if (!(e <= RmsPropReshuffling.MAX_SCALED_EPSILON)) {
            return Coverage.LARGE_EPSILON;
        }
        if (!(batchSize >= RmsPropReshuffling.MIN_BATCH_SIZE)) {
            return Coverage.SMALL_BATCH;
        }
        return covers(batchesPerEpoch, a) ? Coverage.COVERED : Coverage.OFF_GRID;
    }

    /** Why {@link RmsPropReshuffling#lookup} does not apply the correction at a point, or empty where it does. */
    Optional<String> whyNotCovered(double a, double e, double rmsDecay, int batchesPerEpoch, int batchSize) {
        return switch (coverage(a, e, rmsDecay, batchesPerEpoch, batchSize)) {
            case OTHER_DECAY -> Optional.of("rmsDecay = " + rmsDecay + ": the reshuffling correction was measured at "
                    + RmsPropReshuffling.RMS_DECAY + " only");
            case LARGE_EPSILON -> Optional.of("eps/sigma = " + e + " > " + RmsPropReshuffling.MAX_SCALED_EPSILON
                    + ": the reshuffling correction was measured with a negligible epsilon");
            case SMALL_BATCH -> Optional.of("batch size B = " + batchSize + " < " + RmsPropReshuffling.MIN_BATCH_SIZE
                    + ": the reshuffling correction was measured at B = 16 (validated at 8 and 32)");
            case OFF_GRID -> Optional.of(String.format(Locale.ROOT, "K = %d, lr h/sigma = %.4g: outside the"
                    + " correction's grid", batchesPerEpoch, a) + " (" + range() + ")");
            case COVERED -> Optional.empty();
        };
    }

    /** Whether {@code (K, a)} lies on the grid (rounding at the ends allowed). */
    private boolean covers(int batchesPerEpoch, double a) {
        return batchesPerEpoch > 0
                && cell(batchesPerEpoch, Math.log(batchesPerEpoch), this.batchesPerEpoch, logK) >= 0
                && cell(a, Math.log(a), scaledStep, logA) >= 0;
    }

    /** The correction at a point the grid {@link #covers}. */
    Correction at(int batchesPerEpoch, double a) {
        int ik = cell(batchesPerEpoch, Math.log(batchesPerEpoch), this.batchesPerEpoch, logK);
        int ia = cell(a, Math.log(a), scaledStep, logA);
        double tk = LinearInterpolation.fraction(logK[ik], logK[ik + 1], Math.log(batchesPerEpoch));
        double ta = LinearInterpolation.fraction(logA[ia], logA[ia + 1], Math.log(a));
        double c = 0;
        double mc2 = 0;
        double slopeA = 0;   // d c / d ta
        for (int corner = 0; corner < 4; corner++) {
            int ck = ik + (corner & 1);
            int ca = ia + (corner >> 1);
            double wk = (corner & 1) == 0 ? 1 - tk : tk;
            double w = wk * ((corner >> 1) == 0 ? 1 - ta : ta);
            int n = ck * scaledStep.length + ca;
            c += w * correction[n];
            slopeA += wk * ((corner >> 1) == 0 ? -1 : 1) * correction[n];
            double se = relativeError[n] * correction[n];
            mc2 += w * w * se * se;
        }
        return new Correction(c, Math.sqrt(mc2) / c, slopeA / (logA[ia + 1] - logA[ia]) / c);
    }

    private static int cell(double x, double logX, double[] axis, double[] logAxis) {
        int last = axis.length - 1;
        if (!(x >= axis[0] * (1 - 1e-12) && x <= axis[last] * (1 + 1e-12))) {
            return -1;
        }
        int c = 0;
        while (c < last - 1 && logX > logAxis[c + 1]) {
            c++;
        }
        return c;
    }

    /** The correction {@code c} at grid node {@code (iK, ia)}. */
    double node(int iK, int ia) {
        return correction[iK * scaledStep.length + ia];
    }

    /** The Monte Carlo relative standard error of the correction at grid node {@code (iK, ia)}. */
    double nodeRelativeStandardError(int iK, int ia) {
        return relativeError[iK * scaledStep.length + ia];
    }

    /** The {@code K} axis (a copy). */
    double[] batchesPerEpochAxis() {
        return batchesPerEpoch.clone();
    }

    /** The {@code a = lr h/sigma} axis (a copy). */
    double[] scaledStepAxis() {
        return scaledStep.clone();
    }

    /** The grid's range, for messages: {@code K in [..], lr h/sigma in [..]}. */
    String range() {
        return String.format(Locale.ROOT, "K in [%.0f, %.0f], lr h/sigma in [%.4g, %.4g]",
                batchesPerEpoch[0], batchesPerEpoch[batchesPerEpoch.length - 1], scaledStep[0],
                scaledStep[scaledStep.length - 1]);
    }

    /** The number of nodes along each axis, for {@code toString}. */
    String shape() {
        return batchesPerEpoch.length + " x " + scaledStep.length;
    }
}
