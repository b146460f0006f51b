package org.sgdobservatory.sim.stats;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streaming covariance matrix of {@code dims <= 64} variables, per group of chains.
 *
 * <p>Each observation adds, per group, the shifted power sums {@code sum (x - c)} and
 * {@code sum (x - c)(x - c)^T} with one batched matrix product over all groups (no per-group
 * loop); {@code c} is the mean of the first observation, so the sums stay small for stationary
 * chains and the co-moment {@code S2 - S1 S1^T / n} loses no precision. Accumulators with different
 * shifts merge exactly through Chan et al.'s co-moment formula ({@link #merge}). Not thread-safe.
 */
public final class StreamingCovariance {
    /** The largest dimension for which a full covariance is kept. */
    public static final int MAX_DIMS = 64;

    private final int groups;
    private final int dims;
    private double count;
    private INDArray shift;            // 1 x dims
    private final INDArray sums;       // groups x dims
    private final INDArray products;   // groups x dims x dims
    private INDArray buffer;
    private final INDArray productBuffer;

    /** An empty accumulator. */
    public StreamingCovariance(int groups, int dims) {
        if (!(dims >= 1 && dims <= MAX_DIMS)) {
            throw new IllegalArgumentException("a full covariance is kept for 1 <= dims <= " + MAX_DIMS
                    + ", was " + dims + "; request per-dimension moments instead");
        }
        this.groups = groups;
        this.dims = dims;
        this.sums = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.products = Nd4j.zeros(DataType.DOUBLE, groups, dims, dims);
        this.productBuffer = Nd4j.create(DataType.DOUBLE, groups, dims, dims);
    }

    /** Folds in one observation per chain ({@code chains x dims}, chains a multiple of groups). */
    public void add(INDArray batch) {
        long rows = batch.rows();
        if (rows % groups != 0 || batch.columns() != dims) {
            throw new IllegalArgumentException("batch must be (k*" + groups + ") x " + dims);
        }
        if (shift == null) {
            shift = batch.mean(true, 0);
            buffer = Nd4j.create(DataType.DOUBLE, rows, dims);
        }
        long perGroup = rows / groups;
        buffer.assign(batch).subiRowVector(shift);
        INDArray grouped = buffer.reshape(groups, perGroup, dims);
        sums.addi(grouped.sum(1));
        // products += X_g^T X_g for every group g at once (one batched matrix product).
        Nd4j.matmul(grouped, grouped, productBuffer, true, false, false);
        products.addi(productBuffer);
        count += perGroup;
    }

    /** Merges another accumulator of the same shape (exact). */
    public void merge(StreamingCovariance other) {
        if (other.groups != groups || other.dims != dims) {
            throw new IllegalArgumentException("cannot merge covariances of different shapes");
        }
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            shift = other.shift.dup();
            sums.assign(other.sums);
            products.assign(other.products);
            count = other.count;
            return;
        }
        // Re-express the other's sums about this shift: x - c = (x - c') + (c' - c).
        INDArray delta = other.shift.sub(shift);                          // 1 x dims
        for (int g = 0; g < groups; g++) {
            INDArray s = other.sums.getRow(g, true);                      // 1 x dims
            INDArray p = other.products.slice(g).dup();
            p.addi(s.transpose().mmul(delta)).addi(delta.transpose().mmul(s))
                    .addi(delta.transpose().mmul(delta).muli(other.count));
            products.slice(g).addi(p);
            sums.getRow(g, true).addi(s.add(delta.mul(other.count)));
        }
        count += other.count;
    }

    private double[][][] groupCovariances() {
        double[][][] per = new double[groups][dims][dims];
        double[][] s = sums.toDoubleMatrix();
        for (int g = 0; g < groups; g++) {
            double[][] p = products.slice(g).toDoubleMatrix();
            for (int i = 0; i < dims; i++) {
                for (int j = 0; j < dims; j++) {
                    per[g][i][j] = (p[i][j] - s[g][i] * s[g][j] / count) / count;
                }
            }
        }
        return per;
    }

    /** The pooled covariance matrix (population form) about the pooled mean. */
    public double[][] covariance() {
        double[][][] per = groupCovariances();
        double[][] s = sums.toDoubleMatrix();
        double[] grand = new double[dims];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < dims; i++) {
                grand[i] += s[g][i] / count / groups;
            }
        }
        double[][] total = new double[dims][dims];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < dims; i++) {
                for (int j = 0; j < dims; j++) {
                    double di = s[g][i] / count - grand[i];
                    double dj = s[g][j] / count - grand[j];
                    total[i][j] += (per[g][i][j] + di * dj) / groups;
                }
            }
        }
        return total;
    }

    /** Standard errors of the covariance entries from the spread of the group covariances (NaN for one group). */
    public double[][] standardErrors() {
        double[][][] per = groupCovariances();
        double[][] se = new double[dims][dims];
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j < dims; j++) {
                double[] entry = new double[groups];
                for (int g = 0; g < groups; g++) {
                    entry[g] = per[g][i][j];
                }
                se[i][j] = Estimate.groupStandardError(entry);
            }
        }
        return se;
    }
}
