package org.sgdobservatory.listener.report;

/**
 * The {@code 1/B} check: the variance of minibatch-mean gradients against the per-example variance
 * divided by B, at fixed parameters.
 *
 * @param miniBatchSize B
 * @param minibatches minibatch gradients used
 * @param examples per-example gradients used
 * @param medianRatio median over tracked parameters of {@code Var(minibatch mean) / (Var(per example)/B)}
 * @param ratioStandardError standard error of one ratio, {@code sqrt(2/(K-1))}
 */
public record NoiseScalingReport(int miniBatchSize, int minibatches, int examples, double medianRatio,
                                 double ratioStandardError) {
}
