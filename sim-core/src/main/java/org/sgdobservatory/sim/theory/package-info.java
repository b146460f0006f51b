/**
 * Closed-form theory of the stationary state of SGD and its relatives, in plain {@code double}
 * arithmetic (no ND4J).
 *
 * <p>What lives here, with the section of {@code docs/theory.md} or {@code docs/data-order.md} each
 * class implements:
 * <ul>
 *   <li>{@link org.sgdobservatory.sim.theory.Prediction}: the sealed answer "stationary variance" or
 *       "theory does not apply, because ...";</li>
 *   <li>1-D quadratic models (docs/theory.md#sgd-on-a-1-d-quadratic,
 *       docs/theory.md#nesterov-momentum, docs/theory.md#rmsprop,
 *       docs/theory.md#preconditioning-and-the-variance-normalised-rule):
 *       {@link org.sgdobservatory.sim.theory.SgdQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.NesterovsQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.RmsPropMeanField},
 *       {@link org.sgdobservatory.sim.theory.VarianceNormalizedQuadratic1D};</li>
 *   <li>RMSProp's exact stationary variance in {@code O(1)} per parameter
 *       (docs/theory.md#rmsprop-stationary-table):
 *       {@link org.sgdobservatory.sim.theory.RmsPropScaling} (the scaling law
 *       {@code Var(x) = (sigma^2/h^2) f(lr h/sigma, rho, eps/sigma)} and the mean field in noise units),
 *       {@link org.sgdobservatory.sim.theory.RmsPropSmallStepLimit} (its {@code lr h/sigma -> 0} limit),
 *       {@link org.sgdobservatory.sim.theory.RmsPropStationaryTable} (the shipped table of {@code f} over its mean
 *       field, interpolated, with its Monte Carlo and interpolation errors; {@code sim-core/RMSPROP_TABLE.md}) and
 *       {@link org.sgdobservatory.sim.theory.RmsPropReshuffling} (under reshuffling, with a measured correction);</li>
 *   <li>data order (docs/data-order.md#random-reshuffling, docs/data-order.md#fixed-cyclic-order):
 *       {@link org.sgdobservatory.sim.theory.ReshufflingQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D};</li>
 *   <li>N-D quadratics (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation):
 *       {@link org.sgdobservatory.sim.theory.Lyapunov};</li>
 *   <li>state-dependent noise (docs/theory.md#state-dependent-noise):
 *       {@link org.sgdobservatory.sim.theory.MultiplicativeNoiseQuadratic1D};</li>
 *   <li>non-quadratic 1-D losses (docs/theory.md#fokker-planck-and-the-value-of-alpha):
 *       {@link org.sgdobservatory.sim.theory.GibbsDensity}
 *       producing a {@link org.sgdobservatory.sim.theory.GridDensity};</li>
 *   <li>temperatures and the one-temperature (Gibbs) test (docs/theory.md#when-the-density-is-gibbs):
 *       {@link org.sgdobservatory.sim.theory.Temperatures},
 *       {@link org.sgdobservatory.sim.theory.GibbsTest}.</li>
 * </ul>
 *
 * <p>Conventions: {@code learningRate} is {@code eta}, {@code curvature} is {@code h}, and
 * {@code noiseVariance} is {@code s2}, the variance of the per-step minibatch gradient noise (the batch
 * size already included). Every class is immutable and thread-safe. Invalid arguments throw
 * {@link java.lang.IllegalArgumentException} naming the parameter, its value, the allowed range and a
 * remedy; the {@code predict(...)} methods never throw on measured inputs and answer with a
 * {@link org.sgdobservatory.sim.theory.Prediction.NotApplicable} instead.
 */
package org.sgdobservatory.sim.theory;
