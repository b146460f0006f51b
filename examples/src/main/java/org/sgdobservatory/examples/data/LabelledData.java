package org.sgdobservatory.examples.data;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table of examples: features ({@code rows x featureCount}) and targets ({@code rows x outputCount}; one-hot
 * rows for classification, the target values for regression). Immutable (arrays are copied in and out); not a
 * record because it holds arrays.
 */
public final class LabelledData {

    /** What the targets are. */
    public enum Task {
        /** One-hot class rows. */
        CLASSIFICATION,
        /** Real-valued targets. */
        REGRESSION
    }

    private final double[][] features;
    private final double[][] targets;
    private final Task task;

    /**
     * @param features one row per example, all of equal length
     * @param targets one row per example, all of equal length
     * @param task classification (one-hot targets) or regression
     * @throws IllegalArgumentException on ragged, empty or mismatched input or non-finite values
     */
    public LabelledData(double[][] features, double[][] targets, Task task) {
        if (features.length == 0 || features.length != targets.length) {
            throw new IllegalArgumentException("features and targets need the same, non-zero number of rows; got "
                    + features.length + " and " + targets.length);
        }
        this.features = copy("features", features);
        this.targets = copy("targets", targets);
        this.task = task;
    }

    /** One-hot targets from integer labels {@code 0..classes-1}. */
    public static LabelledData classification(double[][] features, int[] labels, int classes) {
        double[][] y = new double[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            if (!(labels[i] >= 0 && labels[i] < classes)) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside 0.."
                        + (classes - 1));
            }
            y[i][labels[i]] = 1;
        }
        return new LabelledData(features, y, Task.CLASSIFICATION);
    }

    private static double[][] copy(String what, double[][] rows) {
        int width = rows[0].length;
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(what + " row " + i + " has " + rows[i].length + " values, row 0 has "
                        + width);
            }
            for (double v : rows[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + " row " + i + " holds a non-finite value " + v);
                }
            }
            out[i] = rows[i].clone();
        }
        return out;
    }

    /** Number of examples. */
    public int rows() {
        return features.length;
    }

    /** Number of features. */
    public int featureCount() {
        return features[0].length;
    }

    /** Number of target columns (classes for classification). */
    public int outputCount() {
        return targets[0].length;
    }

    /** Classification or regression. */
    public Task task() {
        return task;
    }

    /** A copy of the features. */
    public double[][] features() {
        return copy("features", features);
    }

    /** A copy of the targets. */
    public double[][] targets() {
        return copy("targets", targets);
    }

    /** The examples as an ND4J data set of the given type. */
    public DataSet toDataSet(DataType type) {
        return new DataSet(Nd4j.createFromArray(features).castTo(type), Nd4j.createFromArray(targets).castTo(type));
    }

    /** The rows at {@code indices}, in that order. */
    public LabelledData select(int[] indices) {
        double[][] f = new double[indices.length][];
        double[][] t = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            f[i] = features[indices[i]];
            t[i] = targets[indices[i]];
        }
        return new LabelledData(f, t, task);
    }

    /**
     * A seeded random split into a training part of {@code round(trainFraction * rows)} rows and the rest.
     *
     * @param trainFraction in {@code (0, 1)}
     * @param seed permutation seed
     */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), was " + trainFraction);
        }
        int n = rows();
        int[] perm = new int[n];
        Arrays.setAll(perm, i -> i);
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int cut = (int) Math.round(trainFraction * n);
        return new Split(select(Arrays.copyOfRange(perm, 0, cut)), select(Arrays.copyOfRange(perm, cut, n)));
    }

    /**
     * The features standardised column by column with the mean and standard deviation of {@code reference}
     * (usually the training part); a constant column becomes all zeros.
     */
    public LabelledData standardisedBy(LabelledData reference) {
        int d = featureCount();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : reference.features) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / reference.rows();
            }
        }
        for (double[] row : reference.features) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / reference.rows();
            }
        }
        double[][] f = new double[rows()][d];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < d; j++) {
                double s = Math.sqrt(sd[j]);
                f[i][j] = s > 0 ? (features[i][j] - mean[j]) / s : 0.0;
            }
        }
        return new LabelledData(f, targets, task);
    }

    /** The targets standardised (regression) with the mean and standard deviation of {@code reference}. */
    public LabelledData targetsStandardisedBy(LabelledData reference) {
        double mean = 0;
        for (double[] t : reference.targets) {
            mean += t[0] / reference.rows();
        }
        double var = 0;
        for (double[] t : reference.targets) {
            var += (t[0] - mean) * (t[0] - mean) / reference.rows();
        }
        double sd = Math.sqrt(var);
        double[][] t = new double[rows()][1];
        for (int i = 0; i < rows(); i++) {
            t[i][0] = sd > 0 ? (targets[i][0] - mean) / sd : 0;
        }
        return new LabelledData(features, t, task);
    }

    /**
     * A training and a test part.
     *
     * @param train the examples the network is trained on
     * @param test held-out examples for the test metric
     */
    public record Split(LabelledData train, LabelledData test) {
    }
}
