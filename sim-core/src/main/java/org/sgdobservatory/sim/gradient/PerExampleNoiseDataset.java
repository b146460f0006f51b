package org.sgdobservatory.sim.gradient;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.sim.landscape.Landscape;

/**
 * A finite data set whose example {@code i} has gradient {@code grad L(x) + e_i}: the per-example
 * noises {@code e_i} are fixed vectors, centred so that {@code sum_i e_i = 0} (they are centred on
 * construction). The minibatch noise is the mean of {@code e_i} over the batch, so its correlations
 * across steps are exactly those of the data order. Immutable and thread-safe.
 */
public final class PerExampleNoiseDataset implements FiniteDataset {
    private final Landscape landscape;
    private final double[][] noises;
    private final RowGather noiseRows;

    private PerExampleNoiseDataset(Landscape landscape, double[][] noises) {
        int n = noises.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 examples, got " + n);
        }
        int d = landscape.dims();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            if (noises[i].length != d) {
                throw new IllegalArgumentException("example " + i + " has " + noises[i].length
                        + " noise entries, the landscape has " + d + " dims");
            }
            for (int j = 0; j < d; j++) {
                mean[j] += noises[i][j] / n;
            }
        }
        this.noises = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                this.noises[i][j] = noises[i][j] - mean[j];
            }
        }
        this.landscape = landscape;
        this.noiseRows = new RowGather(this.noises);
    }

    /** Per-example noises {@code e_i} (rows; centred here) around the given landscape. */
    public static PerExampleNoiseDataset of(Landscape landscape, double[][] perExampleNoises) {
        return new PerExampleNoiseDataset(landscape, perExampleNoises);
    }

    /**
     * Per-example noises drawn i.i.d. Gaussian, centred, then rescaled so that dimension {@code j}
     * has per-example population variance {@code batchSize * batchNoiseVariance[j]}: a minibatch of
     * {@code batchSize} drawn with replacement then has noise variance {@code batchNoiseVariance[j]}.
     */
    public static PerExampleNoiseDataset gaussian(Landscape landscape, int examples, int batchSize,
            double[] batchNoiseVariance, long seed) {
        int d = landscape.dims();
        if (batchNoiseVariance.length != d) {
            throw new IllegalArgumentException("batchNoiseVariance needs " + d + " entries, got "
                    + batchNoiseVariance.length);
        }
        java.util.Random rng = new java.util.Random(seed);
        double[][] e = new double[examples][d];
        for (double[] row : e) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : e) {
                mean += row[j] / examples;
            }
            double var = 0;
            for (double[] row : e) {
                var += (row[j] - mean) * (row[j] - mean) / examples;
            }
            double scale = Math.sqrt(batchSize * batchNoiseVariance[j] / var);
            for (double[] row : e) {
                row[j] = (row[j] - mean) * scale;
            }
        }
        return new PerExampleNoiseDataset(landscape, e);
    }

    /** A copy of the centred per-example noises. */
    public double[][] perExampleNoises() {
        return Arrays.stream(noises).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public int size() {
        return noises.length;
    }

    @Override
    public int dims() {
        return landscape.dims();
    }

    @Override
    public Landscape landscape() {
        return landscape;
    }

    @Override
    public void batchGradient(INDArray states, int[] indices, int batchSize, INDArray target) {
        INDArray batchNoise = noiseRows.gather(indices).reshape(states.rows(), batchSize, dims()).mean(1);
        landscape.gradient(states, target);
        target.addi(batchNoise);
    }

    @Override
    public double[][] perExampleCovariance(double[] x) {
        int d = dims();
        double[][] c = new double[d][d];
        for (double[] e : noises) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[j][k] += e[j] * e[k] / noises.length;
                }
            }
        }
        return c;
    }
}
