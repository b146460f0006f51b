package org.sgdobservatory.listener.sample;

import java.util.Optional;

import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.stats.TraceMoments;

/**
 * How many parameters to track: at most {@code maxTrackedParameters}, and at most what the memory budget holds at
 * {@link #bytesPerTrackedParameter()} each; and the block length of the trace statistics.
 *
 * @param maxTracked the number of parameters to track at most
 * @param blockLength samples per block of the trace statistics: a window of known length is cut into 64 blocks
 *     ({@code windowIterations / every / 64} samples each), an open window starts at 1 and doubles
 * @param limit when fewer than all parameters are tracked: which limit binds and how to raise it
 */
public record TrackingPlan(long maxTracked, int blockLength, Optional<String> limit) {

    /**
     * Block capacity of the trace statistics: 64 blocks of a known window fit without coarsening (two spare slots
     * hold a remainder); an open window keeps between 33 and 66 blocks.
     */
    public static final int MAX_BLOCKS = 66;

    /** Bytes of the sample buffers per tracked parameter: theta before and after the step, the update (DOUBLE). */
    public static final int SAMPLE_BUFFER_BYTES = 3 * 8;

    /**
     * Bytes held per tracked parameter: the trace statistics plus three sample buffers (theta before and after the
     * step, the update) and the gather indices (long and int), all on the heap.
     */
    public static long bytesPerTrackedParameter() {
        return TraceMoments.bytesPerParameter(MAX_BLOCKS) + SAMPLE_BUFFER_BYTES + 12;
    }

    /** The plan for a network of {@code numParams} parameters under {@code config}. */
    public static TrackingPlan of(ObservatoryConfig config, long numParams) {
        ObservatoryConfig.Tracking t = config.tracking();
        long perParam = bytesPerTrackedParameter();
        long byMemory = Math.max(1, (long) (t.memoryBudgetMegabytes() * 1024 * 1024 / perParam));
        long max = Math.min(byMemory, t.maxTrackedParameters());
        ObservatoryConfig.Window w = config.window();
        int block = w.iterations() > 0 ? Math.max(1, w.iterations() / w.every() / 64) : 1;
        Optional<String> limit = Optional.empty();
        if (max < numParams) {
            limit = Optional.of(byMemory <= t.maxTrackedParameters()
                    ? "the memory budget of " + t.memoryBudgetMegabytes() + " MB at " + perParam
                            + " bytes per parameter (raise memoryBudgetMegabytes to track more)"
                    : "maxTrackedParameters = " + t.maxTrackedParameters() + " (raise it to track more)");
        }
        return new TrackingPlan(max, block, limit);
    }
}
