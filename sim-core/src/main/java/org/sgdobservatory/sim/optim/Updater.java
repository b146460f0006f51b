package org.sgdobservatory.sim.optim;

/**
 * An optimizer's immutable configuration, mirroring ND4J's {@code IUpdater}: {@link #instantiate}
 * creates the per-run {@link GradientUpdater} holding the optimizer state (RMSProp's {@code v},
 * momentum's velocity) for {@code chains x dims} parameters.
 *
 * <p>Implementations are immutable values and thread-safe.
 */
public sealed interface Updater permits Sgd, RmsProp, Nesterovs, VarianceNormalized, Preconditioned {

    /** The (base) learning rate {@code eta}. */
    double learningRate();

    /** Fresh optimizer state for {@code chains x dims} parameters. */
    GradientUpdater instantiate(int chains, int dims);

    /** Rejects a learning rate that is not finite and positive. */
    static void requireLearningRate(double learningRate) {
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate);
        }
    }
}
