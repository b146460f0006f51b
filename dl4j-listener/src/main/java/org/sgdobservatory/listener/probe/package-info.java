/**
 * Probes run on a double-precision copy of the network, never on the training network: gradient noise at
 * fixed parameters (minibatch and per-example variance, the {@code 1/B} check) and the Hessian diagonal
 * by Hutchinson's estimator with central finite differences of the probe-set gradient (THEORY.md 3,
 * THEORY-NOTES.md 6.1-6.2).
 */
package org.sgdobservatory.listener.probe;
