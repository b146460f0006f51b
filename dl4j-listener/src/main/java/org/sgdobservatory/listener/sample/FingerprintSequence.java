package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sgdobservatory.report.model.DataOrder;

/**
 * A sequence of example fingerprints in training order, and its classification into the three minibatch orders
 * ({@code docs/data-order.md#detecting-the-data-order}). With period {@code n} = number of distinct examples: every aligned window of
 * {@code n} consecutive examples holding {@code n} distinct ones means epochs; {@code seq[t] == seq[t+n]} for (almost)
 * all {@code t} means a fixed cyclic order, otherwise per-epoch reshuffling; repeats inside a window mean i.i.d.
 * sampling with replacement. A data set may hold the same example twice (iris does): such content duplicates repeat
 * in every epoch window alike, a handful per window, whereas sampling with replacement repeats about {@code 1/e} of
 * a window's examples, a number that varies from window to window; so a window counts as repeating only beyond the
 * fewest repeats of any window (plus a slack of 1 + 1% of the window), and that fewest must itself be at most 5% of
 * the window. Holds at most {@code capacity} fingerprints. Not thread-safe.
 */
final class FingerprintSequence {

    /**
     * What a sequence says about the order.
     *
     * @param order the order, UNKNOWN when the sequence cannot tell yet
     * @param epochLength examples per epoch, 0 when unknown or i.i.d.
     * @param distinct distinct fingerprints
     * @param size fingerprints classified
     * @param evidence in words
     */
    record Classification(DataOrder order, long epochLength, int distinct, int size, String evidence) {
    }

    private final int capacity;
    private final List<Integer> epochEnds = new ArrayList<>();
    private long[] sequence;
    private int size;
    private int lastBatchRows;

    /** An empty sequence of at most {@code capacity} fingerprints. */
    FingerprintSequence(int capacity) {
        this.capacity = capacity;
        this.sequence = new long[Math.min(capacity, 4096)];
    }

    /** Appends the fingerprints of one minibatch (those beyond the capacity are dropped). */
    void append(long[] fingerprints) {
        if (fingerprints.length > 0) {
            lastBatchRows = fingerprints.length;
        }
        for (long f : fingerprints) {
            if (size == capacity) {
                return;
            }
            if (size == sequence.length) {
                sequence = Arrays.copyOf(sequence, (int) Math.min(capacity, 2L * sequence.length));
            }
            sequence[size++] = f;
        }
    }

    /** Records that DL4J finished an epoch after the fingerprints appended so far. */
    void epochEnded() {
        if (size < capacity) {
            epochEnds.add(size);
        }
    }

    /** Whether the capacity is reached. */
    boolean full() {
        return size >= capacity;
    }

    /** Fingerprints held. */
    int size() {
        return size;
    }

    /** Fingerprint {@code i}. */
    long get(int i) {
        return sequence[i];
    }

    /** Bytes held. */
    long bytesHeld() {
        return 8L * sequence.length;
    }

    /** Classifies the sequence. */
    Classification classify() {
        Set<Long> distinctSet = new HashSet<>();
        for (int i = 0; i < size; i++) {
            distinctSet.add(sequence[i]);
        }
        int n = distinctSet.size();
        if (size < 2) {
            return new Classification(DataOrder.UNKNOWN, 0, n, size, "fewer than two examples fingerprinted");
        }
        if (n == size) {
            return new Classification(DataOrder.UNKNOWN, 0, n, size, "no example seen twice in " + size
                    + " fingerprinted examples: i.i.d. from a large set or still in the first epoch; state the order"
                    + " with Builder.dataOrder(...)");
        }
        Set<Integer> candidates = epochCandidates(n);
        int shortest = candidates.stream().filter(e -> e >= 2).min(Integer::compare).orElse(n);
        if (size < 2L * shortest) {
            // not yet two full periods: decide on repeats inside the first period only (the shortest candidate, so
            // that an iterator dropping its last partial minibatch is not taken for sampling with replacement)
            int window = Math.min(shortest, size);
            int dupInFirst = duplicates(0, window);
            return dupInFirst > slack(window) + CONTENT_DUPLICATES * window
                    ? new Classification(DataOrder.IID, 0, n, size, dupInFirst + " repeated examples within a window"
                    + " of " + shortest + ": sampling with replacement")
                    : new Classification(DataOrder.UNKNOWN, 0, n, size, "fewer than two epochs of " + shortest
                    + " examples fingerprinted (" + size + ")");
        }
        return classifyEpochs(n, candidates);
    }

    /**
     * Candidate epoch lengths: DL4J's own epoch boundaries, all distinct examples, or the full minibatches of them
     * (iterators that drop the last partial minibatch).
     */
    private Set<Integer> epochCandidates(int n) {
        Set<Integer> candidates = new LinkedHashSet<>();
        callbackEpochLength().ifPresent(candidates::add);
        candidates.add(n);
        if (lastBatchRows > 0) {
            candidates.add(n / lastBatchRows * lastBatchRows);
        }
        return candidates;
    }

    private Classification classifyEpochs(int n, Set<Integer> candidates) {
        int epochLength = 0;
        int windows = 0;
        int windowsWithRepeats = 0;
        for (int e : candidates) {
            if (e < 2 || size < 2 * e) {
                continue;
            }
            int w = size / e;
            int[] dup = new int[w];
            int fewest = Integer.MAX_VALUE;
            for (int k = 0; k < w; k++) {
                dup[k] = duplicates(k * e, (k + 1) * e);
                fewest = Math.min(fewest, dup[k]);
            }
            int rep = 0;
            for (int k = 0; k < w; k++) {
                if (fewest > CONTENT_DUPLICATES * e || dup[k] > fewest + slack(e)) {
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
            return new Classification(DataOrder.IID, 0, n, size, windowsWithRepeats + " of " + windows
                    + " windows of " + epochLength + " consecutive examples repeat an example: i.i.d. sampling with"
                    + " replacement from about " + n + " examples");
        }
        int same = 0;
        for (int t = 0; t + epochLength < size; t++) {
            if (sequence[t] == sequence[t + epochLength]) {
                same++;
            }
        }
        double fraction = same / (double) (size - epochLength);
        if (fraction > 0.95) {
            return new Classification(DataOrder.FIXED_CYCLIC, epochLength, n, size, String.format(Locale.ROOT,
                    "every epoch of %d examples repeats the previous order (%.1f%% of examples at the same position):"
                            + " a fixed cyclic order", epochLength, 100 * fraction));
        }
        return new Classification(DataOrder.RESHUFFLED, epochLength, n, size, String.format(Locale.ROOT,
                "each of %d epochs of %d examples (of %d distinct) visits every example at most once, in a new order"
                        + " (%.1f%% at the same position): per-epoch reshuffling", windows, epochLength, n,
                100 * fraction));
    }

    /** The largest share of a window that content duplicates (the same example stored twice) may make up. */
    private static final double CONTENT_DUPLICATES = 0.05;

    /** Repeats a window may have beyond the fewest of any window before it counts as repeating. */
    private static int slack(int window) {
        return 1 + window / 100;
    }

    /** The epoch length from DL4J's epoch callbacks, when at least two complete epochs agree. */
    private Optional<Integer> callbackEpochLength() {
        if (epochEnds.size() < 2) {
            return Optional.empty();
        }
        int first = epochEnds.get(0);
        for (int i = 1; i < epochEnds.size(); i++) {
            if (epochEnds.get(i) - epochEnds.get(i - 1) != first) {
                return Optional.empty();
            }
        }
        return Optional.of(first);
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
}
