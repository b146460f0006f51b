/**
 * The vectorised simulator: many chains of an optimizer on a landscape or finite data set, with
 * burn-in, thinning, seeds and streaming statistics; and the Euler-Maruyama integrator of the SDE.
 */
package org.sgdobservatory.sim.simulation;
