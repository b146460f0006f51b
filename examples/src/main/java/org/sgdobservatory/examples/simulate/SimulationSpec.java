package org.sgdobservatory.examples.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full configuration of one {@code simulate} run (what the command line parsed), echoed in the
 * JSON output as provenance.
 *
 * @param loss the 1-D loss of every dimension
 * @param scale per dimension: curvature {@code h}, quartic coefficient or barrier height ({@code --curvature})
 * @param noiseVariance per dimension, the per-step minibatch noise variance {@code s2 > 0}
 * @param optimizer the optimizer
 * @param learningRate {@code eta > 0} ({@code eta'} for varnorm)
 * @param rmsDecay RMSProp's {@code rho} in {@code (0, 1)}
 * @param epsilon RMSProp's {@code eps > 0}
 * @param chains independent chains {@code >= 1}
 * @param steps recorded steps {@code >= 1}
 * @param burnIn discarded steps {@code >= 0}
 * @param seed the seed of every random draw (data set included)
 * @param finiteData a finite data set, or empty for the lecture's assumed Gaussian noise
 */
public record SimulationSpec(LossKind loss, List<Double> scale, List<Double> noiseVariance,
        OptimizerKind optimizer, double learningRate, double rmsDecay, double epsilon, int chains, int steps,
        int burnIn, long seed, Optional<FiniteData> finiteData) {

    /** Validates; every message names the command-line flag and the allowed range. */
    public SimulationSpec {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(finiteData, "finiteData");
        scale = List.copyOf(scale);
        noiseVariance = List.copyOf(noiseVariance);
        if (scale.isEmpty()) {
            throw new IllegalArgumentException("--curvature needs at least one value (one per dimension)");
        }
        if (scale.size() != noiseVariance.size()) {
            throw new IllegalArgumentException("--curvature has " + scale.size() + " values but --noise-variance has "
                    + noiseVariance.size() + "; give one value per dimension in both comma lists");
        }
        for (int i = 0; i < scale.size(); i++) {
            double k = scale.get(i);
            if (!(Double.isFinite(k) && (loss == LossKind.QUADRATIC || k > 0))) {
                throw new IllegalArgumentException("--curvature[" + i + "] must be finite"
                        + (loss == LossKind.QUADRATIC ? "" : " and > 0 for " + loss.cliName()) + ", was " + k);
            }
            double s2 = noiseVariance.get(i);
            if (!(s2 > 0 && Double.isFinite(s2))) {
                throw new IllegalArgumentException("--noise-variance[" + i + "] must be finite and > 0, was " + s2);
            }
        }
        positive("--lr", learningRate);
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            throw new IllegalArgumentException("--rms-decay must be in (0, 1), was " + rmsDecay);
        }
        positive("--epsilon", epsilon);
        if (!(chains >= 1)) {
            throw new IllegalArgumentException("--chains must be >= 1, was " + chains);
        }
        if (!(steps >= 1)) {
            throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
        }
        if (!(burnIn >= 0)) {
            throw new IllegalArgumentException("--burn-in must be >= 0, was " + burnIn);
        }
    }

    private static void positive(String flag, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(flag + " must be finite and > 0, was " + value);
        }
    }

    /** Number of dimensions. */
    public int dims() {
        return scale.size();
    }

    /** {@link #scale()} as an array. */
    public double[] scaleArray() {
        return scale.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@link #noiseVariance()} as an array. */
    public double[] noiseVarianceArray() {
        return noiseVariance.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
