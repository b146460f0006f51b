package org.sgdobservatory.sim.simulation;

import java.util.Arrays;

import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.optim.Updater;

/**
 * The problem the fused-step tests share: a diagonal quadratic with curvatures {@link #CURVATURES} and diagonal
 * Gaussian noise with variances {@link #NOISE_VARIANCES} (the first {@code dims} of each), with optional L2 and
 * weight decay (times the learning rate, DL4J's default), which is the case {@code Simulation} runs fused.
 */
final class FusedProblem {

    static final double[] CURVATURES = {1.0, 0.5, 2.0};
    static final double[] NOISE_VARIANCES = {1.0, 4.0, 0.25};

    private FusedProblem() {
    }

    /** A builder for that problem with {@code updater}; L2 and decay are left out when 0. */
    static Simulation.Builder builder(int dims, Updater updater, double l2, double decay) {
        Simulation.Builder builder = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(Arrays.copyOf(CURVATURES, dims)),
                        GaussianNoise.diagonal(Arrays.copyOf(NOISE_VARIANCES, dims))))
                .updater(updater);
        if (l2 > 0) {
            builder.regularization(new Regularization.L2(l2));
        }
        if (decay > 0) {
            builder.regularization(new Regularization.WeightDecay(decay, true));
        }
        return builder;
    }
}
