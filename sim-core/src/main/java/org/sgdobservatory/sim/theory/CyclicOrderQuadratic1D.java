package org.sgdobservatory.sim.theory;

/**
 * The limit cycle of SGD with a fixed cyclic data order on a 1-D quadratic {@code L = h x^2/2}
 * (docs/data-order.md#fixed-cyclic-order).
 *
 * <p>Given the {@code K} batch noises {@code xi_0..xi_{K-1}} of one epoch, repeated every epoch, the
 * iteration {@code x_{k+1} = r x_k - eta xi_k}, {@code r = 1 - eta h}, converges (for {@code 0 < eta h < 2})
 * to the unique periodic orbit with
 * <pre>
 *   x_0 = -eta sum_{m&lt;K} r^{K-1-m} xi_m / (1 - r^K),     x_{k+1} = r x_k - eta xi_k.
 * </pre>
 * The parameters settle on this orbit, not on a density: the observed "spread" is the variance of the
 * orbit points about their mean, and autocorrelation / effective-sample-size statistics do not apply.
 * The orbit mean is exactly {@code -mean(xi)/h} (0 when the batch noises sum to zero, as deviations
 * from the full-batch gradient do). {@code 1 - r^K} and the weighted sum are evaluated with
 * {@code expm1} so that slow relaxation ({@code eta h K << 1}) loses no digits.
 *
 * <p>Immutable and thread-safe (the noise array is copied).
 */
public final class CyclicOrderQuadratic1D {

    private final double learningRate;
    private final double curvature;
    private final double[] orbit;

    private CyclicOrderQuadratic1D(double learningRate, double curvature, double[] noises) {
        this.learningRate = learningRate;
        this.curvature = curvature;
        int k = noises.length;
        double etaH = learningRate * curvature;
        double r = 1 - etaH;
        double logR = etaH < 1 ? Math.log1p(-etaH) : Double.NaN;
        // sum_m r^{K-1-m} xi_m = sum_m xi_m + sum_m (r^{K-1-m} - 1) xi_m, each part accurate.
        double plain = 0;
        double compensation = 0;
        double weighted = 0;
        for (int m = 0; m < k; m++) {
            double y = noises[m] - compensation; // Kahan summation of sum xi
            double t = plain + y;
            compensation = (t - plain) - y;
            plain = t;
            int power = k - 1 - m;
            double d = etaH < 1 ? Math.expm1(power * logR) : Math.pow(r, power) - 1;
            weighted += d * noises[m];
        }
        double oneMinusRK = etaH < 1 ? -Math.expm1(k * logR) : 1 - Math.pow(r, k);
        this.orbit = new double[k];
        double x = -learningRate * (plain + weighted) / oneMinusRK;
        for (int m = 0; m < k; m++) {
            orbit[m] = x;
            x = r * x - learningRate * noises[m];
        }
    }

    /**
     * The periodic orbit for one epoch of batch noises.
     *
     * @param learningRate {@code eta > 0}
     * @param curvature {@code h > 0} with {@code eta h < 2}
     * @param batchNoises {@code xi_0..xi_{K-1}}, finite, at least one
     * @return the model
     * @throws IllegalArgumentException on invalid or unstable input, naming the bad value
     */
    public static CyclicOrderQuadratic1D of(double learningRate, double curvature, double[] batchNoises) {
        Applicability.requireApplicable(SgdQuadratic1D.predict(learningRate, curvature, 0),
                "pass eta > 0, h > 0 with eta*h < 2");
        if (batchNoises == null || batchNoises.length == 0) {
            throw new IllegalArgumentException("batchNoises must hold the K >= 1 batch noises of one epoch,"
                    + " was " + (batchNoises == null ? "null" : "empty"));
        }
        for (int m = 0; m < batchNoises.length; m++) {
            Checks.finite("batchNoises[" + m + "]", batchNoises[m], "pass finite batch gradient noises");
        }
        return new CyclicOrderQuadratic1D(learningRate, curvature, batchNoises.clone());
    }

    /**
     * The answer for the listener: a fixed data order has no stationary density, so this is always
     * {@link Prediction.NotApplicable} ({@code LIMIT_CYCLE} with the orbit's spread and amplitude in the
     * explanation, or the reason the dynamics are unstable). Never throws.
     *
     * @param learningRate {@code eta}
     * @param curvature {@code h}
     * @param batchNoises the noises of one epoch
     * @return the not-applicable answer
     */
    public static Prediction predict(double learningRate, double curvature, double[] batchNoises) {
        Prediction sgd = SgdQuadratic1D.predict(learningRate, curvature, 0);
        if (sgd instanceof Prediction.NotApplicable) {
            return sgd;
        }
        if (batchNoises == null || batchNoises.length == 0) {
            return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT, "no batch noises given");
        }
        for (double xi : batchNoises) {
            if (!Double.isFinite(xi)) {
                return new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT,
                        "a batch noise is not finite: " + xi);
            }
        }
        CyclicOrderQuadratic1D c = new CyclicOrderQuadratic1D(learningRate, curvature, batchNoises.clone());
        return new Prediction.NotApplicable(Prediction.Reason.LIMIT_CYCLE,
                "fixed cyclic data order: period-" + batchNoises.length + " orbit with spread "
                        + c.spread() + " and amplitude " + c.amplitude()
                        + "; no stationary density, autocorrelation/ESS statistics do not apply");
    }

    /** A copy of the orbit points {@code x_0..x_{K-1}} (step {@code k} of the epoch). */
    public double[] orbit() {
        return orbit.clone();
    }

    /** The period {@code K} in steps. */
    public int period() {
        return orbit.length;
    }

    /** The mean of the orbit points (equals {@code -mean(xi)/h}). */
    public double mean() {
        double sum = 0;
        for (double v : orbit) {
            sum += v;
        }
        return sum / orbit.length;
    }

    /** The spread: the variance of the orbit points about their mean, divisor {@code K}. */
    public double spread() {
        double m = mean();
        double sum = 0;
        for (double v : orbit) {
            sum += (v - m) * (v - m);
        }
        return sum / orbit.length;
    }

    /** The amplitude {@code (max - min)/2} of the orbit. */
    public double amplitude() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : orbit) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return (max - min) / 2;
    }

    /** {@code eta}. */
    public double learningRate() {
        return learningRate;
    }

    /** {@code h}. */
    public double curvature() {
        return curvature;
    }

    @Override
    public String toString() {
        return "CyclicOrderQuadratic1D[eta=" + learningRate + ", h=" + curvature + ", K=" + orbit.length
                + ", spread=" + spread() + "]";
    }
}
