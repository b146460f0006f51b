package org.sgdobservatory.sim.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nesterov momentum with ND4J's exact semantics ({@code NesterovsUpdater}, docs/theory.md#nesterov-momentum):
 * the velocity starts at 0; {@code v' = mu v - eta g}, {@code u = mu v - (1 + mu) v'}.
 *
 * @param learningRate {@code eta > 0} (ND4J default 0.1)
 * @param momentum {@code mu} in {@code [0, 1)} (ND4J default 0.9)
 */
public record Nesterovs(double learningRate, double momentum) implements Updater {

    /** Validates the hyperparameters. */
    public Nesterovs {
        Updater.requireLearningRate(learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
        }
    }

    @Override
    public GradientUpdater instantiate(int chains, int dims) {
        INDArray velocity = Nd4j.zeros(DataType.DOUBLE, chains, dims);
        INDArray previous = Nd4j.create(DataType.DOUBLE, chains, dims);
        return (gradient, iteration) -> {
            previous.assign(velocity);
            velocity.muli(momentum).subi(gradient.muli(learningRate));
            gradient.assign(previous.muli(momentum).subi(velocity.mul(1 + momentum)));
        };
    }
}
