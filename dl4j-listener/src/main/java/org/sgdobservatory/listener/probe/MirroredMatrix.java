package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DOUBLE column-major {@code rows x columns} array outside every workspace, mirrored by a Java array that
 * element-wise work runs on. On a 1440 x 64 array a bulk copy took about 15 us each way, where each ND4J broadcast,
 * reduction or allocation it replaces in a Hessian-vector product took 40 to 270 us (timing loops on this project's
 * 2-core machine, one ND4J thread). Element {@code (i, j)} is {@code values()[i + j rows]}. Not thread-safe.
 */
final class MirroredMatrix {

    /** Whether ND4J runs on its CPU backend, where a buffer's NIO view is its memory. */
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private final INDArray array;
    private final double[] values;

    private MirroredMatrix(INDArray array) {
        this.array = array;
        this.values = new double[Math.toIntExact(array.length())];
    }

    /** A zeroed matrix allocated outside any open workspace (it outlives the caller's). */
    static MirroredMatrix of(long rows, long columns) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new MirroredMatrix(Nd4j.create(DataType.DOUBLE, new long[] {rows, columns}, 'f'));
        }
    }

    /** The native array (GEMMs read and write it). */
    INDArray array() {
        return array;
    }

    /** The Java mirror, as last loaded or to be stored. */
    double[] values() {
        return values;
    }

    /** Copies the native array into the mirror and returns the mirror. */
    double[] load() {
        array.data().asNioDouble().get(0, values);
        return values;
    }

    /** Copies the mirror into the native array and returns the array. */
    INDArray store() {
        array.data().asNioDouble().put(0, values);
        return array;
    }

    /**
     * Any array's values in column-major order as a new Java array, in double precision (a copy; {@code a} is not
     * changed).
     */
    static double[] columnMajor(INDArray a) {
        boolean whole = !a.isView() && a.data().length() == a.length();
        INDArray source = whole && (a.ordering() == 'f' || a.isVectorOrScalar()) ? a : a.dup('f');
        // one bulk copy for doubles, one loop over a kept view for floats: the buffer's asDouble() reads element by
        // element through an indexer, some 0.2 s for the exact curvature's per-example columns of a wide MLP
        if (!CPU) {
            // elsewhere the host copy may be stale; the buffer's own read brings it up to date
            return source.data().asDouble();
        }
        double[] out = new double[(int) source.length()];
        switch (source.dataType()) {
            case DOUBLE -> source.data().asNioDouble().get(0, out);
            case FLOAT -> {
                java.nio.FloatBuffer floats = source.data().asNioFloat();
                for (int i = 0; i < out.length; i++) {
                    out[i] = floats.get(i);
                }
            }
            default -> {
                return source.data().asDouble();
            }
        }
        return out;
    }
}
