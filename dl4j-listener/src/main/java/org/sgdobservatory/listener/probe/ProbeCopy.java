package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * The double-precision probe copy as the probe stage left it: its gradient engine, the parameters the probes were
 * evaluated at (the window means of the tracked parameters, the final values of the others) and the examples they
 * used. Later stages evaluate more on it (loss slices, full blocks, the limit cycle's minibatch gradients). A holder
 * of arrays, hence a final class. Not thread-safe.
 */
public final class ProbeCopy {

    private final GradientProbes probes;
    private final INDArray theta;
    private final MiniBatch examples;
    private final List<MiniBatch> batches;

    /**
     * @param probes the gradient engine on the copy
     * @param theta the parameters the probes are evaluated at (DOUBLE, length numParams; held, not copied)
     * @param examples the probe set
     * @param batches the minibatches whose gradient variance gives the noise
     */
    public ProbeCopy(GradientProbes probes, INDArray theta, MiniBatch examples, List<MiniBatch> batches) {
        this.probes = Objects.requireNonNull(probes, "probes");
        this.theta = Objects.requireNonNull(theta, "theta");
        this.examples = Objects.requireNonNull(examples, "examples");
        this.batches = List.copyOf(batches);
    }

    /** The gradient engine on the copy. */
    public GradientProbes probes() {
        return probes;
    }

    /** The parameters (DOUBLE, length numParams) the probes were evaluated at; do not modify. */
    public INDArray theta() {
        return theta;
    }

    /** The probe set: all examples the curvature was measured on. */
    public MiniBatch examples() {
        return examples;
    }

    /** The minibatches whose gradient variance gave the noise. */
    public List<MiniBatch> batches() {
        return batches;
    }
}
