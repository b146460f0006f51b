package org.sgdobservatory.sim.gradient;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;

/**
 * Least squares on a finite data set: {@code l_i(x) = (a_i . x - y_i)^2 / 2}, so
 * {@code L(x) = (1/2n) |A x - y|^2}, Hessian {@code H = A^T A / n} and per-example gradient
 * {@code a_i (a_i . x - y_i)}. Coordinates are measured from the least-squares optimum
 * {@code x*}: the states of a simulation are {@code x - x*}, so the stationary mean is 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class LeastSquaresDataset implements FiniteDataset {
    private final double[][] features;
    private final double[] residualsAtOptimum;
    private final RowGather featureRows;
    private final RowGather residualRows;
    private final QuadraticLandscape landscape;

    private LeastSquaresDataset(double[][] features, double[] targets) {
        int n = features.length;
        if (n < 2 || targets.length != n) {
            throw new IllegalArgumentException("need n >= 2 examples and one target per row, got "
                    + n + " rows and " + targets.length + " targets");
        }
        int d = features[0].length;
        double[][] gram = new double[d][d];
        double[] moment = new double[d];
        for (double[] row : features) {
            if (row.length != d) {
                throw new IllegalArgumentException("every feature row must have " + d + " entries");
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                moment[j] += features[i][j] * targets[i] / n;
                for (int k = 0; k < d; k++) {
                    gram[j][k] += features[i][j] * features[i][k] / n;
                }
            }
        }
        double[] optimum = solve(gram, moment);
        this.features = Arrays.stream(features).map(double[]::clone).toArray(double[][]::new);
        this.residualsAtOptimum = new double[n];
        for (int i = 0; i < n; i++) {
            double pred = 0;
            for (int j = 0; j < d; j++) {
                pred += features[i][j] * optimum[j];
            }
            residualsAtOptimum[i] = pred - targets[i];
        }
        this.featureRows = new RowGather(this.features);
        double[][] residualColumn = new double[n][1];
        for (int i = 0; i < n; i++) {
            residualColumn[i][0] = residualsAtOptimum[i];
        }
        this.residualRows = new RowGather(residualColumn);
        this.landscape = QuadraticLandscape.full(gram);
    }

    /**
     * The data set with feature rows {@code a_i} and targets {@code y_i}.
     *
     * @throws IllegalArgumentException if the shapes disagree or {@code A^T A} is singular
     */
    public static LeastSquaresDataset of(double[][] features, double[] targets) {
        return new LeastSquaresDataset(features, targets);
    }

    @Override
    public int size() {
        return features.length;
    }

    @Override
    public int dims() {
        return features[0].length;
    }

    /** {@code L(x* + x) - L(x*) = x^T H x / 2} with {@code H = A^T A / n}. */
    @Override
    public QuadraticLandscape landscape() {
        return landscape;
    }

    @Override
    public void batchGradient(INDArray states, int[] indices, int batchSize, INDArray target) {
        int chains = states.rows();
        int d = dims();
        // Gather the batch rows, then broadcast element-wise products (batched matrix products of
        // these tiny matrices cost a GEMM call per chain):
        // residual_cb = a_cb . (x_c - x*) + (a_cb . x* - y_cb);  gradient_c = sum_b a_cb residual_cb / B.
        INDArray rows = featureRows.gather(indices).reshape(chains, batchSize, d);
        INDArray scaled = rows.ulike();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(rows, states, scaled, 0, 2));
        INDArray residual = scaled.sum(2).addi(residualRows.gather(indices).reshape(chains, batchSize));
        Nd4j.getExecutioner().exec(new BroadcastMulOp(rows, residual, scaled, 0, 1));
        target.assign(scaled.sum(1)).divi(batchSize);
    }

    @Override
    public double[][] perExampleCovariance(double[] x) {
        int n = size();
        int d = dims();
        double[][] g = new double[n][d];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            double r = residualsAtOptimum[i];
            for (int j = 0; j < d; j++) {
                r += features[i][j] * x[j];
            }
            for (int j = 0; j < d; j++) {
                g[i][j] = features[i][j] * r;
                mean[j] += g[i][j] / n;
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[j][k] += (g[i][j] - mean[j]) * (g[i][k] - mean[k]) / n;
                }
            }
        }
        return c;
    }

    /** The normal equations {@code A^T A x = A^T y / n}, by LU decomposition with partial pivoting. */
    private static double[] solve(double[][] a, double[] b) {
        DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(a), 1e-12).getSolver();
        if (!solver.isNonSingular()) {
            throw new IllegalArgumentException("the features are collinear (A^T A is singular);"
                    + " drop or combine dependent columns");
        }
        return solver.solve(new ArrayRealVector(b)).toArray();
    }
}
