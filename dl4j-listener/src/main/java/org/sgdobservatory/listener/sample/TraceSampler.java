package org.sgdobservatory.listener.sample;

import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.SeedStream;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.stats.TraceMoments;

/**
 * Samples the tracked parameters: in {@code onGradientCalculation} it reads theta before the step (and, with
 * {@code stopOnNonFinite(true)}, checks the raw gradient is finite before DL4J applies it), in {@code iterationDone}
 * theta after it, giving the applied update {@code u = theta_before - theta_after}, which must be finite; both feed
 * the mergeable {@link TraceMoments} and the close-ups. When the previous iteration was sampled too (observing every
 * iteration), theta before this step is theta after that one, kept from its read: on a large network the read before
 * the step is the costly one (the forward and backward passes have pushed the parameters out of the cache), so only
 * the gradient's check, when asked for, reads the network then ({@link #unchangedSinceStep}: never on a network
 * with constraints, which DL4J applies between iterations, and only after 16 tracked values were compared with
 * what was kept, in case the user's code wrote between two {@code fit}
 * calls; otherwise the sampler, and the directions' projections, read the parameters again). It also
 * records the range of learning rates in force. Never writes to the network. Life cycle: {@link #beforeStep} then
 * {@link #afterStep} on sampled iterations. Not thread-safe.
 */
public final class TraceSampler {

    /**
     * Tracked positions compared with the parameters before the values read after the previous step are kept: each
     * isolated read of a large network costs about a microsecond here (a cache and TLB miss in a virtual machine).
     */
    static final int UNCHANGED_PROBES = 16;

    private final TrackedParameters tracked;
    private final TraceMoments moments;
    private final CloseUpRecorder closeUps;
    private final double[] thetaBefore;
    private final double[] thetaAfter;
    /** Whether a read after one step may stand for the next one's before: not when DL4J applies constraints between. */
    private final boolean keepReads;
    /**
     * Whether the raw gradient is read before the step: only with {@code stopOnNonFinite(true)}, which must stop
     * before DL4J applies a non-finite gradient. Otherwise a non-finite gradient at a tracked parameter shows as a
     * non-finite applied update there, which {@link #afterStep} finds, and the read (a cache miss per tracked
     * parameter on a large network) is saved.
     */
    private final boolean readGradient;
    private final double[] update;
    private boolean pending;
    /** The iteration whose theta after the step {@link #thetaAfter} holds, -1 when none is held. */
    private long afterIteration = -1;
    /** The iteration after whose step {@link #thetaAfter} was last read (finite or not), -1 when none. */
    private long readAfterIteration = -1;
    private long lastSampled = -1;
    /** Sampled iterations per minibatch size (few distinct sizes: the nominal one and an epoch's remainder). */
    private final java.util.Map<Integer, long[]> miniBatchSizes = new java.util.HashMap<>();
    private double learningRateMin = Double.POSITIVE_INFINITY;
    private double learningRateMax = Double.NEGATIVE_INFINITY;

    /** A sampler of the parameters {@code plan} allows, for the network behind {@code adapter}. */
    public TraceSampler(ObservatoryConfig config, TrackingPlan plan, NetworkAdapter adapter) {
        tracked = new TrackedParameters(adapter.blocks(), plan.maxTracked(), SeedStream.TRACKED_SUBSET.seed(
                config.seed()), adapter.params().dataType());
        moments = new TraceMoments(tracked.size(), plan.blockLength(), TrackingPlan.MAX_BLOCKS);
        closeUps = CloseUpRecorder.choose(tracked.slices(), config.tracking().closeUps(),
                SeedStream.CLOSE_UPS.seed(config.seed()), config.tracking().maxLag());
        thetaBefore = new double[tracked.size()];
        thetaAfter = new double[tracked.size()];
        keepReads = !adapter.constrained();
        readGradient = config.stopOnNonFinite();
        update = new double[tracked.size()];
    }

    /**
     * Whether the parameters are still those read after the step of {@code iteration - 1}: that step was sampled, the
     * network has no constraints (DL4J applies them after {@code iterationDone}), and {@value #UNCHANGED_PROBES}
     * tracked values spread over the network match what was read (the user's code may write between two {@code fit}
     * calls).
     */
    boolean unchangedSinceStep(NetworkAdapter adapter, long iteration) {
        return keepReads && afterIteration >= 0 && afterIteration == iteration - 1
                && tracked.unchangedAt(adapter.params(), thetaAfter, UNCHANGED_PROBES);
    }

