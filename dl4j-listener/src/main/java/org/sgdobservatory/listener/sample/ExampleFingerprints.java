package org.sgdobservatory.listener.sample;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fingerprints of examples: two fixed seeded Gaussian projections of each input row, computed in double precision
 * from the row's values in their own data type and each rounded to float, the two floats' bits side by side in one
 * {@code long}, so that equal rows get equal fingerprints and the DOUBLE copy of a FLOAT minibatch (cast back to FLOAT)
 * gets the same ones as the original. Two projections, not one: two different rows share a single rounded projection
 * with a probability of about {@code 3e-8} (a float's relative spacing over the projection's spread), so among
 * {@code n} examples about {@code n^2 1.5e-8} pairs would (1.3% of data sets of 1 000 examples, five pairs in 20 000),
 * and one shared pair inside an epoch reads as sampling with replacement; with two the chance is its square. The rows
 * are read in place through the array's NIO buffer (one small loop: a minibatch of 32 rows of 64 inputs is 4 096
 * multiply-adds, where an ND4J product costs about 0.1 ms of fixed overhead); arrays that are not contiguous in C
 * order are copied first. The projections use {@link Random}, never ND4J's generator, so fingerprinting cannot
 * change training. Not thread-safe.
 */
final class ExampleFingerprints {

    private final long seed;
    private double[] projection;
    private double[] second;

    /** Fingerprints with the projection seeded by {@code seed}. */
    ExampleFingerprints(long seed) {
        this.seed = seed;
    }

    /**
     * The fingerprints of the rows of {@code features} (any rank; each example flattened), or an empty array when
     * the examples' width differs from the first minibatch's.
     */
    long[] of(INDArray features) {
        int rows = (int) features.size(0);
        long width = rows == 0 ? 0 : features.length() / rows;
        if (projection == null) {
            Random rnd = new Random(seed);
            projection = gaussian(rnd, (int) width);
            second = gaussian(rnd, (int) width);
        }
        if (width != projection.length) {
            return new long[0];
        }
        INDArray flat = readableInPlace(features) ? features
                : features.dataType() == DataType.FLOAT ? features.dup('c') : features.castTo(DataType.DOUBLE).dup('c');
        long[] out = new long[rows];
        int base = (int) flat.offset();
        int w = projection.length;
        if (flat.dataType() == DataType.FLOAT) {
            FloatBuffer values = flat.data().asNioFloat();
            for (int r = 0; r < rows; r++) {
                double s = 0;
                double t = 0;
                int start = base + r * w;
                for (int j = 0; j < w; j++) {
                    double v = values.get(start + j);
                    s += v * projection[j];
                    t += v * second[j];
                }
                out[r] = bits(s, t);
            }
        } else {
            DoubleBuffer values = flat.data().asNioDouble();
            for (int r = 0; r < rows; r++) {
                double s = 0;
                double t = 0;
                int start = base + r * w;
                for (int j = 0; j < w; j++) {
                    double v = values.get(start + j);
                    s += v * projection[j];
                    t += v * second[j];
                }
                out[r] = bits(s, t);
            }
        }
        return out;
    }

    /**
     * Whether {@code x}'s rows can be read in place through its NIO buffer from {@code x.offset()}: FLOAT or DOUBLE,
     * contiguous in C order, within an int's reach.
     */
    static boolean readableInPlace(INDArray x) {
        return x.ordering() == 'c' && x.elementWiseStride() == 1 && x.offset() + x.length() <= Integer.MAX_VALUE
                && (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE);
    }

    /** The two projections, each rounded to float, as one key. */
    private static long bits(double s, double t) {
        return ((long) Float.floatToIntBits((float) s) << 32) | (Float.floatToIntBits((float) t) & 0xffffffffL);
    }

    private static double[] gaussian(Random rnd, int width) {
        double[] p = new double[width];
        for (int i = 0; i < width; i++) {
            p[i] = rnd.nextGaussian();
        }
        return p;
    }
}
