package org.sgdobservatory.listener.predict;

import java.util.Objects;

import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.report.model.DataOrder;

/**
 * Measurements of one small, fully tracked parameter group for a full-block prediction: the Hessian block
 * (Hessian-vector products along unit vectors) and the minibatch noise covariance block, both at the window
 * mean. A small final class rather than a record because it holds matrices; it copies them in and out.
 */
public final class BlockPredictionInput {

    private final UpdaterSpec updater;
    private final DataOrder dataOrder;
    private final double learningRate;
    private final double[][] hessian;
    private final double[][] noiseCovariance;

    /**
     * @param updater the group's updater
     * @param dataOrder the data order predictions assume
     * @param learningRate learning rate in force
     * @param hessian {@code k x k} Hessian block, regularisation included
     * @param noiseCovariance {@code k x k} covariance of the minibatch-mean gradient
     */
    public BlockPredictionInput(UpdaterSpec updater, DataOrder dataOrder, double learningRate, double[][] hessian,
                                double[][] noiseCovariance) {
        this.updater = Objects.requireNonNull(updater, "updater");
        this.dataOrder = Objects.requireNonNull(dataOrder, "dataOrder");
        this.learningRate = learningRate;
        if (hessian.length != noiseCovariance.length) {
            throw new IllegalArgumentException("hessian and noiseCovariance must have the same size, were "
                    + hessian.length + " and " + noiseCovariance.length);
        }
        this.hessian = copy(hessian);
        this.noiseCovariance = copy(noiseCovariance);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** The group's updater. */
    public UpdaterSpec updater() {
        return updater;
    }

    /** The data order predictions assume. */
    public DataOrder dataOrder() {
        return dataOrder;
    }

    /** Learning rate in force. */
    public double learningRate() {
        return learningRate;
    }

    /** Group size k. */
    public int size() {
        return hessian.length;
    }

    /** A copy of the Hessian block. */
    public double[][] hessian() {
        return copy(hessian);
    }

    /** A copy of the noise covariance block. */
    public double[][] noiseCovariance() {
        return copy(noiseCovariance);
    }
}
