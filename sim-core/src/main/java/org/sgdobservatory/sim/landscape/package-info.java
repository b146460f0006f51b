/**
 * Loss landscapes {@code L(x)} evaluated for many chains at once: quadratics (diagonal or full
 * Hessian), separable sums of 1-D losses (quadratic, quartic, double well), and any user-supplied
 * {@link org.sgdobservatory.sim.landscape.Landscape}.
 */
package org.sgdobservatory.sim.landscape;
