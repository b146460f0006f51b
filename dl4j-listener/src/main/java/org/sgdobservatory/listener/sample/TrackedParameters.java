package org.sgdobservatory.listener.sample;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.adapter.ParameterBlock;

/**
 * Which parameters are tracked, and the gather that copies them from a flattened vector into a
 * {@code double[]} (a straight copy when every parameter is tracked).
 *
 * <p>The subset gather reads the tracked elements straight from the source's native buffer through NIO views
 * ({@code asNioFloat}/{@code asNioDouble}, no copy of the source; kept from one read to the next, {@code NioViews})
 * in one Java loop over the sorted indices, when the source is a contiguous FLOAT or DOUBLE vector (the network's
 * parameter and gradient views always are); otherwise it runs ND4J's {@code gather_nd} op ({@code GatherNdFallback}).
 * This loop is an exception to the "whole-array ND4J operations" rule, for the measured reason: on the wide MLP
 * (1.9M parameters, 24 855 tracked) it takes about 40 us, {@code pullRows} 260 us, {@code gather_nd} 0.45 to 0.9 ms
 * and the {@code gather} op along axis 0 11 ms (BENCHMARKS.md#why-the-hot-loops-are-java-loops); two gathers and one
 * finiteness check run per observed iteration (one gather when the previous iteration was observed too,
 * {@code TraceSampler}).
 *
 * <p>Selection ({@code TrackedSubset}): at most {@code maxTracked} in total, shared across blocks by water-filling
 * (small blocks entirely, the rest split evenly); inside a block a seeded uniform random subset, in index order.
 * Not thread-safe.
 */
public final class TrackedParameters {

    private final long[] flatIndex;
    /** The same indices as int, for the NIO gather (null above 2^31 parameters). */
    private final int[] intIndex;
    private final List<Slice> slices;
    private final boolean all;
    private final GatherNdFallback fallback;
    private final NioViews views = new NioViews();

    /** The tracked part of one block: tracked positions {@code from..to-1} map to block elements. */
    public record Slice(ParameterBlock block, int from, int to) {
    }

    /**
     * Chooses the tracked parameters.
     *
     * @param maxTracked at most this many in total
     * @param seed the subset's seed
     * @param paramType the network's parameter data type
     */
    public TrackedParameters(List<ParameterBlock> blocks, long maxTracked, long seed, DataType paramType) {
        long total = blocks.stream().mapToLong(ParameterBlock::length).sum();
        TrackedSubset subset = TrackedSubset.choose(blocks, Math.max(1, maxTracked), seed);
        flatIndex = subset.flatIndex();
        slices = subset.slices();
        all = subset.everyParameter(total);
        intIndex = all || total > Integer.MAX_VALUE ? null : Arrays.stream(flatIndex).mapToInt(i -> (int) i).toArray();
        fallback = new GatherNdFallback(flatIndex, total, paramType);
    }

    /** Number of tracked parameters. */
    public int size() {
        return flatIndex.length;
    }

    /** Flattened indices of the tracked parameters (a copy). */
    public long[] flatIndices() {
        return flatIndex.clone();
    }

    /** Per-block slices of the tracked positions. */
    public List<Slice> slices() {
        return slices;
    }

    /** Whether every parameter is tracked (no gather needed). */
    public boolean all() {
        return all;
    }

    /**
     * Copies the tracked elements of {@code flat} (any shape, length numParams, the network's type) into
     * {@code out} (length size()).
     */
    public void gather(INDArray flat, double[] out) {
        if (all) {
            views.read(flat, out);
            return;
        }
        if (directlyReadable(flat) && intIndex != null) {
            int base = (int) flat.offset();
            if (flat.dataType() == DataType.FLOAT) {
                FloatBuffer source = views.floats(flat);
                for (int i = 0; i < intIndex.length; i++) {
                    out[i] = source.get(base + intIndex[i]);
                }
                return;
            }
            if (flat.dataType() == DataType.DOUBLE) {
                DoubleBuffer source = views.doubles(flat);
                for (int i = 0; i < intIndex.length; i++) {
                    out[i] = source.get(base + intIndex[i]);
                }
                return;
            }
        }
        System.arraycopy(fallback.gather(flat).castTo(DataType.DOUBLE).toDoubleVector(), 0, out, 0, out.length);
    }

