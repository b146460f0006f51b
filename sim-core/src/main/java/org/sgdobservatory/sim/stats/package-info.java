/**
 * Streaming, mergeable statistics (Chan et al.'s parallel moments) on ND4J buffers, histograms,
 * autocorrelation and integrated autocorrelation time, and the {@link
 * org.sgdobservatory.sim.stats.Estimate} every measured number travels in.
 */
package org.sgdobservatory.sim.stats;
