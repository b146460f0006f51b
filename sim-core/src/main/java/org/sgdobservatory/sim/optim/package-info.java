/**
 * Optimizers with Deeplearning4j's exact semantics, split like ND4J into an immutable
 * {@link org.sgdobservatory.sim.optim.Updater} configuration and a per-run
 * {@link org.sgdobservatory.sim.optim.GradientUpdater}: Sgd, RmsProp, Nesterovs, the lecture's
 * variance-normalised rule, a fixed preconditioner, and DL4J's L2 / weight decay.
 */
package org.sgdobservatory.sim.optim;
