package org.sgdobservatory.listener.sample;

import java.util.Objects;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.Rehearsal;
import org.sgdobservatory.listener.SeedStream;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.RandomStateScope;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.FindingCode;

/**
 * Everything the listener samples from one network during training: the trace sampler, the probe reservoir and the
 * data-order fingerprints, over the network's {@link NetworkAdapter}. Created at the first training callback (DL4J
 * has initialised the updater by then). Not thread-safe.
 */
public final class ObservationSession {

    /** Examples fingerprinted at most to detect the data order. */
    public static final int FINGERPRINT_CAPACITY = 1 << 18;

    private final ObservatoryConfig config;
    private final NetworkAdapter adapter;
    private final TraceSampler sampler;
    private final ProbeReservoir reservoir;
    private final DataOrderDetector dataOrder;
    private final Findings findings;
    private final int blockLength;
    private final IterationClock clock = new IterationClock();
    private INDArray labelsOfBackwardPass;
    private Optional<DirectionSampler> directions = Optional.empty();
    private boolean directionsTried;
    private boolean rehearsalOffered;

    /**
     * Sizes the tracked set and creates the samplers; adds SUBSET_TRACKED when not every parameter is tracked.
     */
    public ObservationSession(ObservatoryConfig config, NetworkAdapter adapter, Findings findings) {
        this.config = Objects.requireNonNull(config, "config");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.findings = findings;
        TrackingPlan plan = TrackingPlan.of(config, adapter.numParams());
        this.blockLength = plan.blockLength();
        this.sampler = new TraceSampler(config, plan, adapter);
        plan.limit().ifPresent(limit -> findings.add(FindingCode.SUBSET_TRACKED, limit + " tracks "
                + sampler.tracked().size() + " of " + adapter.numParams() + " parameters (a seeded random subset per"
                + " layer)"));
        this.reservoir = new ProbeReservoir(config.probing(), SeedStream.RESERVOIR.seed(config.seed()), findings);
        this.dataOrder = new DataOrderDetector(SeedStream.FINGERPRINTS.seed(config.seed()), FINGERPRINT_CAPACITY);
    }

    /**
     * Remembers the labels of the current minibatch: a ComputationGraph exposes them on its output layer only during
     * the backward pass, not in {@code onGradientCalculation}. Only while the reservoir may keep the
     * minibatch (the window is open or opens with this iteration).
     */
    public void rememberLabels(ObservationWindow window) {
        boolean mayKeep = needsReservoir() && window.phase() != ObservationWindow.Phase.FINISHED && window.within(1);
        labelsOfBackwardPass = mayKeep ? adapter.currentLabels().orElse(null) : null;
    }

    /**
     * Looks at the current minibatch before the step: the data-order detector sees it (it fingerprints it until the
     * order is established), and it is offered to the probe reservoir while the window is open and the probes need
     * it; the window's first one is offered to the JVM's {@link Rehearsal}.
     */
    public void observeMiniBatch(ObservationWindow window) {
        Optional<INDArray> features = adapter.currentFeatures();
        if (features.isEmpty()) {
            return;
        }
        dataOrder.observe(features.get());
        boolean reservoirWants = needsReservoir();
        boolean rehearsalWants = config.rehearse() && !rehearsalOffered;
        if (window.phase() != ObservationWindow.Phase.OBSERVING || !reservoirWants && !rehearsalWants) {
            return;
        }
        Optional<INDArray> labels = adapter.currentLabels().or(() -> Optional.ofNullable(labelsOfBackwardPass));
        if (reservoirWants) {
            labels.ifPresent(l -> reservoir.offer(features.get(), l));
        }
        if (rehearsalWants) {
            rehearsalOffered = true;
            labels.ifPresent(l -> Rehearsal.maybeStart(config, adapter, features.get(), l));
        }
    }

