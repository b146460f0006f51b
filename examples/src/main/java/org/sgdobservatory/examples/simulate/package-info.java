/**
 * The {@code simulate} scenario: sim-core alone, a separable landscape with per-dimension noise, one of three
 * optimizers and (optionally) a finite data set walked in one of three orders; the observed variances and
 * temperatures set beside the closed-form predictions for that data order, the lecture's i.i.d. prediction and the
 * SDE limit, and the one-temperature (Gibbs) test. Also the command line's names of the data orders
 * ({@link org.sgdobservatory.examples.simulate.DataOrderNames}), shared with {@code run}.
 */
package org.sgdobservatory.examples.simulate;
