package org.sgdobservatory.sim.optim;

/**
 * Plain SGD, {@code u = eta g}, exactly as ND4J's {@code Sgd}/{@code SgdUpdater}.
 *
 * @param learningRate {@code eta > 0}
 */
public record Sgd(double learningRate) implements Updater {

    /** Validates the learning rate. */
    public Sgd {
        Updater.requireLearningRate(learningRate);
    }

    @Override
    public GradientUpdater instantiate(int chains, int dims) {
        return (gradient, iteration) -> gradient.muli(learningRate);
    }
}
