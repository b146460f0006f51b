package org.sgdobservatory.listener;

import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Synthetic linear regression {@code y = X w* + b* + noise} with known X, and the matching DL4J networks
 * (one OutputLayer, identity activation, MSE, nOut = 1) as MultiLayerNetwork and ComputationGraph.
 */
public final class LinearRegressionFixture {

    public final int n;
    public final int d;
    final double[][] x;
    final double[] y;

    /**
     * @param n examples
     * @param d features
     * @param featureScales per-feature standard deviations (independent Gaussian features)
     * @param noiseSd label noise
     * @param seed data seed
     */
    LinearRegressionFixture(int n, int d, double[] featureScales, double noiseSd, long seed) {
        this.n = n;
        this.d = d;
        Random rnd = new Random(seed);
        x = new double[n][d];
        y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = featureScales[j] * rnd.nextGaussian();
                s += (0.5 - 0.2 * j) * x[i][j];
            }
            y[i] = s + noiseSd * rnd.nextGaussian();
        }
    }

    private LinearRegressionFixture(double[][] x, double[] y) {
        this.n = x.length;
        this.d = x[0].length;
        this.x = x;
        this.y = y;
    }

    /**
     * Features that are centred and exactly orthogonal in the sample (Gaussian draws, centred, Gram-Schmidt), column
     * {@code j} scaled to the sample standard deviation {@code featureScales[j]}: {@code Z^T Z} with {@code Z = [X, 1]}
     * is diagonal, so the Hessian of the MSE score is diagonal up to float rounding. Labels as in the constructor.
     */
    static LinearRegressionFixture orthogonal(int n, double[] featureScales, double noiseSd, long seed) {
        int d = featureScales.length;
        Random rnd = new Random(seed);
        double[][] cols = new double[d][n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                cols[j][i] = rnd.nextGaussian();
            }
            double mean = java.util.Arrays.stream(cols[j]).average().orElseThrow();
            for (int i = 0; i < n; i++) {
                cols[j][i] -= mean;
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += cols[j][i] * cols[k][i];
                }
                for (int i = 0; i < n; i++) {
                    cols[j][i] -= dot * cols[k][i];
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(cols[j]).map(v -> v * v).sum());
            for (int i = 0; i < n; i++) {
                cols[j][i] /= norm;
            }
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = featureScales[j] * Math.sqrt(n) * cols[j][i];
                s += (0.5 - 0.2 * j) * x[i][j];
            }
            y[i] = s + noiseSd * rnd.nextGaussian();
        }
        return new LinearRegressionFixture(x, y);
    }

    /** The same examples rounded to float, as a FLOAT network sees them: the data exact references start from. */
    LinearRegressionFixture roundedToFloat() {
        double[][] fx = new double[n][d];
        double[] fy = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                fx[i][j] = (float) x[i][j];
            }
            fy[i] = (float) y[i];
        }
        return new LinearRegressionFixture(fx, fy);
    }

    /**
     * Equicorrelated Gaussian features with correlation {@code rho} (a shared factor), unit variance.
     */
    static LinearRegressionFixture correlated(int n, int d, double rho, double noiseSd, long seed) {
        LinearRegressionFixture fx = new LinearRegressionFixture(n, d, new double[d], noiseSd, seed);
        Random rnd = new Random(seed + 1);
        for (int i = 0; i < n; i++) {
            double shared = rnd.nextGaussian();
            double s = 0.3;
            for (int j = 0; j < d; j++) {
                fx.x[i][j] = Math.sqrt(1 - rho) * rnd.nextGaussian() + Math.sqrt(rho) * shared;
                s += (0.5 - 0.2 * j) * fx.x[i][j];
            }
            fx.y[i] = s + noiseSd * rnd.nextGaussian();
        }
        return fx;
    }

    public DataSet dataSet(DataType type) {
        INDArray f = Nd4j.createFromArray(x).castTo(type);
        INDArray l = Nd4j.createFromArray(y).reshape(n, 1).castTo(type);
        return new DataSet(f, l);
    }

    public MultiLayerNetwork mln(IUpdater updater, long seed) {
        return mln(updater, seed, 0.0);
    }

    /**
     * A FLOAT MLP {@code d - 6 (ReLU) - 1} (seed 3) on this data whose weights DL4J keeps within max-norm
     * {@code maxNorm} (per hidden unit and output) when {@code maxNorm > 0}, unconstrained otherwise.
     */
    public MultiLayerNetwork hiddenLayerMln(IUpdater updater, double maxNorm) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(3).updater(updater)
                .dataType(DataType.FLOAT);
        if (maxNorm > 0) {
            b.constrainWeights(new org.deeplearning4j.nn.conf.constraint.MaxNormConstraint(maxNorm, 1));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(d).nOut(6)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    public MultiLayerNetwork mln(IUpdater updater, long seed, double l2) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT);
        if (l2 > 0) {
            b.l2(l2);
        }
        MultiLayerConfiguration conf = b.list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(d).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * {@link #mln(IUpdater, long)} started at the least-squares optimum moved by {@code offset} in every coordinate:
     * 0 starts a run in its stationary state, a large offset starts it far from it.
     */
    public MultiLayerNetwork mlnFromOptimum(IUpdater updater, long seed, double offset) {
        MultiLayerNetwork net = mln(updater, seed);
        double[] start = optimum();
        for (int i = 0; i < start.length; i++) {
            start[i] += offset;
        }
        net.setParams(Nd4j.createFromArray(start).castTo(DataType.FLOAT).reshape(1, start.length));
        return net;
    }

    /** {@code batches} minibatches of {@code batch} rows drawn with replacement (seeded) from the data in FLOAT. */
    public SamplingIterator iid(int batch, int batches, long seed) {
        return new SamplingIterator(dataSet(DataType.FLOAT), batch, batches, SamplingIterator.Order.IID, seed);
    }

    public ComputationGraph graph(IUpdater updater, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(d).nOut(1)
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Least-squares optimum (w..., b) by normal equations in double. */
    public double[] optimum() {
        int p = d + 1;
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            double[] z = row1(i);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a[r][c] += z[r] * z[c];
                }
                a[r][p] += z[r] * y[i];
            }
        }
        return solve(a);
    }

    /** Row i with a trailing 1 for the bias. */
    double[] row1(int i) {
        double[] z = new double[d + 1];
        System.arraycopy(x[i], 0, z, 0, d);
        z[d] = 1.0;
        return z;
    }

    /** Hessian of DL4J's MSE score (nOut = 1) in (w, b) coordinates: {@code 2 Z^T Z / n}
     * (docs/dl4j-behaviour.md#score-and-mse-normalisation). */
    public double[][] hessian() {
        int p = d + 1;
        double[][] h = new double[p][p];
        for (int i = 0; i < n; i++) {
            double[] z = row1(i);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    h[r][c] += 2.0 * z[r] * z[c] / n;
                }
            }
        }
        return h;
    }

    /**
     * Covariance over the data set of the per-example gradient {@code -2 (y_i - z_i.theta) z_i} at theta
     * (population normalisation 1/n): the batch-size-one noise covariance C.
     */
    double[][] perExampleGradientCovariance(double[] theta) {
        int p = d + 1;
        double[][] g = new double[n][p];
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            double[] z = row1(i);
            double r = y[i];
            for (int c = 0; c < p; c++) {
                r -= z[c] * theta[c];
            }
            for (int c = 0; c < p; c++) {
                g[i][c] = -2.0 * r * z[c];
                mean[c] += g[i][c] / n;
            }
        }
        double[][] cov = new double[p][p];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    cov[r][c] += (g[i][r] - mean[r]) * (g[i][c] - mean[c]) / n;
                }
            }
        }
        return cov;
    }

    /**
     * The minibatch noise covariance at the least-squares optimum for minibatches of {@code batch} drawn with
     * replacement: {@code Sigma_B = C / B} with C the {@link #perExampleGradientCovariance per-example covariance}.
     */
    double[][] minibatchNoiseCovariance(int batch) {
        double[][] c = perExampleGradientCovariance(optimum());
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= batch;
            }
        }
        return c;
    }

    static double[] solve(double[][] a) {
        int p = a.length;
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] s = new double[p];
        for (int r = 0; r < p; r++) {
            s[r] = a[r][p] / a[r][r];
        }
        return s;
    }

    /**
     * Exact stationary covariance of SGD on the quadratic: solves the discrete Lyapunov equation
     * {@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma}
     * (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation) by fixed-point iteration in double.
     */
    static double[][] discreteLyapunov(double[][] h, double[][] sigma, double eta) {
        int p = h.length;
        double[][] a = new double[p][p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                a[r][c] = (r == c ? 1.0 : 0.0) - eta * h[r][c];
            }
        }
        double[][] s = new double[p][p];
        for (int it = 0; it < 200000; it++) {
            double[][] as = mul(a, s);
            double[][] next = mul(as, transpose(a));
            double diff = 0;
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    next[r][c] += eta * eta * sigma[r][c];
                    diff = Math.max(diff, Math.abs(next[r][c] - s[r][c]));
                }
            }
            s = next;
            if (diff < 1e-16 * (1 + Math.abs(s[0][0]))) {
                break;
            }
        }
        return s;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int p = a.length;
        int q = b[0].length;
        double[][] c = new double[p][q];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < q; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
