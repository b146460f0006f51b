/**
 * Closed-form theory of the stationary state of SGD and its relatives, in plain {@code double}
 * arithmetic (no ND4J).
 *
 * <p>What lives here, with the section of {@code THEORY.md} each class implements:
 * <ul>
 *   <li>{@link org.sgdobservatory.sim.theory.Prediction}: the sealed answer "stationary variance" or
 *       "theory does not apply, because ...";</li>
 *   <li>1-D quadratic models (§2): {@link org.sgdobservatory.sim.theory.SgdQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.NesterovsQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.RmsPropMeanField},
 *       {@link org.sgdobservatory.sim.theory.VarianceNormalizedQuadratic1D};</li>
 *   <li>RMSProp's exact stationary variance in {@code O(1)} per parameter:
 *       {@link org.sgdobservatory.sim.theory.RmsPropScaling} (the scaling law
 *       {@code Var(x) = (sigma^2/h^2) f(lr h/sigma, rho, eps/sigma)} and the mean field in noise units),
 *       {@link org.sgdobservatory.sim.theory.RmsPropSmallStepLimit} (its {@code lr h/sigma -> 0} limit) and
 *       {@link org.sgdobservatory.sim.theory.RmsPropStationaryTable} (the shipped table of {@code f} over its mean
 *       field, interpolated, with its Monte Carlo and interpolation errors; {@code sim-core/RMSPROP_TABLE.md});</li>
 *   <li>data order (§2b): {@link org.sgdobservatory.sim.theory.ReshufflingQuadratic1D},
 *       {@link org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D};</li>
 *   <li>N-D quadratics (§2): {@link org.sgdobservatory.sim.theory.Lyapunov};</li>
 *   <li>state-dependent noise (THEORY-NOTES §1.5): {@link org.sgdobservatory.sim.theory.MultiplicativeNoiseQuadratic1D};</li>
 *   <li>non-quadratic 1-D losses (§2, Fokker-Planck): {@link org.sgdobservatory.sim.theory.GibbsDensity}
 *       producing a {@link org.sgdobservatory.sim.theory.GridDensity};</li>
 *   <li>temperatures and the one-temperature (Gibbs) test (§1, §2):
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
