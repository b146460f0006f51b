package org.sgdobservatory.listener;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A seeded DataSetIterator drawing {@code batches} i.i.d. minibatches of size B with replacement from a
 * data set ({@code iid}), or walking it in epochs (reshuffled each epoch, or in a fixed cyclic order).
 * No fetchers, no downloads.
 */
public final class SamplingIterator implements DataSetIterator {

    /** How minibatches are drawn. */
    public enum Order { IID, RESHUFFLE, CYCLIC }

    private final DataSet data;
    private final float[][] x;
    private final float[][] y;
    private final int batch;
    private final int batches;
    private final Order order;
    private final long seed;
    private Random rnd;
    private int produced;
    private int[] perm;

    /** {@code batches} minibatches of {@code batch} examples of {@code data} per pass, in {@code order}. */
    public SamplingIterator(DataSet data, int batch, int batches, Order order, long seed) {
        this.data = data;
        this.batch = batch;
        this.batches = batches;
        this.order = order;
        this.seed = seed;
        this.x = data.getFeatures().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        this.y = data.getLabels().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        reset();
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("next(num) not supported");
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts a new pass; the random stream continues, so a reshuffling iterator draws a new order. */
    @Override
    public void reset() {
        produced = 0;
        if (rnd == null) {
            rnd = new Random(seed);
            int n = data.numExamples();
            perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
        }
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("no preprocessor");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public boolean hasNext() {
        return produced < batches;
    }

    @Override
    public DataSet next() {
        int n = data.numExamples();
        int perEpoch = n / batch;
        int[] idx = new int[batch];
        if (order == Order.IID) {
            for (int i = 0; i < batch; i++) {
                idx[i] = rnd.nextInt(n);
            }
        } else {
            int k = produced % perEpoch;
            if (k == 0 && order == Order.RESHUFFLE) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
            }
            for (int i = 0; i < batch; i++) {
                idx[i] = perm[k * batch + i];
            }
        }
        produced++;
        float[][] f = new float[batch][];
        float[][] l = new float[batch][];
        for (int i = 0; i < batch; i++) {
            f[i] = x[idx[i]];
            l[i] = y[idx[i]];
        }
        return new DataSet(Nd4j.createFromArray(f), Nd4j.createFromArray(l));
    }
}
