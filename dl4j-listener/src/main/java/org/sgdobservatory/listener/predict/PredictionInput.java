package org.sgdobservatory.listener.predict;

import java.util.Objects;

import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.report.model.DataOrder;

/**
 * What the listener measured about one parameter, as input to a {@link StationaryPredictor}.
 *
 * @param updater the updater configuration of its block
 * @param dataOrder the data order predictions should assume
 * @param learningRate learning rate in force
 * @param curvature Hessian diagonal {@code h} (regularisation included; weight decay added for Sgd)
 * @param noiseVariance {@code sigma^2_B = C/B}, the variance of the minibatch-mean gradient for sampling
 *     with replacement (a reshuffling predictor applies the without-replacement factor {@code (n-B)/(n-1)})
 * @param miniBatchSize B
 * @param batchesPerEpoch minibatches per data epoch (for reshuffling), 0 when unknown
 */
public record PredictionInput(UpdaterSpec updater, DataOrder dataOrder, double learningRate, double curvature,
                              double noiseVariance, int miniBatchSize, long batchesPerEpoch) {

    /** Validates references. */
    public PredictionInput {
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(dataOrder, "dataOrder");
    }
}
