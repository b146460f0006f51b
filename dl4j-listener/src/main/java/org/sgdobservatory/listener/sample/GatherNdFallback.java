package org.sgdobservatory.listener.sample;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gather of {@link TrackedParameters} for sources its NIO loop cannot read (not a contiguous FLOAT or DOUBLE
 * vector, or above 2^31 elements): ND4J's {@code gather_nd} op, prebuilt per source array. Its indices and output
 * are created on first use, so a network whose views are always directly readable holds nothing here. Not
 * thread-safe.
 */
final class GatherNdFallback {

    private final long[] flatIndex;
    private final long total;
    private final DataType paramType;
    /** gather_nd's indices and output, created on the first gather. */
    private INDArray indices;
    private INDArray gathered;
    /**
     * Two-entry cache: source array (by identity) and the gather op prebuilt on its flat view. DL4J keeps one
     * parameter and one gradient array per network, so the cache holds references to those two only.
     */
    private final INDArray[] cachedSources = new INDArray[2];
    private final DynamicCustomOp[] cachedOps = new DynamicCustomOp[2];
    private int nextSlot;

    /**
     * @param flatIndex the tracked flattened indices (held, not copied)
     * @param total number of parameters of the network
     * @param paramType the network's parameter data type
     */
    GatherNdFallback(long[] flatIndex, long total, DataType paramType) {
        this.flatIndex = flatIndex;
        this.total = total;
        this.paramType = paramType;
    }

    /** The tracked elements of {@code flat}, in the network's type; the result is reused by the next call. */
    INDArray gather(INDArray flat) {
        Nd4j.exec(gatherOp(flat));
        return gathered;
    }

    /** {@code P x 1} indices for gather_nd: INT32 when every index fits (always, below 2^31 parameters). */
    private static INDArray gatherIndices(long[] flat, long total) {
        if (total <= Integer.MAX_VALUE) {
            int[] i32 = new int[flat.length];
            for (int i = 0; i < flat.length; i++) {
                i32[i] = (int) flat[i];
            }
            return Nd4j.createFromArray(i32).reshape(flat.length, 1);
        }
        return Nd4j.createFromArray(flat).reshape(flat.length, 1);
    }

    /** The gather op reading {@code flat}, built on first use and reused while DL4J keeps the same array. */
    private DynamicCustomOp gatherOp(INDArray flat) {
        if (indices == null) {
            indices = gatherIndices(flatIndex, total);
            gathered = Nd4j.zeros(paramType, flatIndex.length);
        }
        for (int i = 0; i < cachedSources.length; i++) {
            if (cachedSources[i] == flat) {
                return cachedOps[i];
            }
        }
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % cachedSources.length;
        cachedSources[slot] = flat;
        cachedOps[slot] = DynamicCustomOp.builder("gather_nd").addInputs(flat.reshape(flat.length()), indices)
                .addOutputs(gathered).build();
        return cachedOps[slot];
    }

    /** Native bytes held: gather_nd's indices and output once the fallback has run, nothing before. */
    long bytesHeld() {
        if (indices == null) {
            return 0;
        }
        return (long) (indices.data().getElementSize() + gathered.data().getElementSize()) * flatIndex.length;
    }
}
