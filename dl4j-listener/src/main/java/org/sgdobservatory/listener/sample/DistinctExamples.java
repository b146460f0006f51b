package org.sgdobservatory.listener.sample;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The distinct examples of a batch and where each of its rows comes from. A probe reservoir drawn over several
 * epochs of a small data set holds the same example several times; a statistic over the batch's rows that is a
 * function of each row's own per-example value (a mean, a variance over rows) can then be computed once per distinct
 * example and read back for every row through {@link #expand}, with the same result as over the rows themselves.
 * Rows are the same example when their features and their labels are equal value for value: candidates are grouped
 * by {@link ExampleFingerprints} of both, then compared exactly, so a fingerprint collision costs a comparison, never
 * a merge.
 *
 * @param rows the distinct examples, in the order of their first row (the batch itself when every row is distinct)
 * @param source for each row of the batch, the index of its example in {@code rows}
 */
public record DistinctExamples(MiniBatch rows, int[] source) {

    private static final long FEATURE_SEED = 0x5EEDL;
    private static final long LABEL_SEED = 0x1ABE1L;

    /** The distinct examples of {@code batch}. */
    public static DistinctExamples of(MiniBatch batch) {
        int n = batch.size();
        long[] features = new ExampleFingerprints(FEATURE_SEED).of(batch.features());
        long[] labels = new ExampleFingerprints(LABEL_SEED).of(batch.labels());
        Map<List<Long>, List<Integer>> firstRows = new HashMap<>();
        int[] source = new int[n];
        List<Integer> kept = new ArrayList<>();
        RowValues values = null;
        for (int i = 0; i < n; i++) {
            List<Integer> candidates = firstRows.computeIfAbsent(List.of(features[i], labels[i]), k -> new ArrayList<>());
            int match = -1;
            if (!candidates.isEmpty()) {
                values = values != null ? values : new RowValues(batch);
                for (int c : candidates) {
                    if (values.equal(c, i)) {
                        match = c;
                        break;
                    }
                }
            }
            if (match < 0) {
                candidates.add(i);
                source[i] = kept.size();
                kept.add(i);
            } else {
                source[i] = source[match];
            }
        }
        if (kept.size() == n) {
            return new DistinctExamples(batch, source);
        }
        int[] idx = kept.stream().mapToInt(Integer::intValue).toArray();
        return new DistinctExamples(new MiniBatch(pull(batch.features(), idx), pull(batch.labels(), idx)), source);
    }

    /** Rows of the batch. */
    public int size() {
        return source.length;
    }

    /** Whether some row repeats an earlier one. */
    public boolean repeats() {
        return rows.size() < source.length;
    }

    /** How many rows of the batch each distinct example stands for, in the order of {@link #rows}. */
    public double[] counts() {
        double[] out = new double[rows.size()];
        for (int s : source) {
            out[s]++;
        }
        return out;
    }

    /**
     * The distinct examples grouped by how many rows each stands for, with each group's share of the batch's rows: a
     * mean over the batch's rows of a per-example value is {@code sum_g weight_g x (the mean over group g's
     * examples)}, since a group of {@code n_g} examples occurring {@code c} times each holds {@code c n_g} of the
     * {@code N} rows ({@code weight_g = c n_g / N}, the weights sum to 1). So a mean that a library computes only
     * over whole batches (DL4J's score) is obtained with each distinct example passed once.
     *
     * @return the groups in increasing multiplicity (one group, weight 1, when no row repeats)
     */
    public List<Share> byMultiplicity() {
        if (!repeats()) {
            return List.of(new Share(rows, 1.0));
        }
        double[] counts = counts();
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int e = 0; e < counts.length; e++) {
            groups.computeIfAbsent((int) counts[e], c -> new ArrayList<>()).add(e);
        }
        List<Share> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
            int[] idx = g.getValue().stream().mapToInt(Integer::intValue).toArray();
            MiniBatch part = idx.length == rows.size() ? rows
                    : new MiniBatch(pull(rows.features(), idx), pull(rows.labels(), idx));
            out.add(new Share(part, (double) g.getKey() * idx.length / source.length));
        }
        return out;
    }

    /**
     * Examples that each stand for the same number of rows, and the fraction of the batch's rows they stand for.
     *
     * @param rows the examples
     * @param weight their rows' share of the batch
     */
    public record Share(MiniBatch rows, double weight) {
    }

    /**
     * Per-row values from per-example ones.
     *
     * @param perExample one value per distinct example ({@code rows().size()})
     * @return one value per row of the batch
     */
    public double[] expand(double[] perExample) {
        double[] out = new double[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = perExample[source[i]];
        }
        return out;
    }

    /** Every row's features and labels, each row flattened, for exact comparison. */
    private static final class RowValues {
        private final Rows features;
        private final Rows labels;

        RowValues(MiniBatch batch) {
            features = Rows.of(batch.features());
            labels = Rows.of(batch.labels());
        }

        /** Whether rows {@code a} and {@code b} hold the same values. */
        boolean equal(int a, int b) {
            return features.equal(a, b) && labels.equal(a, b);
        }
    }

    /**
     * The rows of one array (a {@link MiniBatch}'s, DOUBLE), each flattened, read in place where
     * {@link ExampleFingerprints#readableInPlace} allows (the probe set's 4 096 x 784 doubles are 25 MB, which a copy
     * would first touch page by page) and from a C-order copy otherwise. Values are equal when their bits are
     * ({@code doubleToLongBits}: NaN equals NaN, {@code -0.0} does not equal {@code 0.0}).
     */
    private record Rows(DoubleBuffer values, int base, int width) {

        static Rows of(INDArray x) {
            int n = (int) x.size(0);
            int width = n == 0 ? 0 : (int) (x.length() / n);
            INDArray flat = x.dataType() == DataType.DOUBLE && ExampleFingerprints.readableInPlace(x) ? x
                    : x.castTo(DataType.DOUBLE).dup('c');
            return new Rows(flat.data().asNioDouble(), (int) flat.offset(), width);
        }

        boolean equal(int a, int b) {
            int i = base + a * width;
            int j = base + b * width;
            for (int k = 0; k < width; k++) {
                if (Double.doubleToLongBits(values.get(i + k)) != Double.doubleToLongBits(values.get(j + k))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Rows {@code idx} of {@code a} (any rank) as a new array. */
    private static INDArray pull(INDArray a, int[] idx) {
        long[] shape = a.shape().clone();
        long width = a.length() / shape[0];
        INDArray rowMajor = ExampleFingerprints.readableInPlace(a) && !a.isView() ? a : a.dup('c');
        INDArray rows = Nd4j.pullRows(rowMajor.reshape(shape[0], width), 1, idx);
        shape[0] = idx.length;
        return rows.reshape(shape);
    }
}
