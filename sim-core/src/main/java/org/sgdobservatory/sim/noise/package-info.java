/**
 * Gradient noise models for the simulator: Gaussian with diagonal or full covariance, state-dependent
 * variance, Student-t heavy tails, and the seeded {@link org.sgdobservatory.sim.noise.RandomStreams}
 * that make every run reproducible.
 */
package org.sgdobservatory.sim.noise;
