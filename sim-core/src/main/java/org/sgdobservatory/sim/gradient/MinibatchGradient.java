package org.sgdobservatory.sim.gradient;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.noise.RandomStreams;

/**
 * Exact minibatch gradients from a {@link FiniteDataset} under one of the four
 * {@link DataOrder}s: the noise is not assumed but emerges from the examples drawn.
 *
 * <p>Each chain walks the data independently (its own draws, its own permutation each epoch);
 * under {@link DataOrder#CYCLIC} every chain uses the stored order {@code 0..n-1}. An epoch is
 * {@code K = n / B} steps; {@code n} must be a multiple of {@code B} for the epoch-based orders.
 * Index generation runs in Java ({@code chains x B} integers a step), the gradient arithmetic in
 * ND4J. Immutable and thread-safe; its samplers are not.
 */
public final class MinibatchGradient implements GradientOracle {
    private final FiniteDataset data;
    private final int batchSize;
    private final DataOrder order;

    private MinibatchGradient(FiniteDataset data, int batchSize, DataOrder order) {
        int n = data.size();
        if (!(batchSize >= 1 && batchSize <= n)) {
            throw new IllegalArgumentException("batchSize must be in [1, " + n + "] (the data set size), was "
                    + batchSize);
        }
        if ((order == DataOrder.RESHUFFLE || order == DataOrder.CYCLIC) && n % batchSize != 0) {
            throw new IllegalArgumentException("with " + order + " the data set size " + n
                    + " must be a multiple of batchSize " + batchSize + " so every epoch has equal batches");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.order = order;
    }

    /** Minibatches of {@code batchSize} examples of {@code data} drawn in {@code order}. */
    public static MinibatchGradient of(FiniteDataset data, int batchSize, DataOrder order) {
        return new MinibatchGradient(data, batchSize, order);
    }

    /** The data set. */
    public FiniteDataset data() {
        return data;
    }

    /** The minibatch size {@code B}. */
    public int batchSize() {
        return batchSize;
    }

    /** The data order. */
    public DataOrder order() {
        return order;
    }

    /** Steps per epoch {@code K = n / B} (rounded down for the i.i.d. orders). */
    public int stepsPerEpoch() {
        return data.size() / batchSize;
    }

    @Override
    public int dims() {
        return data.dims();
    }

    @Override
    public Landscape landscape() {
        return data.landscape();
    }

    @Override
    public GradientSampler open(int chains, RandomStreams random) {
        return new Sampler(chains, random.java());
    }

    private final class Sampler implements GradientSampler {
        private final int chains;
        private final SplittableRandom rng;
        private final int[] indices;
        private final int[][] permutations;
        private long step;

        Sampler(int chains, SplittableRandom rng) {
            this.chains = chains;
            this.rng = rng;
            this.indices = new int[chains * batchSize];
            int n = data.size();
            // Per-chain permutations: drawn without replacement, or reshuffled each epoch.
            boolean permuted = order == DataOrder.IID_WITHOUT_REPLACEMENT || order == DataOrder.RESHUFFLE;
            int rows = permuted ? chains : 0;
            this.permutations = new int[rows][];
            for (int c = 0; c < rows; c++) {
                permutations[c] = new int[n];
                for (int i = 0; i < n; i++) {
                    permutations[c][i] = i;
                }
            }
        }

        @Override
        public void sample(INDArray states, INDArray target) {
            int n = data.size();
            int k = stepsPerEpoch();
            int batchInEpoch = (int) (step % k);
            for (int c = 0; c < chains; c++) {
                int base = c * batchSize;
                switch (order) {
                    case IID_WITH_REPLACEMENT -> {
                        for (int b = 0; b < batchSize; b++) {
                            indices[base + b] = rng.nextInt(n);
                        }
                    }
                    case IID_WITHOUT_REPLACEMENT -> {
                        // Partial Fisher-Yates: the first B entries become a uniform random subset.
                        int[] p = permutations[c];
                        for (int b = 0; b < batchSize; b++) {
                            swap(p, b, b + rng.nextInt(n - b));
                            indices[base + b] = p[b];
                        }
                    }
                    case RESHUFFLE -> {
                        int[] p = permutations[c];
                        if (batchInEpoch == 0) {
                            for (int i = n - 1; i > 0; i--) {
                                swap(p, i, rng.nextInt(i + 1));
                            }
                        }
                        System.arraycopy(p, batchInEpoch * batchSize, indices, base, batchSize);
                    }
                    case CYCLIC -> {
                        for (int b = 0; b < batchSize; b++) {
                            indices[base + b] = batchInEpoch * batchSize + b;
                        }
                    }
                    default -> throw new IllegalStateException("unknown data order " + order);
                }
            }
            step++;
            data.batchGradient(states, indices, batchSize, target);
        }

        private void swap(int[] a, int i, int j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public String toString() {
        return "minibatch(n=" + data.size() + ", B=" + batchSize + ", " + order + ")";
    }
}
