/**
 * Distances between an observed parameter trace (a sample, {@code double[]}) and a predicted 1-D
 * distribution, and between binned histograms (docs/estimators.md#distances-between-a-trace-and-a-density).
 *
 * <ul>
 *   <li>{@link org.sgdobservatory.sim.distance.ReferenceDistribution}: the predicted law (a
 *       {@link org.sgdobservatory.sim.theory.GridDensity} or a Gaussian);</li>
 *   <li>{@link org.sgdobservatory.sim.distance.KolmogorovSmirnov}: sup-distance of distribution
 *       functions, critical value and asymptotic p-value;</li>
 *   <li>{@link org.sgdobservatory.sim.distance.TotalVariation}: total variation on bins including the two
 *       open tail bins, its null floor, and between two histograms;</li>
 *   <li>{@link org.sgdobservatory.sim.distance.Wasserstein1}: exact and quantile-version 1-Wasserstein
 *       distance (in parameter units) and its Gaussian null mean.</li>
 * </ul>
 *
 * <p>All null values (critical values, null means) assume <em>independent</em> samples. Parameter
 * traces are autocorrelated: use independent seeds, a surrogate or block bootstrap, or (conservatively)
 * {@code n_eff = n / tau_int} in place of {@code n} (same section). Every class is stateless and
 * thread-safe; samples are never modified (they are copied before sorting); NaN or infinite sample
 * values are rejected with an {@link java.lang.IllegalArgumentException} naming the index.
 */
package org.sgdobservatory.sim.distance;
