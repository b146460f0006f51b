package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;

/**
 * Detects the minibatch order from the examples themselves: each example is fingerprinted by a fixed
 * seeded random projection of its input row (rounded to float precision), and the fingerprint sequence is
 * tested for the three schemes of THEORY.md 2b. With period {@code n} = number of distinct examples:
 * every aligned window of {@code n} consecutive examples holding {@code n} distinct ones means epochs;
 * {@code seq[t] == seq[t+n]} for (almost) all t means a fixed cyclic order, otherwise per-epoch
 * reshuffling; repeats inside a window mean i.i.d. sampling with replacement.
 *
 * <p>Fingerprints are kept for at most {@code capacity} examples. Not thread-safe.
 */
public final class DataOrderDetector {

    private final long seed;
    private final int capacity;
    private INDArray projection;
    private long[] sequence;
    private int size;
    private int lastBatchRows;
    private DataType featureType = DataType.FLOAT;
    private final java.util.List<Integer> epochEnds = new ArrayList<>();

    /**
     * A detector fingerprinting at most {@code capacity} examples.
     *
     * @param seed the projection's seed ({@code SeedStream.FINGERPRINTS})
     */
    public DataOrderDetector(long seed, int capacity) {
        this.seed = seed;
        this.capacity = capacity;
        this.sequence = new long[Math.min(capacity, 4096)];
    }

    /** Whether more fingerprints are wanted. */
    public boolean wantsMore() {
        return size < capacity;
    }

    /** Records that DL4J finished an epoch (onEpochEnd) after the examples seen so far. */
    public void epochEnded() {
        if (size < capacity) {
            epochEnds.add(size);
        }
    }

