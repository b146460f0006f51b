package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.Buffer;
import java.nio.FloatBuffer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Views are kept per buffer object, evicted oldest first, and never served for a closed buffer. */
class NioViewsTest {

    @Test
    void aBufferKeepsItsViewUntilTwoOthersWereRead() {
        NioViews views = new NioViews();
        INDArray params = Nd4j.linspace(DataType.FLOAT, 1, 10, 1);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 10);
        INDArray third = Nd4j.ones(DataType.DOUBLE, 10);
        FloatBuffer kept = views.floats(params);
        assertSame(kept, views.floats(params), "the same buffer: the same view");
        assertNotSame(kept, views.floats(gradient), "another buffer: its own view");
        assertSame(kept, views.floats(params), "two buffers are kept");
        assertEquals(1.0, views.doubles(third).get(3), 0, "a DOUBLE buffer is read as doubles");
        views.floats(gradient);
        FloatBuffer again = views.floats(params);
        assertNotSame(kept, again, "the oldest view made way for the third buffer");
        assertEquals(params.getFloat(7), again.get(7), 0);
    }

    @Test
    void aClosedBufferIsNotReadThroughAKeptView() {
        NioViews views = new NioViews();
        INDArray params = Nd4j.linspace(DataType.FLOAT, 1, 10, 1);
        Buffer kept = views.floats(params);
        params.close();
        try {
            assertNotSame(kept, views.floats(params));
        } catch (RuntimeException refusedByNd4j) {
            // ND4J refuses a view of a closed buffer: as good
        }
    }
}
