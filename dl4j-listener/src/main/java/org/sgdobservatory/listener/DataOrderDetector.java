package org.sgdobservatory.listener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.report.DataOrderReport;

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
final class DataOrderDetector {

    private final long seed;
    private final int capacity;
    private INDArray projection;
    private long[] sequence;
    private int size;

    DataOrderDetector(long seed, int capacity) {
        this.seed = seed;
        this.capacity = capacity;
        this.sequence = new long[Math.min(capacity, 4096)];
    }

    /** Whether more fingerprints are wanted. */
    boolean wantsMore() {
        return size < capacity;
    }

    /** Fingerprints the rows of one minibatch's features. */
    void observe(INDArray features) {
        long rows = features.size(0);
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
    long bytesHeld() {
        return 8L * sequence.length;
    }

    /** Classifies the sequence seen so far. */
    DataOrderReport detect(DataOrder stated) {
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
            int windows = size / n;
            int windowsWithRepeats = 0;
            for (int w = 0; w < windows; w++) {
                if (duplicates(w * n, (w + 1) * n) > 0) {
                    windowsWithRepeats++;
                }
            }
            if (windowsWithRepeats * 10 > windows) {
                detected = DataOrder.IID;
                evidence = windowsWithRepeats + " of " + windows + " windows of " + n
                        + " consecutive examples repeat an example: i.i.d. sampling with replacement from about "
                        + n + " examples";
            } else {
                int same = 0;
                for (int t = 0; t + n < size; t++) {
                    if (sequence[t] == sequence[t + n]) {
                        same++;
                    }
                }
                double fraction = same / (double) (size - n);
                epoch = n;
                if (fraction > 0.95) {
                    detected = DataOrder.FIXED_CYCLIC;
                    evidence = String.format("every epoch of %d examples repeats the previous order (%.1f%% of"
                            + " examples at the same position): a fixed cyclic order", n, 100 * fraction);
                } else {
                    detected = DataOrder.RESHUFFLED;
                    evidence = String.format("each of %d windows of %d examples visits every example once, in a"
                            + " new order (%.1f%% at the same position): per-epoch reshuffling", windows, n,
                            100 * fraction);
                }
            }
        }
        DataOrder used = stated != DataOrder.UNKNOWN ? stated : detected;
        if (stated != DataOrder.UNKNOWN && stated != detected && detected != DataOrder.UNKNOWN) {
            evidence += "; the user stated " + stated + ", which predictions use";
        }
        return new DataOrderReport(detected, used, epoch, n, size, evidence);
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

    /** For tests: the fingerprints so far. */
    List<Long> fingerprints() {
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(sequence[i]);
        }
        return out;
    }
}
