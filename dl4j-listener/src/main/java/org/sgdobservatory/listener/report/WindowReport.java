package org.sgdobservatory.listener.report;

/**
 * The observation window actually used.
 *
 * @param startIteration first observed iteration
 * @param lastIteration last observed iteration
 * @param samples samples in the statistics (non-finite ones excluded)
 * @param every observation stride in iterations
 * @param startReason why observation started there
 * @param endReason why it ended (window end, on demand)
 * @param miniBatchSize minibatch size seen in the window
 * @param learningRateMin smallest learning rate in force during the window (any block)
 * @param learningRateMax largest learning rate in force during the window (any block)
 */
public record WindowReport(long startIteration, long lastIteration, long samples, int every, String startReason,
                           String endReason, int miniBatchSize, double learningRateMin, double learningRateMax) {
}
