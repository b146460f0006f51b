package org.sgdobservatory.report.model;

/**
 * What observing cost.
 *
 * @param callbackMillis wall time spent inside the listener's training callbacks (probes excluded)
 * @param probeMillis wall time spent in probes, predictions and report building
 * @param callbacks number of callbacks handled
 * @param trackedParameters parameters tracked
 * @param bytesPerTrackedParameter bytes of statistics held per tracked parameter
 * @param bytesHeld total bytes held (statistics, buffers, minibatch reservoir)
 */
public record ListenerCost(double callbackMillis, double probeMillis, long callbacks, long trackedParameters,
                           long bytesPerTrackedParameter, long bytesHeld) {
}
