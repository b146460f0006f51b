package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Streaming central moments up to the fourth over vectors of doubles, element by element (Pebay 2008, "Formulas for
 * robust, one-pass parallel computation of covariances and arbitrary-order statistical moments", Sandia
 * SAND2008-6212). Plain Java loops over preallocated arrays: an update is some twenty flops per element; as twenty
 * ND4J operations (a native call each) it cost 0.35-0.47 ms per per-example gradient of the bundled CNN, about an
 * eighth of the DL4J pass that computed the gradient. Thousands of per-example gradients go through it.
 *
 * <p>Not thread-safe.
 */
final class CentralMoments {
    long count;
    final double[] mean;
    final double[] m2;
    final double[] m3;
    final double[] m4;

    CentralMoments(long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " elements: too many for per-element moments in one array");
        }
        mean = new double[(int) n];
        m2 = new double[(int) n];
        m3 = new double[(int) n];
        m4 = new double[(int) n];
    }

    void add(INDArray x) {
        add(x.toDoubleVector());
    }

    void add(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("a vector of " + x.length + " values for moments of " + mean.length);
        }
        long n1 = count;
        count++;
        double n = count;
        double c4 = n * n - 3 * n + 3;
        for (int j = 0; j < x.length; j++) {
            double delta = x[j] - mean[j];
            double deltaN = delta / n;
            double deltaN2 = deltaN * deltaN;
            double term1 = delta * deltaN * n1;
            mean[j] += deltaN;
            // M4 += term1 dN^2 (n^2 - 3n + 3) + 6 dN^2 M2 - 4 dN M3 (in this order), then M3, then M2
            m4[j] += term1 * deltaN2 * c4;
            m4[j] += deltaN2 * m2[j] * 6;
            m4[j] -= deltaN * m3[j] * 4;
            m3[j] += term1 * deltaN * (n - 2);
            m3[j] -= deltaN * m2[j] * 3;
            m2[j] += term1;
        }
    }

    /** Excess kurtosis {@code n M4 / M2^2 - 3} per element (NaN with fewer than 4 samples). */
    double[] excessKurtosis() {
        double[] out = new double[mean.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = count < 4 ? Double.NaN : m4[j] * count / (m2[j] * m2[j]) - 3;
        }
        return out;
    }

    double[] variance() {
        double[] out = new double[mean.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = count < 2 ? Double.NaN : m2[j] / (count - 1);
        }
        return out;
    }
}
