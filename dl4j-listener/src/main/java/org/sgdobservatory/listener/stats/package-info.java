/**
 * Streaming, mergeable per-parameter statistics over the observation window
 * ({@link org.sgdobservatory.listener.stats.TraceMoments}; exact short-lag autocovariances of a few traces in
 * {@link org.sgdobservatory.listener.stats.LagAutocovariances}) and the estimators built on them
 * (integrated autocorrelation time, effective sample size, variance intervals, Geweke drift test;
 * docs/estimators.md#integrated-autocorrelation-time-and-ess to docs/estimators.md#geweke-drift-test), with
 * multi-level batch means that stay honest when tau is comparable to the block length
 * ({@link org.sgdobservatory.listener.stats.MultiLevelBatchMeans}), an exact bounded-memory histogram of a stream
 * ({@link org.sgdobservatory.listener.stats.DoublingHistogram}) and Hill's tail-index estimator
 * ({@link org.sgdobservatory.listener.stats.HillEstimator}).
 */
package org.sgdobservatory.listener.stats;
