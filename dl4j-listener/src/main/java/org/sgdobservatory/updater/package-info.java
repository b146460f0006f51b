/**
 * Deeplearning4j updaters that come from the theory of SGD noise: {@link
 * org.sgdobservatory.updater.VarianceNormalizedSgd} (the lecture's {@code eta'/sigma^2} rule) as an ND4J
 * {@code IUpdater} (immutable-by-convention configuration, serialised in DL4J's JSON) and its
 * {@code GradientUpdater} (per-run state in DL4J's updater view array).
 */
package org.sgdobservatory.updater;