    /**
     * Whether every tracked element of {@code flat} is finite: the sum of their magnitudes is NaN or infinite as
     * soon as one is (it overflows only when the magnitudes add up to 1.8e308). Reads the tracked elements in
     * place (no buffer); every element through BLAS {@code asum} when all are tracked. BLAS has no {@code asum} for
     * HALF or BFLOAT16 (ND4J throws {@code UnsupportedOperationException}), so such arrays are first cast to FLOAT,
     * one allocation per call for those types only.
     */
    public boolean allFinite(INDArray flat) {
        if (flat.dataType() != DataType.FLOAT && flat.dataType() != DataType.DOUBLE) {
            INDArray values = all ? flat.reshape(flat.length()) : fallback.gather(flat);
            return Double.isFinite(Nd4j.getBlasWrapper().level1().asum(values.castTo(DataType.FLOAT)));
        }
        if (all) {
            return Double.isFinite(Nd4j.getBlasWrapper().level1().asum(flat.reshape(flat.length())));
        }
        if (directlyReadable(flat) && intIndex != null) {
            int base = (int) flat.offset();
            double sum = 0;
            if (flat.dataType() == DataType.FLOAT) {
                FloatBuffer source = views.floats(flat);
                for (int i : intIndex) {
                    sum += Math.abs(source.get(base + i));
                }
                return Double.isFinite(sum);
            }
            if (flat.dataType() == DataType.DOUBLE) {
                DoubleBuffer source = views.doubles(flat);
                for (int i : intIndex) {
                    sum += Math.abs(source.get(base + i));
                }
                return Double.isFinite(sum);
            }
        }
        return Double.isFinite(Nd4j.getBlasWrapper().level1().asum(fallback.gather(flat)));
    }

    /**
     * The parameters before a step without the gradient: copies the tracked parameters into {@code out} (as
     * {@link #gather}) and says whether they are all finite (sum of magnitudes of the copies).
     */
    public boolean gatherChecked(INDArray params, double[] out) {
        gather(params, out);
        double sum = 0;
        for (double v : out) {
            sum += Math.abs(v);
        }
        return Double.isFinite(sum);
    }

    /**
     * The sample before a step, in one pass: copies the tracked parameters into {@code out} (as {@link #gather})
     * and says whether they and the tracked elements of {@code gradient} are all finite (sum of magnitudes).
     * FLOAT networks take a single loop reading both buffers at the same indices; anything else composes
     * {@link #gather} and {@link #allFinite}.
     */
    public boolean gatherChecked(INDArray params, INDArray gradient, double[] out) {
        if (params.dataType() == DataType.FLOAT && gradient.dataType() == DataType.FLOAT && directlyReadable(params)
                && directlyReadable(gradient) && (all || intIndex != null)) {
            FloatBuffer theta = views.floats(params);
            FloatBuffer grad = views.floats(gradient);
            int tBase = (int) params.offset();
            int gBase = (int) gradient.offset();
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                int j = all ? i : intIndex[i];
                float t = theta.get(tBase + j);
                out[i] = t;
                sum += Math.abs(t) + Math.abs(grad.get(gBase + j));
            }
            return Double.isFinite(sum);
        }
        return gatherChecked(params, out) && allFinite(gradient);
    }

    /**
     * The update of a step, in one pass: {@code after = tracked elements of params}, {@code out = before - after},
     * and whether every element of {@code out} is finite. FLOAT networks take a single loop; anything else gathers
     * first.
     */
    public boolean updateSince(double[] before, INDArray params, double[] out, double[] after) {
        double sum = 0;
        if (params.dataType() == DataType.FLOAT && directlyReadable(params) && (all || intIndex != null)) {
            FloatBuffer theta = views.floats(params);
            int base = (int) params.offset();
            for (int i = 0; i < out.length; i++) {
                double a = theta.get(base + (all ? i : intIndex[i]));
                after[i] = a;
                double u = before[i] - a;
                out[i] = u;
                sum += Math.abs(u);
            }
            return Double.isFinite(sum);
        }
        gather(params, after);
        for (int i = 0; i < out.length; i++) {
            double u = before[i] - after[i];
            out[i] = u;
            sum += Math.abs(u);
        }
        return Double.isFinite(sum);
    }

    /**
     * Whether {@code values} (tracked positions, as {@link #gather} wrote them) still match {@code params} at
     * {@code probes} tracked positions spread evenly over them (all when there are fewer): a cheap check that nothing
     * wrote to the parameters since they were read.
     */
    public boolean unchangedAt(INDArray params, double[] values, int probes) {
        int n = values.length;
        int count = Math.min(n, probes);
        boolean direct = directlyReadable(params) && (all || intIndex != null);
        int base = direct ? (int) params.offset() : 0;
        FloatBuffer floats = direct && params.dataType() == DataType.FLOAT ? views.floats(params) : null;
        DoubleBuffer doubles = direct && params.dataType() == DataType.DOUBLE ? views.doubles(params) : null;
        INDArray flatView = floats == null && doubles == null ? params.reshape(params.length()) : null;
        for (int j = 0; j < count; j++) {
            int i = (int) ((long) j * n / count);
            long flat = flatIndex[i];
            double now = floats != null ? floats.get(base + (int) flat)
                    : doubles != null ? doubles.get(base + (int) flat) : flatView.getDouble(flat);
            if (Double.compare(now, values[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A vector whose elements are consecutive in its buffer ({@link NioViews#consecutive}). */
    private static boolean directlyReadable(INDArray a) {
        return NioViews.consecutive(a);
    }

    /**
     * Bytes held: the indices on the heap as long and int (12 per tracked parameter; the long copy alone when every
     * parameter is tracked), plus gather_nd's native indices and output once the fallback has run.
     */
    public long bytesHeld() {
        return 8L * flatIndex.length + (intIndex == null ? 0 : 4L * intIndex.length) + fallback.bytesHeld();
    }
}
