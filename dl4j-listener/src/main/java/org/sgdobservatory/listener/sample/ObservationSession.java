package org.sgdobservatory.listener.sample;

import java.util.Objects;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.SeedStream;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.FindingCode;

/**
 * Everything the listener samples from one network during training: the trace sampler, the probe reservoir and the
 * data-order fingerprints, over the network's {@link NetworkAdapter}. Created at the first training callback (DL4J
 * has initialised the updater by then). Not thread-safe.
 */
public final class ObservationSession {

    /** Examples fingerprinted at most to detect the data order. */
    public static final int FINGERPRINT_CAPACITY = 50_000;

    private final ObservatoryConfig config;
    private final NetworkAdapter adapter;
    private final TraceSampler sampler;
    private final ProbeReservoir reservoir;
    private final DataOrderDetector dataOrder;
    private INDArray labelsOfBackwardPass;

    /**
     * Sizes the tracked set and creates the samplers; adds SUBSET_TRACKED when not every parameter is tracked.
     */
    public ObservationSession(ObservatoryConfig config, NetworkAdapter adapter, Findings findings) {
        this.config = Objects.requireNonNull(config, "config");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        TrackingPlan plan = TrackingPlan.of(config, adapter.numParams());
        this.sampler = new TraceSampler(config, plan, adapter);
        plan.limit().ifPresent(limit -> findings.add(FindingCode.SUBSET_TRACKED, limit + " tracks "
                + sampler.tracked().size() + " of " + adapter.numParams() + " parameters (a seeded random subset per"
                + " layer)"));
        this.reservoir = new ProbeReservoir(config.probing(), SeedStream.RESERVOIR.seed(config.seed()), findings);
        this.dataOrder = new DataOrderDetector(SeedStream.FINGERPRINTS.seed(config.seed()), FINGERPRINT_CAPACITY);
    }

    /**
     * Remembers the labels of the current minibatch: a ComputationGraph exposes them on its output layer only during
     * the backward pass, not in {@code onGradientCalculation}.
     */
    public void rememberLabels() {
        labelsOfBackwardPass = adapter.currentLabels().orElse(null);
    }

    /**
     * Looks at the current minibatch before the step: fingerprints it while the data order is not settled and
     * offers it to the probe reservoir while the window is open (or about to open) and the probes need it.
     */
    public void observeMiniBatch(ObservationWindow window) {
        Optional<INDArray> features = adapter.currentFeatures();
        if (features.isEmpty()) {
            return;
        }
        if (dataOrder.wantsMore()) {
            dataOrder.observe(features.get());
        }
        if (needsReservoir() && window.phase() == ObservationWindow.Phase.OBSERVING) {
            Optional<INDArray> labels = adapter.currentLabels().or(() -> Optional.ofNullable(labelsOfBackwardPass));
            labels.ifPresent(l -> reservoir.offer(features.get(), l));
        }
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
        return sampler.bytesHeld() + reservoir.bytesHeld() + dataOrder.bytesHeld();
    }
}
