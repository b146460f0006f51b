package org.sgdobservatory.listener.probe;

/**
 * How {@link GradientProbes} evaluates gradients on the probe copy.
 */
public enum GradientEngine {
    /**
     * {@link DenseBatchGradients} (one batched pass, per-example gradients as outer products) when the network is
     * a {@code DenseStack} and the batch fits it; DL4J's own passes otherwise. The default.
     */
    AUTO,
    /**
     * Always DL4J's own forward and backward pass per gradient: one pass per example in the per-example probe and
     * per minibatch in the minibatch probe. The reference the batched engine is tested against, and the
     * "before" of the probe-cost benchmark.
     */
    DL4J_PASSES
}
