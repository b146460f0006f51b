package org.sgdobservatory.sim.stats;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mergeable streaming moments of two paired variables {@code (a, b)} per dimension: means, variances
 * and the co-moment, per group of chains. Used for the fluctuation-dissipation ratio
 * {@code FDR = 2 Cov(theta, u) / E[u^2]} (docs/theory.md#fluctuation-dissipation-relation, Yaida 2019; 1 when the
 * second moment is stationary) with {@code a = theta, b = u}, and for lagged autocorrelations with
 * {@code a = x_t, b = x_{t+lag}}.
 *
 * <p>Each observation's per-group moments are formed from power sums (one preallocated product
 * buffer, no allocation of chain-sized arrays), then merged with Chan et al.'s co-moment update
 * {@code C = C_a + C_b + dA dB na nb / n}; so accumulators also merge exactly. Power sums within
 * one observation lose precision only when a group's mean dwarfs its spread by ~1e6, far outside
 * stationary use. Not thread-safe.
 */
public final class StreamingCrossMoments {
    private final int groups;
    private final int dims;
    private double count;
    private final INDArray meanA;
    private final INDArray meanB;
    private final INDArray m2A;
    private final INDArray m2B;
    private final INDArray coMoment;
    private INDArray product;

    /** An empty accumulator for {@code groups x dims} pairs. */
    public StreamingCrossMoments(int groups, int dims) {
        if (!(groups >= 1 && dims >= 1)) {
            throw new IllegalArgumentException("groups and dims must be >= 1, were " + groups + ", " + dims);
        }
        this.groups = groups;
        this.dims = dims;
        this.meanA = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.meanB = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.m2A = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.m2B = Nd4j.zeros(DataType.DOUBLE, groups, dims);
        this.coMoment = Nd4j.zeros(DataType.DOUBLE, groups, dims);
    }

    /** Folds in one paired observation {@code (a, b)} per chain, both {@code chains x dims}. */
    public void add(INDArray a, INDArray b) {
        long rows = a.rows();
        if (rows % groups != 0 || a.columns() != dims || !java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("a and b must both be (k*" + groups + ") x " + dims);
        }
        long perGroup = rows / groups;
        if (product == null || product.rows() != rows) {
            product = Nd4j.create(DataType.DOUBLE, rows, dims);
        }
        INDArray ma = a.reshape(groups, perGroup, dims).mean(1);
        INDArray mb = b.reshape(groups, perGroup, dims).mean(1);
        INDArray grouped = product.reshape(groups, perGroup, dims);
        product.assign(a).muli(b);
        INDArray bCo = grouped.sum(1).subi(ma.mul(mb).muli(perGroup));
        product.assign(a).muli(a);
        INDArray bM2A = grouped.sum(1).subi(ma.mul(ma).muli(perGroup));
        product.assign(b).muli(b);
        INDArray bM2B = grouped.sum(1).subi(mb.mul(mb).muli(perGroup));
        merge(perGroup, ma, mb, bM2A, bM2B, bCo);
    }

    /** Merges another accumulator of the same shape (exact). */
    public void merge(StreamingCrossMoments other) {
        if (other.groups != groups || other.dims != dims) {
            throw new IllegalArgumentException("cannot merge " + other.groups + "x" + other.dims
                    + " cross moments into " + groups + "x" + dims);
        }
        merge(other.count, other.meanA, other.meanB, other.m2A, other.m2B, other.coMoment);
    }

    private void merge(double nb, INDArray ma, INDArray mb, INDArray bM2A, INDArray bM2B, INDArray bCo) {
        if (nb == 0) {
            return;
        }
        double na = count;
        double n = na + nb;
        INDArray dA = ma.sub(meanA);
        INDArray dB = mb.sub(meanB);
        double w = na * nb / n;
        coMoment.addi(bCo).addi(dA.mul(dB).muli(w));
        m2A.addi(bM2A).addi(dA.mul(dA).muli(w));
        m2B.addi(bM2B).addi(dB.mul(dB).muli(w));
        meanA.addi(dA.muli(nb / n));
        meanB.addi(dB.muli(nb / n));
        count = n;
    }

    /**
     * The FDR ratio {@code 2 Cov(a, b) / E[b^2]} of dimension {@code d}, pooled over groups, with
     * the standard error of the group ratios.
     */
    public Estimate fdrRatio(int d) {
        double[][] co = coMoment.toDoubleMatrix();
        double[][] m2 = m2B.toDoubleMatrix();
        double[][] mb = meanB.toDoubleMatrix();
        double[] ratios = new double[groups];
        double cov = 0;
        double second = 0;
        for (int g = 0; g < groups; g++) {
            double c = co[g][d] / count;
            double s = m2[g][d] / count + mb[g][d] * mb[g][d];
            ratios[g] = 2 * c / s;
            cov += c;
            second += s;
        }
        return withGroupError(2 * cov / second, ratios);
    }

    /**
     * The correlation {@code Cov(a, b) / sqrt(Var a Var b)} of dimension {@code d} (for
     * {@code b = a} lagged: the autocorrelation at that lag), with the standard error of the
     * group correlations.
     */
    public Estimate correlation(int d) {
        double[][] co = coMoment.toDoubleMatrix();
        double[][] va = m2A.toDoubleMatrix();
        double[][] vb = m2B.toDoubleMatrix();
        double[] per = new double[groups];
        double c = 0;
        double a = 0;
        double b = 0;
        for (int g = 0; g < groups; g++) {
            per[g] = co[g][d] / Math.sqrt(va[g][d] * vb[g][d]);
            c += co[g][d];
            a += va[g][d];
            b += vb[g][d];
        }
        return withGroupError(c / Math.sqrt(a * b), per);
    }

    private Estimate withGroupError(double value, double[] perGroup) {
        if (groups < 2) {
            return new Estimate(value, Double.NaN, count);
        }
        return new Estimate(value, Estimate.groupStandardError(perGroup), count * groups);
    }
}
