/**
 * The SGD Observatory listener for Deeplearning4j: {@link org.sgdobservatory.listener.ObservatoryListener}
 * observes a training run late in training, measures the stationary spread of every tracked parameter,
 * probes gradient noise and curvature on a double-precision copy, and compares the spread with the
 * theory's prediction ({@link org.sgdobservatory.listener.predict.StationaryPredictor}) for the detected data
 * order ({@link org.sgdobservatory.report.model.DataOrder}), with close looks at a few parameters (traces,
 * histograms, 1-D loss slices and Gibbs densities) and the limit cycle of a fixed data order.
 */
package org.sgdobservatory.listener;
