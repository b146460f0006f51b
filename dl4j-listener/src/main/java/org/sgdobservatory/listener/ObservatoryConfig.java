package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The listener's immutable configuration (made by {@link ObservatoryListener.Builder}).
 *
 * @param windowStart how observation starts
 * @param startAt the iteration or epoch for {@link WindowStart#ITERATION} / {@link WindowStart#EPOCH}
 * @param windowIterations iterations to observe; 0 = until {@link ObservatoryListener#report()}
 * @param every observe every k-th iteration
 * @param maxLag largest lag (in observations) of the close-ups' autocorrelation plots
 * @param memoryBudgetMegabytes budget for per-parameter statistics
 * @param maxTrackedParameters cap on tracked parameters (each costs time per observed iteration)
 * @param seed seed of subset selection, fingerprints and probes
 * @param dataOrder the order the user states, {@link DataOrder#UNKNOWN} to detect
 * @param probes probes to run at the end of the window
 * @param reservoirBatches recent training minibatches kept for the probes
 * @param reservoirMegabytes cap on the bytes of the probe reservoir's DOUBLE copies; fewer minibatches are kept
 *     when {@code reservoirBatches} of them would not fit
 * @param perExampleGradients cap on per-example gradients in the noise probe
 * @param hutchinsonProbes Rademacher vectors for the Hessian diagonal (unused where it is exact)
 * @param finiteDifferenceStep central-difference step (double precision)
 * @param minEffectiveSampleSize below this ESS a parameter is "too few samples", not predicted
 * @param fullBlockMaxParameters groups of at most this many (fully tracked) parameters also get a full-block
 *     prediction; 0 = off
 * @param reportFile where to write the JSON report at the end of the window, if anywhere
 * @param stopOnNonFinite throw from the callback when a gradient or parameter is NaN/Infinite
 * @param closeUps number of tracked parameters given a close look (trace, histogram, densities); 0 = off
 * @param lossSlices whether close-ups get a 1-D loss slice and a Gibbs density (only with {@code closeUps > 0})
 */
public record ObservatoryConfig(WindowStart windowStart, int startAt, int windowIterations, int every, int maxLag,
                                double memoryBudgetMegabytes, int maxTrackedParameters, long seed, DataOrder dataOrder, Set<Probe> probes,
                                int reservoirBatches, double reservoirMegabytes, int perExampleGradients, int hutchinsonProbes,
                                double finiteDifferenceStep, double minEffectiveSampleSize, int fullBlockMaxParameters,
                                Optional<Path> reportFile, boolean stopOnNonFinite, int closeUps,
                                boolean lossSlices) {

    /** How the observation window starts. */
    public enum WindowStart {
        /** At a given iteration. */
        ITERATION,
        /** At the start of a given epoch. */
        EPOCH,
        /** Once the smoothed loss stops falling (slope within 2 standard errors of zero). */
        AUTOMATIC
    }

    /** The probes run on a double-precision copy at the end of the window. */
    public enum Probe {
        /** Variance of minibatch gradients at fixed parameters. */
        GRADIENT_NOISE,
        /** Per-example gradient variance (micro-batches of one): the 1/B check and a sharper sigma^2_B. */
        PER_EXAMPLE_NOISE,
        /** Hutchinson estimate of the Hessian diagonal. */
        HESSIAN_DIAGONAL
    }

    /** Copies the probe set; slices exist only for close-ups. */
    public ObservatoryConfig {
        if (!(closeUps >= 0)) {
            throw new IllegalArgumentException("closeUps must be >= 0 (0 = off), was " + closeUps);
        }
        lossSlices = lossSlices && closeUps > 0;
        probes = probes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(probes));
    }
}
