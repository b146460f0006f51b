/**
 * Sources of stochastic gradients: the lecture's assumed-noise model
 * ({@link org.sgdobservatory.sim.gradient.NoisyGradient}) and exact minibatch sampling from a finite
 * data set under each {@link org.sgdobservatory.sim.gradient.DataOrder}
 * ({@link org.sgdobservatory.sim.gradient.MinibatchGradient}).
 */
package org.sgdobservatory.sim.gradient;
