package org.sgdobservatory.sim.optim;

import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lecture's variance-normalised rule {@code eta_i = eta' / sigma_i^2}
 * (docs/theory.md#preconditioning-and-the-variance-normalised-rule): the diagonal preconditioner
 * {@code P = eta' Sigma^{-1}} that gives every parameter the same temperature {@code eta'/2}.
 *
 * <p>{@code sigma_i^2} is either given ({@link #withNoiseVariance}) or estimated online
 * ({@link #estimated}) by exponential moving averages: {@code m <- beta m + (1-beta) g} and
 * {@code s <- beta s + (1-beta) (g - m_prev)^2}, both started at the first gradient ({@code m = g},
 * {@code s = g^2}), and {@code u = eta' g / (s + epsilon)}. The online estimate sees
 * {@code Var(g) = sigma^2 + h^2 Var(theta)}, slightly more than the noise at fixed parameters.
 * Immutable; not an array-holding record, so it is a final class.
 */
public final class VarianceNormalized implements Updater {
    private final double learningRate;
    private final double[] noiseVariance;
    private final double averagingDecay;
    private final double epsilon;

    private VarianceNormalized(double learningRate, double[] noiseVariance, double averagingDecay, double epsilon) {
        Updater.requireLearningRate(learningRate);
        this.learningRate = learningRate;
        this.noiseVariance = noiseVariance;
        this.averagingDecay = averagingDecay;
        this.epsilon = epsilon;
    }

    /** {@code u_i = eta' g_i / sigma_i^2} with known noise variances. */
    public static VarianceNormalized withNoiseVariance(double learningRate, double... noiseVariance) {
        for (int i = 0; i < noiseVariance.length; i++) {
            if (!(noiseVariance[i] > 0 && Double.isFinite(noiseVariance[i]))) {
                throw new IllegalArgumentException("noiseVariance[" + i + "] must be finite and > 0, was "
                        + noiseVariance[i]);
            }
        }
        return new VarianceNormalized(learningRate, noiseVariance.clone(), Double.NaN, 0);
    }

    /**
     * {@code u_i = eta' g_i / (s_i + epsilon)} with {@code s_i} an exponential moving average of the
     * centred squared gradient.
     *
     * @param averagingDecay {@code beta} in {@code (0, 1)}, e.g. 0.999
     * @param epsilon {@code > 0}, guards against division by zero
     */
    public static VarianceNormalized estimated(double learningRate, double averagingDecay, double epsilon) {
        if (!(averagingDecay > 0 && averagingDecay < 1)) {
            throw new IllegalArgumentException("averagingDecay must be in (0, 1), was " + averagingDecay);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon);
        }
        return new VarianceNormalized(learningRate, null, averagingDecay, epsilon);
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    /** The given noise variances, or empty when they are estimated online. */
    public Optional<double[]> noiseVariance() {
        return Optional.ofNullable(noiseVariance).map(double[]::clone);
    }

    @Override
    public GradientUpdater instantiate(int chains, int dims) {
        if (noiseVariance != null) {
            if (noiseVariance.length != dims) {
                throw new IllegalArgumentException("noiseVariance has " + noiseVariance.length
                        + " entries but the problem has " + dims + " dims");
            }
            double[] rate = new double[dims];
            for (int i = 0; i < dims; i++) {
                rate[i] = learningRate / noiseVariance[i];
            }
            INDArray rateRow = Nd4j.createFromArray(rate).reshape(1, dims);
            return (gradient, iteration) -> gradient.muliRowVector(rateRow);
        }
        INDArray mean = Nd4j.create(DataType.DOUBLE, chains, dims);
        INDArray variance = Nd4j.create(DataType.DOUBLE, chains, dims);
        INDArray scratch = Nd4j.create(DataType.DOUBLE, chains, dims);
        return new GradientUpdater() {
            private boolean started;

            @Override
            public void applyUpdater(INDArray gradient, int iteration) {
                if (!started) {
                    mean.assign(gradient);
                    variance.assign(gradient).muli(gradient);
                    started = true;
                } else {
                    scratch.assign(gradient).subi(mean);
                    variance.muli(averagingDecay).addi(scratch.muli(scratch).muli(1 - averagingDecay));
                    mean.muli(averagingDecay).addi(scratch.assign(gradient).muli(1 - averagingDecay));
                }
                gradient.divi(scratch.assign(variance).addi(epsilon)).muli(learningRate);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VarianceNormalized v && v.learningRate == learningRate
                && Arrays.equals(v.noiseVariance, noiseVariance)
                && Double.compare(v.averagingDecay, averagingDecay) == 0 && v.epsilon == epsilon;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(learningRate) * 31 + Arrays.hashCode(noiseVariance);
    }

    @Override
    public String toString() {
        return noiseVariance != null
                ? "VarianceNormalized(lr=" + learningRate + ", sigma2=" + Arrays.toString(noiseVariance) + ")"
                : "VarianceNormalized(lr=" + learningRate + ", ema=" + averagingDecay + ", eps=" + epsilon + ")";
    }
}
