package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.sgdobservatory.listener.adapter.ParameterBlock;

/**
 * Which parameters {@link TrackedParameters} tracks: at most {@code maxTracked} in total, shared across blocks by
 * water-filling (small blocks entirely, the rest split evenly); inside a block a seeded uniform random subset, in
 * index order (Floyd's algorithm, no materialised block). Holds arrays, hence not a record; immutable.
 */
final class TrackedSubset {

    private final long[] flatIndex;
    private final List<TrackedParameters.Slice> slices;

    private TrackedSubset(long[] flatIndex, List<TrackedParameters.Slice> slices) {
        this.flatIndex = flatIndex;
        this.slices = List.copyOf(slices);
    }

    /**
     * Chooses the subset.
     *
     * @param blocks the network's parameter blocks, in flattened order
     * @param maxTracked at most this many in total, {@code >= 1}
     * @param seed the subset's seed
     */
    static TrackedSubset choose(List<ParameterBlock> blocks, long maxTracked, long seed) {
        long[] quota = waterFill(blocks, maxTracked);
        List<Long> idx = new ArrayList<>();
        List<TrackedParameters.Slice> sl = new ArrayList<>();
        // SplittableRandom mixes its seed: java.util.Random's first draws are nearly linear in nearby seeds
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < blocks.size(); b++) {
            ParameterBlock blk = blocks.get(b);
            int from = idx.size();
            for (long i : sample(blk.length(), quota[b], rnd)) {
                idx.add(blk.offset() + i);
            }
            sl.add(new TrackedParameters.Slice(blk, from, idx.size()));
        }
        return new TrackedSubset(idx.stream().mapToLong(Long::longValue).toArray(), sl);
    }

    /** Flattened indices of the tracked parameters, sorted (the held array: the caller must not write to it). */
    long[] flatIndex() {
        return flatIndex;
    }

    /** Per-block slices of the tracked positions. */
    List<TrackedParameters.Slice> slices() {
        return slices;
    }

    /** Whether the subset is every one of {@code total} parameters, in order. */
    boolean everyParameter(long total) {
        if (flatIndex.length != total) {
            return false;
        }
        for (int i = 0; i < flatIndex.length; i++) {
            if (flatIndex[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static long[] waterFill(List<ParameterBlock> blocks, long budget) {
        long[] quota = new long[blocks.size()];
        boolean[] done = new boolean[blocks.size()];
        long left = budget;
        int open = blocks.size();
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            long share = Math.max(1, left / open);
            for (int b = 0; b < blocks.size(); b++) {
                if (!done[b] && blocks.get(b).length() <= share) {
                    quota[b] = blocks.get(b).length();
                    left -= quota[b];
                    done[b] = true;
                    open--;
                    changed = true;
                }
            }
        }
        long share = open == 0 ? 0 : Math.max(1, left / open);
        for (int b = 0; b < blocks.size(); b++) {
            if (!done[b]) {
                quota[b] = Math.min(blocks.get(b).length(), share);
            }
        }
        return quota;
    }

    /** {@code k} distinct uniform indices of {@code 0..length-1}, sorted (Floyd's algorithm, no materialised block). */
    private static long[] sample(long length, long k, SplittableRandom rnd) {
        if (k >= length) {
            long[] a = new long[(int) length];
            for (int i = 0; i < a.length; i++) {
                a[i] = i;
            }
            return a;
        }
        TreeSet<Long> chosen = new TreeSet<>();
        for (long j = length - k; j < length; j++) {
            long t = rnd.nextLong(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }
}
