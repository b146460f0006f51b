package org.sgdobservatory.sim.noise;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gaussian noise whose variance depends on the state, per dimension
 * {@code sigma_i^2(x) = base_i + growth_i * x_i^2} (docs/theory.md#state-dependent-noise: the
 * multiplicative-noise example whose Itô stationary density is a Student-t). Immutable and thread-safe.
 */
public final class StateDependentNoise implements GradientNoise {
    private final double[] base;
    private final double[] growth;
    private final INDArray baseRow;
    private final INDArray growthRow;

    private StateDependentNoise(double[] base, double[] growth) {
        if (base.length != growth.length || base.length == 0) {
            throw new IllegalArgumentException("base and growth must have the same non-zero length, were "
                    + base.length + " and " + growth.length);
        }
        for (int i = 0; i < base.length; i++) {
            if (!(base[i] >= 0 && growth[i] >= 0 && Double.isFinite(base[i]) && Double.isFinite(growth[i]))) {
                throw new IllegalArgumentException("base[" + i + "]=" + base[i] + " and growth[" + i + "]="
                        + growth[i] + " must be finite and >= 0");
            }
        }
        this.base = base.clone();
        this.growth = growth.clone();
        this.baseRow = Nd4j.createFromArray(this.base).reshape(1, base.length);
        this.growthRow = Nd4j.createFromArray(this.growth).reshape(1, base.length);
    }

    /** {@code sigma_i^2(x) = base_i + growth_i x_i^2}. */
    public static StateDependentNoise quadraticGrowth(double[] base, double[] growth) {
        return new StateDependentNoise(base, growth);
    }

    @Override
    public int dims() {
        return base.length;
    }

    @Override
    public void sample(INDArray states, INDArray target, RandomStreams random) {
        random.fillStandardNormal(target);
        INDArray sd = states.mul(states).muliRowVector(growthRow).addiRowVector(baseRow);
        target.muli(Transforms.sqrt(sd, false));
    }

    @Override
    public double[] variance(double[] x) {
        double[] v = new double[base.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i] + growth[i] * x[i] * x[i];
        }
        return v;
    }

    @Override
    public String toString() {
        return "state-dependent(base=" + Arrays.toString(base) + ", growth=" + Arrays.toString(growth) + ")";
    }
}
