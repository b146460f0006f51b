package org.sgdobservatory.sim.stats;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Mergeable streaming covariance matrix of {@code dims <= 64} variables, per group of chains
 * (Chan et al.'s co-moment update in matrix form: {@code C = C_a + C_b + d d^T na nb / n}). One
 * small matrix product per group per observation. Not thread-safe.
 */
public final class StreamingCovariance {
    /** The largest dimension for which a full covariance is kept. */
    public static final int MAX_DIMS = 64;

    private final int groups;
    private final int dims;
    private double count;
    private final INDArray mean;       // groups x dims
    private final INDArray coMoment;   // groups x dims x dims

    /** An empty accumulator. */
    public StreamingCovariance(int groups, int dims) {
        if (!(dims >= 1 && dims <= MAX_DIMS)) {
            throw new IllegalArgumentException("a full covariance is kept for 1 <= dims <= " + MAX_DIMS
                    + ", was " + dims + "; request per-dimension moments instead");
        }
        this.groups = groups;
        this.dims = dims;
        this.mean = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.coMoment = Nd4j.zeros(DataType.DOUBLE, groups, dims, dims);
    }

    /** Folds in one observation per chain ({@code chains x dims}). */
    public void add(INDArray batch) {
        long perGroup = batch.rows() / groups;
        double na = count;
        double n = na + perGroup;
        for (int g = 0; g < groups; g++) {
            INDArray rows = batch.get(NDArrayIndex.interval((long) g * perGroup, (long) (g + 1) * perGroup),
                    NDArrayIndex.all());
            INDArray bm = rows.mean(true, 0);
            INDArray centred = rows.subRowVector(bm);
            INDArray delta = bm.sub(mean.getRow(g, true));
            INDArray update = centred.transpose().mmul(centred)
                    .addi(delta.transpose().mmul(delta).muli(na * perGroup / n));
            coMoment.get(NDArrayIndex.point(g), NDArrayIndex.all(), NDArrayIndex.all()).addi(update);
            mean.getRow(g, true).addi(delta.muli(perGroup / n));
        }
        count = n;
    }

    /** The pooled covariance matrix (population form) about the pooled mean. */
    public double[][] covariance() {
        double[][] grand = new double[dims][dims];
        INDArray grandMean = mean.mean(true, 0);
        for (int g = 0; g < groups; g++) {
            INDArray dm = mean.getRow(g, true).sub(grandMean);
            INDArray c = coMoment.get(NDArrayIndex.point(g), NDArrayIndex.all(), NDArrayIndex.all())
                    .div(count).addi(dm.transpose().mmul(dm));
            double[][] cm = c.toDoubleMatrix();
            for (int i = 0; i < dims; i++) {
                for (int j = 0; j < dims; j++) {
                    grand[i][j] += cm[i][j] / groups;
                }
            }
        }
        return grand;
    }

    /** Standard errors of the covariance entries from the spread of the group covariances. */
    public double[][] standardErrors() {
        double[][][] per = new double[groups][][];
        for (int g = 0; g < groups; g++) {
            per[g] = coMoment.get(NDArrayIndex.point(g), NDArrayIndex.all(), NDArrayIndex.all())
                    .div(count).toDoubleMatrix();
        }
        double[][] se = new double[dims][dims];
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j < dims; j++) {
                if (groups < 2) {
                    se[i][j] = Double.NaN;
                    continue;
                }
                double m = 0;
                for (double[][] c : per) {
                    m += c[i][j] / groups;
                }
                double ss = 0;
                for (double[][] c : per) {
                    ss += (c[i][j] - m) * (c[i][j] - m);
                }
                se[i][j] = Math.sqrt(ss / (groups - 1) / groups);
            }
        }
        return se;
    }
}
