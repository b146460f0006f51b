package org.sgdobservatory.listener.sample;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NIO views of the ND4J buffers a sampler reads, kept while the buffer stays the same object: making a view
 * ({@code DataBuffer.asNioFloat}, a JNI call that creates a direct buffer) took 2.3 us here in the middle of
 * training, about as long as reading the digits MLP's 4 810 parameters through it. A network's parameter and gradient
 * views stay the same buffers while it trains, so the last {@value #SLOTS} buffers seen are kept (strongly: a kept
 * buffer is not garbage-collected before it is replaced here). A buffer closed explicitly is never read through a
 * kept view: it goes to ND4J's {@code asNioFloat} as before. Only on the CPU backend: elsewhere {@code asNioFloat}
 * first copies the device's data to the host, so a view is made at every read. Callers read with absolute indices
 * only, so a shared view carries no state. Not thread-safe.
 */
final class NioViews {

    /** Buffers kept: the parameters and the gradient. */
    static final int SLOTS = 2;

    private final DataBuffer[] sources = new DataBuffer[SLOTS];
    private final Buffer[] views = new Buffer[SLOTS];
    private final boolean keep = Nd4j.getEnvironment().isCPU();
    private int next;

    /** A FLOAT view of {@code array}'s whole buffer (index it at {@code array.offset() + i}). */
    FloatBuffer floats(INDArray array) {
        return (FloatBuffer) view(array.data(), true);
    }

    /** A DOUBLE view of {@code array}'s whole buffer (index it at {@code array.offset() + i}). */
    DoubleBuffer doubles(INDArray array) {
        return (DoubleBuffer) view(array.data(), false);
    }

    /**
     * Copies every element of {@code vector} (a row vector or 1-D, {@code into.length} elements, FLOAT or DOUBLE read
     * in place through a view when its elements are consecutive in its buffer) into {@code into}; any other vector
     * through a DOUBLE copy.
     */
    void read(INDArray vector, double[] into) {
        if (consecutive(vector) && vector.length() == into.length) {
            int base = (int) vector.offset();
            if (vector.dataType() == DataType.FLOAT) {
                FloatBuffer source = floats(vector);
                for (int i = 0; i < into.length; i++) {
                    into[i] = source.get(base + i);
                }
                return;
            }
            if (vector.dataType() == DataType.DOUBLE) {
                doubles(vector).get(base, into, 0, into.length);
                return;
            }
        }
        System.arraycopy(vector.reshape(vector.length()).castTo(DataType.DOUBLE).toDoubleVector(), 0, into, 0,
                into.length);
    }

    /** A vector whose elements are consecutive in its buffer (row vector or 1-D, element stride 1), int-indexable. */
    static boolean consecutive(INDArray a) {
        return (a.isVector() || a.isScalar()) && a.elementWiseStride() == 1
                && a.offset() + a.length() <= Integer.MAX_VALUE;
    }

    private Buffer view(DataBuffer data, boolean floats) {
        if (keep && !data.wasClosed()) {
            for (int i = 0; i < SLOTS; i++) {
                if (sources[i] == data
                        && (floats ? views[i] instanceof FloatBuffer : views[i] instanceof DoubleBuffer)) {
                    return views[i];
                }
            }
        }
        Buffer view = floats ? data.asNioFloat() : data.asNioDouble();
        if (!keep) {
            return view;
        }
        sources[next] = data;
        views[next] = view;
        next = (next + 1) % SLOTS;
        return view;
    }
}
