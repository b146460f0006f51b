package org.sgdobservatory.sim.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.noise.GradientNoise;
import org.sgdobservatory.sim.noise.RandomStreams;

/**
 * The lecture's model of a stochastic gradient (docs/theory.md#the-lectures-model): {@code g_hat = grad L(x) + s xi}
 * with {@code xi} drawn from an assumed {@link GradientNoise} model and a fixed scale {@code s}
 * (1 for SGD; {@code sqrt(eta/dt)} when the Euler-Maruyama integrator replays the SDE with a finer
 * step). Immutable and thread-safe.
 */
public final class NoisyGradient implements GradientOracle {
    private final Landscape landscape;
    private final GradientNoise noise;
    private final double noiseScale;

    private NoisyGradient(Landscape landscape, GradientNoise noise, double noiseScale) {
        if (landscape.dims() != noise.dims()) {
            throw new IllegalArgumentException("landscape has " + landscape.dims() + " dims but noise has "
                    + noise.dims() + "; give one noise variance per dimension");
        }
        if (!(noiseScale >= 0 && Double.isFinite(noiseScale))) {
            throw new IllegalArgumentException("noiseScale must be finite and >= 0, was " + noiseScale);
        }
        this.landscape = landscape;
        this.noise = noise;
        this.noiseScale = noiseScale;
    }

    /** {@code g_hat = grad L(x) + xi}. */
    public static NoisyGradient of(Landscape landscape, GradientNoise noise) {
        return new NoisyGradient(landscape, noise, 1.0);
    }

    /** {@code g_hat = grad L(x) + noiseScale * xi}. */
    public static NoisyGradient scaled(Landscape landscape, GradientNoise noise, double noiseScale) {
        return new NoisyGradient(landscape, noise, noiseScale);
    }

    /** The noise model. */
    public GradientNoise noise() {
        return noise;
    }

    /** The scale {@code s} of the noise: 1 for SGD, {@code sqrt(eta/dt)} for the Euler-Maruyama replay. */
    public double noiseScale() {
        return noiseScale;
    }

    @Override
    public int dims() {
        return landscape.dims();
    }

    @Override
    public Landscape landscape() {
        return landscape;
    }

    @Override
    public GradientSampler open(int chains, RandomStreams random) {
        return new GradientSampler() {
            private INDArray noiseBuffer;

            @Override
            public void sample(INDArray states, INDArray target) {
                if (noiseBuffer == null) {
                    noiseBuffer = target.ulike();
                }
                noise.sample(states, noiseBuffer, random);
                if (noiseScale != 1.0) {
                    noiseBuffer.muli(noiseScale);
                }
                landscape.gradient(states, target);
                target.addi(noiseBuffer);
            }
        };
    }

    @Override
    public String toString() {
        return landscape + " + " + (noiseScale == 1.0 ? "" : noiseScale + " * ") + noise;
    }
}
