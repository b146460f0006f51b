package org.sgdobservatory.sim.spectral;

import java.util.Random;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * A dense symmetric matrix as a {@link SymmetricOperator} that counts its products, and builders of
 * test matrices with a chosen spectrum. Not thread-safe (the counter).
 */
final class DenseOperator implements SymmetricOperator {
    private final double[][] matrix;
    private int products;

    DenseOperator(double[][] matrix) {
        this.matrix = matrix;
    }

    /** {@code Q diag(eigenvalues) Q'} with {@code Q} the orthogonal factor of a seeded Gaussian matrix. */
    static double[][] withSpectrum(double[] eigenvalues, long seed) {
        int n = eigenvalues.length;
        Random random = new Random(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] q = new QRDecomposition(MatrixUtils.createRealMatrix(g)).getQ().getData();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int l = 0; l < n; l++) {
                    s += q[i][l] * eigenvalues[l] * q[j][l];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    double[][] matrix() {
        return matrix;
    }

    int products() {
        return products;
    }

    @Override
    public int dimension() {
        return matrix.length;
    }

    @Override
    public void apply(double[] in, double[] out) {
        products++;
        for (int i = 0; i < matrix.length; i++) {
            double[] row = matrix[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += row[j] * in[j];
            }
            out[i] = s;
        }
    }

    /** {@code ||A x - l x||} computed densely, independently of the solver. */
    double residual(double[] x, double l) {
        double[] ax = new double[x.length];
        apply(x, ax);
        products--;
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = ax[i] - l * x[i];
            s += r * r;
        }
        return Math.sqrt(s);
    }
}
