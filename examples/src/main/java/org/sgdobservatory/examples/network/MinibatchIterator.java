package org.sgdobservatory.examples.network;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.report.model.DataOrder;

/**
 * A seeded {@code DataSetIterator} over a training table, one epoch per pass ({@code floor(n/B)} minibatches of
 * exactly B rows; the last {@code n mod B} rows of the epoch's order are skipped):
 * <ul>
 *   <li>{@link DataOrder#IID}: every minibatch drawn with replacement (the lecture's model);</li>
 *   <li>{@link DataOrder#RESHUFFLED}: a new permutation each epoch (what a shuffling DL4J iterator does);</li>
 *   <li>{@link DataOrder#FIXED_CYCLIC}: the stored order every epoch (a non-shuffling iterator).</li>
 * </ul>
 * No fetchers, no downloads, no asynchronous prefetch. Not thread-safe.
 */
public final class MinibatchIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final float[][] x;
    private final float[][] y;
    private final int batch;
    private final int batchesPerEpoch;
    private final DataOrder order;
    private final Random rnd;
    private final int[] rows;
    private int produced;

    /**
     * @param data training examples
     * @param batch minibatch size, at most the number of rows
     * @param order data order (not {@link DataOrder#UNKNOWN})
     * @param seed seed of the draws and permutations
     */
    public MinibatchIterator(LabelledData data, int batch, DataOrder order, long seed) {
        if (!(batch >= 1 && batch <= data.rows())) {
            throw new IllegalArgumentException("--batch " + batch + " must be between 1 and the " + data.rows()
                    + " training examples");
        }
        this.x = Nd4j.createFromArray(data.features()).castTo(DataType.FLOAT).toFloatMatrix();
        this.y = Nd4j.createFromArray(data.targets()).castTo(DataType.FLOAT).toFloatMatrix();
        this.batch = batch;
        this.batchesPerEpoch = data.rows() / batch;
        if (order == DataOrder.UNKNOWN) {
            throw new IllegalArgumentException("a minibatch iterator needs a data order: iid, reshuffle or cyclic");
        }
        this.order = order;
        this.rnd = new Random(seed);
        this.rows = new int[data.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
    }

    /** Minibatches per epoch, {@code floor(n/B)}. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public boolean hasNext() {
        return produced < batchesPerEpoch;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("epoch finished; call reset()");
        }
        if (produced == 0 && order == DataOrder.RESHUFFLED) {
            for (int i = rows.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
        }
        float[][] f = new float[batch][];
        float[][] l = new float[batch][];
        for (int i = 0; i < batch; i++) {
            int row = order == DataOrder.IID ? rnd.nextInt(rows.length) : rows[produced * batch + i];
            f[i] = x[row];
            l[i] = y[row];
        }
        produced++;
        return new DataSet(Nd4j.createFromArray(f), Nd4j.createFromArray(l));
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("next(num) is not supported; the minibatch size is fixed at " + batch);
    }

    /** Starts the next epoch (the random stream continues: a new permutation for reshuffle). */
    @Override
    public void reset() {
        produced = 0;
    }

    @Override
    public int inputColumns() {
        return x[0].length;
    }

    @Override
    public int totalOutcomes() {
        return y[0].length;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("no preprocessor: the examples standardise their data up front");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
