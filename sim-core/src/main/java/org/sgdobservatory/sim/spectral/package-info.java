/**
 * The spectral observatory's core: the stationary theory along the Hessian's eigendirections, where
 * it is exact for a quadratic whatever the noise covariance, and the matrix-free eigensolver that finds
 * those directions from Hessian-vector products.
 *
 * <ul>
 *   <li>{@link org.sgdobservatory.sim.spectral.SymmetricOperator}: a symmetric map given by its
 *       matrix-vector product (a Hessian-vector product of a network);</li>
 *   <li>{@link org.sgdobservatory.sim.spectral.Lanczos}: the top (or bottom) {@code k} eigenpairs by
 *       thick-restart Lanczos with full reorthogonalisation in a bounded Krylov basis, returning a
 *       {@link org.sgdobservatory.sim.spectral.LanczosResult} of
 *       {@link org.sgdobservatory.sim.spectral.RitzPair}s with residuals, convergence flags and cost;</li>
 *   <li>{@link org.sgdobservatory.sim.spectral.DirectionalTheory}: per-direction stationary variance,
 *       temperature and standard error ({@link org.sgdobservatory.sim.spectral.DirectionalPrediction})
 *       for the optimizers of {@link org.sgdobservatory.sim.spectral.DirectionalOptimizer} and i.i.d. or
 *       reshuffled data, by delegation to the 1-D closed forms of {@code org.sgdobservatory.sim.theory};</li>
 *   <li>{@link org.sgdobservatory.sim.spectral.Preconditioning}: the change of variables
 *       {@code y = P^{-1/2} theta} that makes a frozen diagonal preconditioner (the variance-normalised
 *       rule, RMSProp's state) plain SGD on {@code P^{1/2} H P^{1/2}}.</li>
 * </ul>
 *
 * <p>Typical use (a listener at a late, stationary stage of training):
 * <pre>{@code
 * LanczosResult top = Lanczos.builder().eigenpairs(16).seed(42).build().solve(hessianVectorProduct);
 * DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.Sgd(learningRate));
 * for (int k = 0; k < top.size(); k++) {
 *     Estimate c = noiseVarianceAlong(top, k);      // variance of minibatch gradients projected on v_k
 *     DirectionalPrediction p = theory.predict(top.pairs().get(k).eigenvalue(), c);
 *     // compare p.stationaryVariance() with the variance of top.project(k, theta_t) over the window
 * }
 * }</pre>
 * Plain {@code double[]} arithmetic, no ND4J. Conventions as in {@code theory}: {@code learningRate}
 * is {@code eta}, {@code curvature} an eigenvalue {@code l_k}, {@code noiseVariance} the per-step
 * minibatch noise variance {@code c_k} along the direction.
 */
package org.sgdobservatory.sim.spectral;
