package org.sgdobservatory.examples.network;

import java.util.Random;

import org.sgdobservatory.examples.data.LabelledData;

/**
 * The synthetic data sets, where the truth is known: linear regression with a chosen design and noise, and a
 * teacher MLP labelling Gaussian inputs. Stateless; the data depend only on their fixed seeds, so every run of an
 * example sees the same table.
 */
final class Synthetic {

    /** Feature scales of the linear-regression design (independent Gaussian columns). */
    static final double[] LINREG_SCALES = {1.0, 0.8, 1.3, 0.6, 1.1};
    /** True weights of the linear regression. */
    static final double[] LINREG_WEIGHTS = {0.5, 0.3, 0.1, -0.1, -0.3};
    /** True bias. */
    static final double LINREG_BIAS = 0.3;
    /** Label noise standard deviation. */
    static final double LINREG_NOISE = 0.5;
    /** Training rows. */
    static final int LINREG_TRAIN = 1000;
    /** Test rows. */
    static final int LINREG_TEST = 500;
    private static final long LINREG_SEED = 42;

    static final int TEACHER_INPUTS = 8;
    static final int TEACHER_HIDDEN = 16;
    static final double TEACHER_NOISE = 0.1;
    static final int TEACHER_TRAIN = 1200;
    static final int TEACHER_TEST = 400;
    private static final long TEACHER_SEED = 2024;

    private Synthetic() {
    }

    /** {@code y = x . w* + b* + N(0, 0.5^2)}, {@code x_j ~ N(0, scale_j^2)} independent. */
    static LabelledData.Split linearRegression() {
        Random rnd = new Random(LINREG_SEED);
        return new LabelledData.Split(linreg(rnd, LINREG_TRAIN), linreg(rnd, LINREG_TEST));
    }

    private static LabelledData linreg(Random rnd, int n) {
        int d = LINREG_SCALES.length;
        double[][] x = new double[n][d];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            double s = LINREG_BIAS;
            for (int j = 0; j < d; j++) {
                x[i][j] = LINREG_SCALES[j] * rnd.nextGaussian();
                s += LINREG_WEIGHTS[j] * x[i][j];
            }
            y[i][0] = s + LINREG_NOISE * rnd.nextGaussian();
        }
        return new LabelledData(x, y, LabelledData.Task.REGRESSION);
    }

    /**
     * A fixed random teacher {@code y = v . tanh(W x + a) + N(0, 0.1^2)} with {@code W ~ N(0, 1/8)},
     * {@code a ~ N(0, 0.1^2)}, {@code v ~ N(0, 1/16)}, on inputs {@code x ~ N(0, I_8)}.
     */
    static LabelledData.Split teacherStudent() {
        Random rnd = new Random(TEACHER_SEED);
        double[][] w = new double[TEACHER_HIDDEN][TEACHER_INPUTS];
        double[] a = new double[TEACHER_HIDDEN];
        double[] v = new double[TEACHER_HIDDEN];
        for (int k = 0; k < TEACHER_HIDDEN; k++) {
            for (int j = 0; j < TEACHER_INPUTS; j++) {
                w[k][j] = rnd.nextGaussian() / Math.sqrt(TEACHER_INPUTS);
            }
            a[k] = 0.1 * rnd.nextGaussian();
            v[k] = rnd.nextGaussian() / Math.sqrt(TEACHER_HIDDEN);
        }
        return new LabelledData.Split(teacher(rnd, TEACHER_TRAIN, w, a, v), teacher(rnd, TEACHER_TEST, w, a, v));
    }

    private static LabelledData teacher(Random rnd, int n, double[][] w, double[] a, double[] v) {
        double[][] x = new double[n][TEACHER_INPUTS];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < TEACHER_INPUTS; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            double out = 0;
            for (int k = 0; k < TEACHER_HIDDEN; k++) {
                double z = a[k];
                for (int j = 0; j < TEACHER_INPUTS; j++) {
                    z += w[k][j] * x[i][j];
                }
                out += v[k] * Math.tanh(z);
            }
            y[i][0] = out + TEACHER_NOISE * rnd.nextGaussian();
        }
        return new LabelledData(x, y, LabelledData.Task.REGRESSION);
    }
}
