package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streaming central moments up to the fourth over DOUBLE vectors (Pebay 2008, "Formulas for robust,
 * one-pass parallel computation of covariances and arbitrary-order statistical moments", Sandia
 * SAND2008-6212). Every update writes into preallocated scratch vectors (allocating ops cost several times
 * the arithmetic on a few thousand doubles; thousands of per-example gradients go through here).
 *
 * <p>Not thread-safe.
 */
final class CentralMoments {
    long count;
    final INDArray mean;
    final INDArray m2;
    final INDArray m3;
    final INDArray m4;
    private final INDArray delta;
    private final INDArray deltaN;
    private final INDArray deltaN2;
    private final INDArray term1;
    private final INDArray scratch;

    CentralMoments(long n) {
        mean = Nd4j.zeros(DataType.DOUBLE, n);
        m2 = Nd4j.zeros(DataType.DOUBLE, n);
        m3 = Nd4j.zeros(DataType.DOUBLE, n);
        m4 = Nd4j.zeros(DataType.DOUBLE, n);
        delta = Nd4j.zeros(DataType.DOUBLE, n);
        deltaN = Nd4j.zeros(DataType.DOUBLE, n);
        deltaN2 = Nd4j.zeros(DataType.DOUBLE, n);
        term1 = Nd4j.zeros(DataType.DOUBLE, n);
        scratch = Nd4j.zeros(DataType.DOUBLE, n);
    }

    void add(INDArray x) {
        long n1 = count;
        count++;
        double n = count;
        x.sub(mean, delta);
        delta.div(n, deltaN);
        deltaN.mul(deltaN, deltaN2);
        delta.mul(deltaN, term1).muli(n1);
        mean.addi(deltaN);
        // M4 += term1 dN^2 (n^2 - 3n + 3) + 6 dN^2 M2 - 4 dN M3 (in this order), then M3, then M2
        m4.addi(term1.mul(deltaN2, scratch).muli(n * n - 3 * n + 3));
        m4.addi(deltaN2.mul(m2, scratch).muli(6));
        m4.subi(deltaN.mul(m3, scratch).muli(4));
        m3.addi(term1.mul(deltaN, scratch).muli(n - 2));
        m3.subi(deltaN.mul(m2, scratch).muli(3));
        m2.addi(term1);
    }

    /** Excess kurtosis {@code n M4 / M2^2 - 3} per element (NaN with fewer than 4 samples). */
    double[] excessKurtosis() {
        if (count < 4) {
            double[] nan = new double[(int) mean.length()];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return m4.mul(count).divi(m2.mul(m2)).subi(3).toDoubleVector();
    }

    double[] variance() {
        if (count < 2) {
            double[] nan = new double[(int) mean.length()];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return m2.div(count - 1).toDoubleVector();
    }
}
