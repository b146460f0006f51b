package org.sgdobservatory.sim.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSProp with ND4J's exact semantics ({@code RmsPropUpdater},
 * docs/dl4j-behaviour.md#updater-formulas): the state
 * {@code v} starts at {@code epsilon}; each step {@code v <- rmsDecay v + (1 - rmsDecay) g^2}
 * (current gradient included), then {@code u = eta g / (sqrt(v) + epsilon)} with epsilon outside
 * the root. No bias correction: the first steps are about {@code eta / sqrt(1 - rmsDecay)} long.
 *
 * @param learningRate {@code eta > 0} (ND4J default 0.1)
 * @param rmsDecay {@code rho} in {@code (0, 1)} (ND4J default 0.95)
 * @param epsilon {@code > 0} (ND4J default 1e-8)
 */
public record RmsProp(double learningRate, double rmsDecay, double epsilon) implements Updater {

    /** ND4J's defaults: learning rate 0.1, decay 0.95, epsilon 1e-8. */
    public static final double DEFAULT_RMS_DECAY = 0.95;
    /** ND4J's default epsilon. */
    public static final double DEFAULT_EPSILON = 1e-8;

    /** Validates the hyperparameters. */
    public RmsProp {
        Updater.requireLearningRate(learningRate);
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            throw new IllegalArgumentException("rmsDecay must be in (0, 1), was " + rmsDecay);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon);
        }
    }

    /** RMSProp with ND4J's default decay and epsilon. */
    public RmsProp(double learningRate) {
        this(learningRate, DEFAULT_RMS_DECAY, DEFAULT_EPSILON);
    }

    @Override
    public GradientUpdater instantiate(int chains, int dims) {
        INDArray v = Nd4j.valueArrayOf(new long[] {chains, dims}, epsilon, DataType.DOUBLE);
        INDArray scratch = Nd4j.create(DataType.DOUBLE, chains, dims);
        return new GradientUpdater() {
            @Override
            public void applyUpdater(INDArray gradient, int iteration) {
                v.muli(rmsDecay).addi(scratch.assign(gradient).muli(gradient).muli(1 - rmsDecay));
                scratch.assign(v);
                Transforms.sqrt(scratch, false).addi(epsilon);
                gradient.divi(scratch).muli(learningRate);
            }
        };
    }
}
