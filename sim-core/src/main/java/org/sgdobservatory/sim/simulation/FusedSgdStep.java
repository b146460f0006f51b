package org.sgdobservatory.sim.simulation;

import java.util.SplittableRandom;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.Sgd;

/**
 * {@link Sgd}'s step of the separable quadratic with independent Gaussian noise as one pass
 * ({@link FusedStep}): with {@code g = h_d x + s sigma_d z}, {@code u = eta g}, L2 {@code l2 x} added to
 * {@code g} and weight decay {@code wd x} added to {@code u}, the update {@code x <- x - u} is the affine map
 * {@code x <- a_d x + b_d z}, {@code a_d = 1 - eta (h_d + l2) - wd}, {@code b_d = -eta s sigma_d},
 * {@code z ~ N(0, 1)}. SGD has no state besides {@code x}.
 *
 * <p>Not thread-safe: one instance belongs to one run.
 */
final class FusedSgdStep extends FusedStep {
    private final double[] retention;   // a_d
    private final double[] noiseGain;   // b_d

    private FusedSgdStep(double[] retention, double[] noiseGain, int chains, int groups, RandomStreams random) {
        super(retention.length, chains, groups, random);
        this.retention = retention;
        this.noiseGain = noiseGain;
    }

    /**
     * The affine map of the step.
     *
     * @param curvatures {@code h_d}
     * @param noiseDeviations {@code s sigma_d}
     * @param l2 the summed L2 coefficients
     * @param decay the summed weight-decay coefficients, already multiplied by the learning rate where DL4J does
     */
    static FusedSgdStep of(Sgd sgd, double[] curvatures, double[] noiseDeviations, double l2, double decay,
            int chains, int groups, RandomStreams random) {
        double eta = sgd.learningRate();
        double[] a = new double[curvatures.length];
        double[] b = new double[curvatures.length];
        for (int d = 0; d < curvatures.length; d++) {
            a[d] = 1 - eta * (curvatures[d] + l2) - decay;
            b[d] = -eta * noiseDeviations[d];
        }
        return new FusedSgdStep(a, b, chains, groups, random);
    }

    @Override
    void advance(double[] values, int first, int length, int firstDim, SplittableRandom normal) {
        if (dims == 1) {
            double a = retention[0];
            double b = noiseGain[0];
            for (int i = 0; i < length; i++) {
                values[i] = a * values[i] + b * normal.nextGaussian();
            }
            return;
        }
        for (int i = 0, d = firstDim; i < length; i++, d = d + 1 == dims ? 0 : d + 1) {
            values[i] = retention[d] * values[i] + noiseGain[d] * normal.nextGaussian();
        }
    }
}
