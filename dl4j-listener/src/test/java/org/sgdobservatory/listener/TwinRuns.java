package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.sgdobservatory.listener.adapter.NetworkAdapter;

/**
 * The comparison behind every "the listener is harmless" test: a network trained with the listener and its twin
 * trained without it (same configuration, seed and data order) must end bitwise identical: parameters, updater
 * state, DL4J's iteration and epoch counters, and the model saved by {@code ModelSerializer}.
 *
 * <p>About the saved model: {@code ModelSerializer} writes a zip whose entry headers carry the MS-DOS write time
 * (2-second resolution), so two saves of the same network are byte-identical inside one 2-second tick and differ in
 * exactly those time fields across ticks (observed: 4 bytes for a two-entry zip). {@link #savedWithoutTimes} therefore
 * zeroes the time and date fields of every local and central header and compares all other bytes of the zip.
 */
final class TwinRuns {

    private TwinRuns() {
    }

    /** Asserts the two networks are bitwise identical in everything training produced. */
    static void assertIdentical(Model plain, Model observed, String what) {
        assertArrayEquals(bytes(plain.params()), bytes(observed.params()),
                what + ": parameters must be bitwise identical with and without the listener");
        NetworkAdapter a = NetworkAdapter.of(plain);
        NetworkAdapter b = NetworkAdapter.of(observed);
        assertEquals(a.updaterStateView().isPresent(), b.updaterStateView().isPresent(), what + ": updater state present");
        a.updaterStateView().ifPresent(s -> assertArrayEquals(bytes(s), bytes(b.updaterStateView().orElseThrow()),
                what + ": updater state must be bitwise identical"));
        assertEquals(a.iterationCount(), b.iterationCount(), what + ": DL4J iteration counter");
        assertEquals(a.epochCount(), b.epochCount(), what + ": DL4J epoch counter");
        try {
            assertArrayEquals(savedWithoutTimes(plain), savedWithoutTimes(observed), what + ": the model saved by"
                    + " ModelSerializer (updater included) must be byte for byte identical apart from the zip's write"
                    + " times");
        } catch (IOException e) {
            throw new AssertionError(what + ": could not save the model: " + e, e);
        }
    }

    /** The whole buffer of an array, as bytes (NaN payloads and signed zeros included). */
    static byte[] bytes(INDArray a) {
        return a.data().asBytes();
    }

    /** Fits {@code m} on {@code it}, whichever network type it is. */
    static void fit(Model m, DataSetIterator it) {
        if (m instanceof MultiLayerNetwork n) {
            n.fit(it);
        } else {
            ((ComputationGraph) m).fit(it);
        }
    }

    /** The bytes of {@code ModelSerializer.writeModel(m, out, true)}. */
    static byte[] saved(Model m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(m, out, true);
        return out.toByteArray();
    }

    /**
     * The saved zip with the MS-DOS time and date of every entry set to 0, in its local header (offset 10, 4 bytes) and
     * its central directory header (offset 12, 4 bytes), located through the end-of-central-directory record (so no
     * byte of an entry's data is touched).
     */
    static byte[] savedWithoutTimes(Model m) throws IOException {
        byte[] zip = saved(m);
        ByteBuffer bb = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22; i >= 0; i--) {
            if (bb.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new IOException("no end-of-central-directory record: not a zip");
        }
        int entries = Short.toUnsignedInt(bb.getShort(eocd + 10));
        int central = bb.getInt(eocd + 16);
        for (int e = 0; e < entries; e++) {
            if (bb.getInt(central) != 0x02014b50) {
                throw new IOException("central directory header " + e + " not found at " + central);
            }
            int local = bb.getInt(central + 42);
            bb.putInt(central + 12, 0);
            bb.putInt(local + 10, 0);
            central += 46 + Short.toUnsignedInt(bb.getShort(central + 28)) + Short.toUnsignedInt(bb.getShort(central + 30))
                    + Short.toUnsignedInt(bb.getShort(central + 32));
        }
        return zip;
    }

    /** The names of the saved zip's entries, in order (to say what a difference is in). */
    static List<String> entryNames(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
