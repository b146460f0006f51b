package org.sgdobservatory.sim.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.landscape.Landscape;

/**
 * A finite training set of {@code n} examples whose loss is the mean of per-example losses; the
 * gradient noise of a minibatch is not assumed but emerges from which examples are drawn.
 * Implementations are immutable and thread-safe.
 */
public interface FiniteDataset {

    /** Number of examples {@code n}. */
    int size();

    /** Number of parameters {@code D}. */
    int dims();

    /** The full-data loss {@code L(x) = (1/n) sum_i l_i(x)}. */
    Landscape landscape();

    /**
     * The mean gradient of each chain's minibatch.
     *
     * @param states {@code chains x dims}, never modified
     * @param indices example indices, chain-major: chain {@code c} uses
     *     {@code indices[c*batchSize .. (c+1)*batchSize)}
     * @param batchSize {@code B}
     * @param target {@code chains x dims}, overwritten with {@code (1/B) sum_{i in batch} grad l_i}
     */
    void batchGradient(INDArray states, int[] indices, int batchSize, INDArray target);

    /**
     * The per-example gradient covariance {@code C} at {@code x} (population form, divided by
     * {@code n}): {@code C = (1/n) sum_i (grad l_i - grad L)(grad l_i - grad L)^T}.
     */
    double[][] perExampleCovariance(double[] x);
}
