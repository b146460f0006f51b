package org.sgdobservatory.sim.landscape;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code L(x) = sum_i l_i(x_i)}: independent 1-D losses, one per dimension (the lecture's 2-D
 * separable example, docs/theory.md#when-the-density-is-gibbs). When every dimension uses the same loss the whole
 * {@code chains x dims} matrix is processed in one element-wise operation; otherwise one operation
 * per dimension column. Immutable and thread-safe.
 */
public final class SeparableLandscape implements Landscape {
    private final List<ScalarLoss> losses;
    private final boolean uniform;

    private SeparableLandscape(List<ScalarLoss> losses) {
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("a separable landscape needs at least one 1-D loss");
        }
        this.losses = List.copyOf(losses);
        this.uniform = this.losses.stream().allMatch(l -> l == this.losses.get(0));
    }

    /** One loss per dimension, in order. */
    public static SeparableLandscape of(List<ScalarLoss> losses) {
        return new SeparableLandscape(losses);
    }

    /** The same loss in each of {@code dims} dimensions. */
    public static SeparableLandscape of(ScalarLoss loss, int dims) {
        if (dims >= 1) {
            return new SeparableLandscape(java.util.Collections.nCopies(dims, loss));
        }
        throw new IllegalArgumentException("dims must be >= 1, was " + dims);
    }

    /** The 1-D loss of dimension {@code dim}. */
    public ScalarLoss loss(int dim) {
        return losses.get(dim);
    }

    @Override
    public int dims() {
        return losses.size();
    }

    @Override
    public INDArray value(INDArray states) {
        Shapes.requireStates(states, dims());
        return elementwise(states, true).sum(1);
    }

    @Override
    public INDArray gradient(INDArray states) {
        Shapes.requireStates(states, dims());
        return elementwise(states, false);
    }

    @Override
    public void gradient(INDArray states, INDArray target) {
        Shapes.requireStates(states, dims());
        if (uniform) {
            losses.get(0).derivative(states, target);
        } else {
            target.assign(elementwise(states, false));
        }
    }

    private INDArray elementwise(INDArray states, boolean value) {
        if (uniform) {
            ScalarLoss l = losses.get(0);
            return value ? l.value(states) : l.derivative(states);
        }
        INDArray out = states.ulike();
        for (int d = 0; d < losses.size(); d++) {
            INDArray column = states.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1));
            ScalarLoss l = losses.get(d);
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1))
                    .assign(value ? l.value(column) : l.derivative(column));
        }
        return out;
    }

    @Override
    public String toString() {
        return "separable" + losses;
    }
}
