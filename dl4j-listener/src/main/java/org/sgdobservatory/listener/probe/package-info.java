/**
 * Probes run on a double-precision copy of the network, never on the training network: gradient noise at
 * fixed parameters (minibatch and per-example variance, the {@code 1/B} check, kurtosis and tail index) and the
 * Hessian diagonal (docs/estimators.md#the-probes): exact for dense stacks with piecewise-linear hidden
 * activations ({@link org.sgdobservatory.listener.probe.GaussNewtonDiagonal}), otherwise by Hutchinson's estimator
 * with finite differences of the probe-set gradient. {@link org.sgdobservatory.listener.probe.GradientProbes} is the
 * entry point; for dense networks its gradients come from {@link org.sgdobservatory.listener.probe.DenseBatchGradients}
 * (one batched pass gives every per-example and per-minibatch gradient), otherwise from one DL4J pass per gradient.
 * {@link org.sgdobservatory.listener.probe.GradientProbes#noiseAndCurvature} runs both probes on the listener's
 * reservoir with one shared forward and backward pass for such networks.
 */
package org.sgdobservatory.listener.probe;
