/**
 * The vectorised simulator: many chains of an optimizer on a landscape or finite data set, with
 * burn-in, thinning, seeds and streaming statistics; and the Euler-Maruyama integrator of the SDE.
 * {@link org.sgdobservatory.sim.simulation.ScaledRmsPropSimulation} runs the scaled 1-D RMSProp chain to a
 * target precision: the producer of the RMSProp table's nodes and the reference of its tests.
 */
package org.sgdobservatory.sim.simulation;