    /**
     * Reads theta before the step (or takes what was read after the previous step) and checks theta, and the raw
     * gradient when it is read, are finite.
     *
     * @param unchanged {@link #unchangedSinceStep} for this iteration
     * @return false when a tracked value is NaN or infinite (the sample is skipped)
     */
    boolean beforeStep(NetworkAdapter adapter, boolean unchanged) {
        miniBatchSizes.computeIfAbsent(adapter.miniBatchSize(), k -> new long[1])[0]++;
        if (unchanged) {
            // finite: a non-finite theta after the step would have made that update non-finite, and none was kept
            System.arraycopy(thetaAfter, 0, thetaBefore, 0, thetaBefore.length);
            pending = !readGradient || tracked.allFinite(adapter.gradientView());
        } else if (readGradient) {
            pending = tracked.gatherChecked(adapter.params(), adapter.gradientView(), thetaBefore);
        } else {
            pending = tracked.gatherChecked(adapter.params(), thetaBefore);
        }
        afterIteration = -1;
        return pending;
    }

    /**
     * Reads theta after the step and adds the sample, when {@link #beforeStep} took one this iteration.
     *
     * @param iteration the listener's iteration index
     * @param dl4jIteration DL4J's iteration counter (for learning-rate schedules)
     * @param epoch DL4J's epoch counter
     * @return false when the applied update is NaN or infinite (the sample is skipped)
     */
    public boolean afterStep(NetworkAdapter adapter, long iteration, int dl4jIteration, int epoch) {
        if (!pending) {
            return true;
        }
        pending = false;
        boolean finite = tracked.updateSince(thetaBefore, adapter.params(), update, thetaAfter);
        readAfterIteration = iteration;
        if (!finite) {
            return false;
        }
        afterIteration = iteration;
        moments.add(thetaBefore, update);
        closeUps.record(iteration, thetaBefore);
        lastSampled = iteration;
        for (ParameterBlock blk : adapter.blocks()) {
            double lr = adapter.learningRate(blk, dl4jIteration, epoch);
            if (Double.isFinite(lr)) {
                learningRateMin = Math.min(learningRateMin, lr);
                learningRateMax = Math.max(learningRateMax, lr);
            }
        }
        return true;
    }

    /**
     * The whole parameter vector as the last {@link #beforeStep} read it (or kept it from the previous step), finite or
     * not, when every parameter is tracked; null otherwise. The array is the sampler's own: read it before the next
     * sampled step.
     */
    double[] everyParameterBefore() {
        return tracked.all() ? thetaBefore : null;
    }

    /**
     * The whole parameter vector as {@link #afterStep} read it after the step of {@code iteration}, when every
     * parameter is tracked and it read them then (finite or not); null otherwise. The array is the sampler's own.
     */
    double[] everyParameterAfter(long iteration) {
        return tracked.all() && readAfterIteration == iteration ? thetaAfter : null;
    }

    /** The tracked parameters. */
    public TrackedParameters tracked() {
        return tracked;
    }

    /** The trace statistics. */
    public TraceMoments moments() {
        return moments;
    }

    /** The close-ups' traces. */
    public CloseUpRecorder closeUps() {
        return closeUps;
    }

    /** The last sampled iteration, -1 before the first. */
    public long lastSampled() {
        return lastSampled;
    }

    /**
     * The training minibatch size B of the window: the most frequent size among the sampled iterations (the larger one
     * on a tie), so that an epoch's shorter last minibatch does not set the B of the predictions; 0 before the first
     * sample.
     */
    public int miniBatchSize() {
        int best = 0;
        long count = -1;
        for (var e : miniBatchSizes.entrySet()) {
            if (e.getValue()[0] > count || (e.getValue()[0] == count && e.getKey() > best)) {
                best = e.getKey();
                count = e.getValue()[0];
            }
        }
        return best;
    }

    /** Sampled iterations per minibatch size, in increasing size (one entry when the size never varied). */
    public java.util.SortedMap<Integer, Long> miniBatchSizeCounts() {
        java.util.SortedMap<Integer, Long> out = new java.util.TreeMap<>();
        miniBatchSizes.forEach((size, count) -> out.put(size, count[0]));
        return out;
    }

    /** Smallest learning rate in force at a sample (any block); NaN before the first. */
    public double learningRateMin() {
        return learningRateMin <= learningRateMax ? learningRateMin : Double.NaN;
    }

    /** Largest learning rate in force at a sample (any block); NaN before the first. */
    public double learningRateMax() {
        return learningRateMin <= learningRateMax ? learningRateMax : Double.NaN;
    }

    /** Bytes held: statistics, buffers, indices, close-ups. */
    public long bytesHeld() {
        return tracked.bytesHeld() + (long) TrackingPlan.SAMPLE_BUFFER_BYTES * tracked.size()
                + moments.bytesPerParameter() * moments.size()
                + closeUps.bytesHeld();
    }
}