    /**
     * Finds the eigen-directions once the window has its first minibatches (the reservoir's first
     * {@link #BASIS_BATCHES}, or the user's probe data), on an independent copy of the network; from then on every
     * sampled step also samples the projections.
     *
     * @param window the window (observing)
     * @param dl4jIteration DL4J's iteration
     * @param epoch DL4J's epoch
     */
    public void maybeFindDirections(ObservationWindow window, int dl4jIteration, int epoch) {
        if (directionsTried || config.spectral().directions() == 0 || window.phase() != ObservationWindow.Phase.OBSERVING) {
            return;
        }
        Optional<MiniBatch> examples = config.probing().probeData()
                .map(d -> new MiniBatch(d.getFeatures(), d.getLabels()));
        if (examples.isEmpty()) {
            java.util.List<MiniBatch> offered = reservoir.batches();
            if (offered.size() < Math.min(BASIS_BATCHES, config.probing().reservoirBatches())) {
                return;
            }
            // one example shape: an epoch's shorter last minibatch or sequences of another length are left out
            java.util.List<MiniBatch> kept = MiniBatch.sameShape(offered, sampler.miniBatchSize());
            if (kept.size() < 2) {
                directionsTried = true;
                findings.add(FindingCode.DIRECTIONS_SKIPPED, "fewer than 2 of the first " + offered.size()
                        + " kept training minibatches share one shape (B = " + sampler.miniBatchSize() + ", e.g."
                        + " sequences of varying length): the eigen-directions were not looked for; give probeData(...)"
                        + " of one shape");
                return;
            }
            examples = Optional.of(MiniBatch.concat(kept));
        }
        directionsTried = true;
        long every = config.window().every();
        long first = window.startIteration() + (window.iteration() - window.startIteration() + every - 1) / every * every;
        // during training: the probe copy's passes must not advance the generator training draws dropout masks from
        try (RandomStateScope scope = RandomStateScope.seeded(SeedStream.PROBE_PASSES.seed(config.seed()))) {
            directions = org.sgdobservatory.listener.probe.SpectralProbe.solve(config, adapter, examples.get(),
                    window.iteration(), dl4jIteration, epoch, SeedStream.DIRECTIONS.seed(config.seed()), findings)
                    .map(b -> DirectionSampler.start(b, adapter.params(), config.spectral().every(),
                            config.window().every(), clock::medianSeconds, first, blockLength, TrackingPlan.MAX_BLOCKS));
        } finally {
            RandomStateScope.releaseNativeGarbage();
        }
    }

    /** Minibatches of the window the eigen-directions are found on. */
    public static final int BASIS_BATCHES = 16;

    /**
     * Reads the tracked parameters (and the projections, when there are directions and they sample this iteration)
     * before the step of {@code iteration}, or keeps what was read after the previous step when the parameters are
     * still those ({@code TraceSampler#unchangedSinceStep}). When every parameter is tracked, the projections take the
     * values the sampler read rather than reading the network again, before and after the step.
     *
     * @return false when a tracked value is NaN or infinite
     */
    public boolean beforeStep(long iteration) {
        boolean unchanged = sampler.unchangedSinceStep(adapter, iteration);
        boolean finite = sampler.beforeStep(adapter, unchanged);
        directions.ifPresent(d -> d.beforeStep(adapter, iteration, unchanged, sampler.everyParameterBefore()));
        return finite;
    }

    /**
     * Reads them after the step and adds the samples.
     *
     * @return false when an applied update is NaN or infinite
     */
    public boolean afterStep(long iteration, int dl4jIteration, int epoch) {
        clock.tick();
        boolean samplesOk = sampler.afterStep(adapter, iteration, dl4jIteration, epoch);
        boolean directionsOk = directions.map(d -> d.afterStep(adapter, iteration,
                sampler.everyParameterAfter(iteration))).orElse(true);
        return samplesOk && directionsOk;
    }

    /**
     * The iteration of a sample whose directions' projection, made in the background, was not finite, reported once
     * ({@link DirectionSampler#nonFinite}).
     *
     * @param wait whether to wait for a projection still running (at the window's end)
     */
    public java.util.OptionalLong directionsNonFinite(boolean wait) {
        return directions.isPresent() ? directions.get().nonFinite(wait) : java.util.OptionalLong.empty();
    }

    /** The eigen-directions' sampler, once they were found. */
    public Optional<DirectionSampler> directions() {
        return directions;
    }

    private boolean needsReservoir() {
        return config.probing().probeData().isEmpty() && !config.probing().probes().isEmpty();
    }

    /** The network. */
    public NetworkAdapter adapter() {
        return adapter;
    }

    /** The trace sampler. */
    public TraceSampler sampler() {
        return sampler;
    }

    /** The probe reservoir. */
    public ProbeReservoir reservoir() {
        return reservoir;
    }

    /** The data-order fingerprints. */
    public DataOrderDetector dataOrder() {
        return dataOrder;
    }

    /** Bytes held by the session's statistics, buffers and copies. */
    public long bytesHeld() {
        return sampler.bytesHeld() + reservoir.bytesHeld() + dataOrder.bytesHeld()
                + directions.map(DirectionSampler::bytesHeld).orElse(0L);
    }
}
