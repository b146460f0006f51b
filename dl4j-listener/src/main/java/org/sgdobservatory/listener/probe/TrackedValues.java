package org.sgdobservatory.listener.probe;

import java.nio.DoubleBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the probes' per-parameter arrays (one value for every parameter of the network) at the tracked parameters'
 * flattened indices. Stateless.
 */
final class TrackedValues {

    private TrackedValues() {
    }

    /** The values of {@code all} at the flattened {@code tracked} indices, in the order of {@code tracked}. */
    static double[] pick(double[] all, long[] tracked) {
        double[] out = new double[tracked.length];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = all[(int) tracked[i]];
        }
        return out;
    }

    /**
     * The {@code tracked} entries of a vector, read in place from its buffer when it is a contiguous DOUBLE vector
     * (a probe's fresh gradient) rather than copying all of it to the heap first.
     */
    static double[] pick(INDArray vector, long[] tracked) {
        if (vector.dataType() != DataType.DOUBLE || vector.elementWiseStride() != 1
                || vector.length() > Integer.MAX_VALUE) {
            return pick(vector.toDoubleVector(), tracked);
        }
        DoubleBuffer buffer = vector.data().asNioDouble();
        int offset = (int) vector.offset();
        double[] out = new double[tracked.length];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = buffer.get(offset + (int) tracked[i]);
        }
        return out;
    }
}