    /** Fingerprints the rows of one minibatch's features. */
    public void observe(INDArray features) {
        long rows = features.size(0);
        lastBatchRows = (int) rows;
        featureType = features.dataType();
        INDArray flat = features.reshape(rows, features.length() / rows);
        if (projection == null) {
            // java.util.Random, never ND4J's global generator: observing must not change training
            java.util.Random rnd = new java.util.Random(seed);
            double[] p = new double[flat.columns()];
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextGaussian();
            }
            projection = Nd4j.createFromArray(p).reshape(p.length, 1);
        }
        if (flat.columns() != projection.rows()) {
            return;
        }
        double[] fp = flat.castTo(DataType.DOUBLE).mmul(projection).toDoubleVector();
        for (double v : fp) {
            if (size == capacity) {
                return;
            }
            if (size == sequence.length) {
                sequence = java.util.Arrays.copyOf(sequence, Math.min(capacity, 2 * sequence.length));
            }
            sequence[size++] = Float.floatToIntBits((float) v);
        }
    }

    /** Bytes held. */
    public long bytesHeld() {
        return 8L * sequence.length;
    }

    /** Classifies the sequence seen so far. */
    public DataOrderReport detect(DataOrder stated) {
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < size; i++) {
            distinct.add(sequence[i]);
        }
        int n = distinct.size();
        DataOrder detected;
        String evidence;
        long epoch = 0;
        if (size < 2) {
            detected = DataOrder.UNKNOWN;
            evidence = "fewer than two examples fingerprinted";
        } else if (n == size) {
            detected = DataOrder.UNKNOWN;
            evidence = "no example seen twice in " + size + " fingerprinted examples: i.i.d. from a large set or"
                    + " still in the first epoch; state the order with Builder.dataOrder(...)";
        } else if (size < 2L * n) {
            // not yet two full periods: decide on repeats inside the first n examples only
            int dupInFirst = duplicates(0, Math.min(n, size));
            if (dupInFirst > 0) {
                detected = DataOrder.IID;
                evidence = dupInFirst + " repeated examples within a window of " + n + ": sampling with replacement";
            } else {
                detected = DataOrder.UNKNOWN;
                evidence = "fewer than two epochs of " + n + " examples fingerprinted (" + size + ")";
            }
        } else {
            // candidate epoch lengths: DL4J's own epoch boundaries, all distinct examples, or the full minibatches
            // of them (iterators that drop the last partial minibatch)
            java.util.LinkedHashSet<Integer> candidates = new java.util.LinkedHashSet<>();
            callbackEpochLength().ifPresent(candidates::add);
            candidates.add(n);
            if (lastBatchRows > 0) {
                candidates.add(n / lastBatchRows * lastBatchRows);
            }
            int epochLength = 0;
            int windows = 0;
            int windowsWithRepeats = 0;
            for (int e : candidates) {
                if (e < 2 || size < 2 * e) {
                    continue;
                }
                int w = size / e;
                int rep = 0;
                for (int k = 0; k < w; k++) {
                    if (duplicates(k * e, (k + 1) * e) > 0) {
                        rep++;
                    }
                }
                if (epochLength == 0 || rep * 10 <= w) {
                    epochLength = e;
                    windows = w;
                    windowsWithRepeats = rep;
                }
                if (rep * 10 <= w) {
                    break;
                }
            }
            if (epochLength == 0 || windowsWithRepeats * 10 > windows) {
                detected = DataOrder.IID;
                evidence = windowsWithRepeats + " of " + windows + " windows of " + epochLength
                        + " consecutive examples repeat an example: i.i.d. sampling with replacement from about "
                        + n + " examples";
            } else {
                int same = 0;
                for (int t = 0; t + epochLength < size; t++) {
                    if (sequence[t] == sequence[t + epochLength]) {
                        same++;
                    }
                }
                double fraction = same / (double) (size - epochLength);
                epoch = epochLength;
                if (fraction > 0.95) {
                    detected = DataOrder.FIXED_CYCLIC;
                    evidence = String.format("every epoch of %d examples repeats the previous order (%.1f%% of"
                            + " examples at the same position): a fixed cyclic order", epochLength, 100 * fraction);
                } else {
                    detected = DataOrder.RESHUFFLED;
                    evidence = String.format("each of %d epochs of %d examples (of %d distinct) visits every example"
                            + " at most once, in a new order (%.1f%% at the same position): per-epoch reshuffling",
                            windows, epochLength, n, 100 * fraction);
                }
            }
        }
        DataOrder used = stated != DataOrder.UNKNOWN ? stated : detected;
        if (stated != DataOrder.UNKNOWN && stated != detected && detected != DataOrder.UNKNOWN) {
            evidence += "; the user stated " + stated + ", which predictions use";
        }
        return new DataOrderReport(detected, used, epoch, n, size, size >= capacity, evidence);
    }

    /** The epoch length from DL4J's epoch callbacks, when at least two complete epochs agree. */
    private java.util.Optional<Integer> callbackEpochLength() {
        if (epochEnds.size() < 2) {
            return java.util.Optional.empty();
        }
        int first = epochEnds.get(0);
        for (int i = 1; i < epochEnds.size(); i++) {
            if (epochEnds.get(i) - epochEnds.get(i - 1) != first) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(first);
    }

    private int duplicates(int from, int to) {
        Map<Long, Integer> seen = new HashMap<>();
        int dup = 0;
        for (int i = from; i < to; i++) {
            if (seen.merge(sequence[i], 1, Integer::sum) > 1) {
                dup++;
            }
        }
        return dup;
    }

    /**
     * For a fixed cyclic order: the position inside the epoch (0..epochLength-1, counted from the first
     * fingerprinted example, which starts a minibatch) of each row of {@code features}, or -1 for a row that is
     * not among the first {@code epochLength} fingerprinted examples. Rows are cast to the training features'
     * data type first, so a DOUBLE copy of FLOAT training data gets the same fingerprints.
     */
    public int[] epochPositions(INDArray features, int epochLength) {
        long rows = features.size(0);
        int[] out = new int[(int) rows];
        java.util.Arrays.fill(out, -1);
        if (projection == null || epochLength < 1 || size < epochLength) {
            return out;
        }
        INDArray flat = features.castTo(featureType).reshape(rows, features.length() / rows);
        if (flat.columns() != projection.rows()) {
            return out;
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < epochLength; i++) {
            position.putIfAbsent(sequence[i], i);
        }
        double[] fp = flat.castTo(DataType.DOUBLE).mmul(projection).toDoubleVector();
        for (int r = 0; r < out.length; r++) {
            out[r] = position.getOrDefault((long) Float.floatToIntBits((float) fp[r]), -1);
        }
        return out;
    }

    /** For tests: the fingerprints so far. */
    List<Long> fingerprints() {
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(sequence[i]);
        }
        return out;
    }
}
