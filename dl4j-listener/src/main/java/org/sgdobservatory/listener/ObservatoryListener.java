package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.ObservatoryConfig.Probe;
import org.sgdobservatory.listener.ObservatoryConfig.WindowStart;
import org.sgdobservatory.listener.adapter.LiveNetworkState;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.probe.MiniBatch;
import org.sgdobservatory.listener.report.Finding;
import org.sgdobservatory.listener.report.ObservatoryReport;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Deeplearning4j {@code TrainingListener} that observes the stationary phase of training and compares
 * the spread of every tracked parameter with the theory of SGD noise.
 *
 * <p>Per iteration inside the window it reads, in {@code onGradientCalculation}, the parameters before the
 * step and the raw minibatch gradient (DL4J's sum, divided by B: DL4J-FACTS 2), and in
 * {@code iterationDone} the parameters after it, giving the applied update
 * {@code u = theta_before - theta_after}; these feed {@link TraceMoments}. It never writes to the
 * network, its gradient or ND4J's global random generator, so attaching it does not change training
 * (a test checks bitwise identity). At the end of the window (or on {@link #report()}) it runs probes on
 * a double-precision copy and assembles an {@link ObservatoryReport}.
 *
 * <p>Data problems (NaN gradients, drift, too few samples) become findings; nothing is thrown inside a
 * callback except on misuse (a second network on one listener) or when the user asked for it
 * ({@link Builder#stopOnNonFinite(boolean)}).
 *
 * <p>Not thread-safe: attach one instance to one network trained on one thread.
 */
public final class ObservatoryListener extends BaseTrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ObservatoryListener.class);
    private static final int MAX_LOGGED_ERRORS = 5;
    /**
     * Block capacity of the trace statistics: a window of known length is cut into 64 blocks
     * ({@code windowIterations / every / 64} samples each), which fit without coarsening (two spare slots
     * hold a remainder); an open window keeps between 33 and 66 blocks.
     */
    private static final int MAX_BLOCKS = 66;

    /** Default of {@link Builder#maxTrackedParameters(int)}. */
    static final int DEFAULT_MAX_TRACKED = 32_768;

    private final ObservatoryConfig config;
    private final Optional<DataSet> probeData;
    private final StationaryPredictor predictor;
    private final int finishAfterEpochs;

    private Model model;
    private NetworkAdapter adapter;
    private TrackedParameters tracked;
    private TraceMoments moments;
    private CloseUpRecorder closeUps;
    private double[] thetaBefore;
    private double[] update;
    private boolean pendingSample;
    private INDArray labelsOfBackwardPass;
    private boolean inert;

    private final LossSlopeDetector slope = new LossSlopeDetector(20, 10);
    private final DataOrderDetector dataOrder;
    private final Deque<MiniBatch> reservoir = new ArrayDeque<>();
    /** Minibatches the reservoir may hold (set by the largest minibatch seen) and that minibatch's bytes. */
    private int reservoirCapacity;
    private long largestReservoirBatch;
    private final List<Finding> findings = new ArrayList<>();

    private long iteration;
    private int epochsDone;
    private int lastDl4jIteration;
    private int lastDl4jEpoch;
    private long startIteration = -1;
    private long lastObserved = -1;
    private String startReason = "";
    private boolean finished;
    private int miniBatchSize;
    private double learningRateMin = Double.POSITIVE_INFINITY;
    private double learningRateMax = Double.NEGATIVE_INFINITY;
    private long nonFiniteSamples;
    private long nanosCallbacks;
    private long nanosProbes;
    private long callbacks;
    private int loggedErrors;
    private ObservatoryReport lastReport;
    private RuntimeException assemblyFailure;

    private ObservatoryListener(Builder b) {
        this.config = b.toConfig();
        this.probeData = Optional.ofNullable(b.probeData);
        this.predictor = b.predictor;
        this.finishAfterEpochs = b.finishAfterEpochs;
        this.dataOrder = new DataOrderDetector(config.seed() ^ 0x5DEECE66DL, 50_000);
    }

    /** A builder with the defaults described on each method. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration. */
    public ObservatoryConfig config() {
        return config;
    }

    /**
     * Validates that {@code net} can be observed and adds this listener to it (keeping its other listeners).
     *
     * @throws IllegalArgumentException with a clear message when the network cannot be observed (wrong type,
     *     no trainable parameters)
     */
    public ObservatoryListener attachTo(Model net) {
        NetworkAdapter probe = NetworkAdapter.of(net);
        Objects.requireNonNull(probe);
        net.addListeners(this);
        return this;
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Remembers the labels of the current minibatch: a ComputationGraph exposes them on its output layer
     * only during the backward pass, not in {@code onGradientCalculation} (pinned in Dl4jFactsTest).
     */
    @Override
    public void onBackwardPass(Model m) {
        if (!inert && adapter != null && m == model) {
            labelsOfBackwardPass = adapter.currentLabels().orElse(null);
        } else if (!inert && adapter == null) {
            try {
                labelsOfBackwardPass = NetworkAdapter.of(m).currentLabels().orElse(null);
            } catch (RuntimeException e) {
                labelsOfBackwardPass = null;
            }
        }
    }

    @Override
    public void onGradientCalculation(Model m) {
        long t0 = System.nanoTime();
        try {
            if (!ensureAttached(m)) {
                return;
            }
            observeMiniBatch();
            maybeStart();
            if (startIteration >= 0 && !finished && (iteration - startIteration) % config.every() == 0) {
                miniBatchSize = adapter.miniBatchSize();
                // checked here, before DL4J applies the step, so stopOnNonFinite stops with the parameters intact
                if (tracked.gatherChecked(adapter.params(), adapter.gradientView(), thetaBefore)) {
                    pendingSample = true;
                } else {
                    nonFinite("gradient or parameters before the step");
                }
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            failSoftly(e);
        } finally {
            nanosCallbacks += System.nanoTime() - t0;
            callbacks++;
        }
    }

    @Override
    public void iterationDone(Model m, int dl4jIteration, int epoch) {
        long t0 = System.nanoTime();
        boolean finishNow = false;
        try {
            if (!ensureAttached(m)) {
                return;
            }
            lastDl4jIteration = dl4jIteration;
            lastDl4jEpoch = epoch;
            if (pendingSample) {
                pendingSample = false;
                if (tracked.updateSince(thetaBefore, adapter.params(), update)) {
                    moments.add(thetaBefore, update);
                    closeUps.record(iteration, thetaBefore);
                    lastObserved = iteration;
                    for (ParameterBlock blk : adapter.blocks()) {
                        double lr = adapter.learningRate(blk, dl4jIteration, epoch);
                        if (Double.isFinite(lr)) {
                            learningRateMin = Math.min(learningRateMin, lr);
                            learningRateMax = Math.max(learningRateMax, lr);
                        }
                    }
                } else {
                    nonFinite("applied update");
                }
            }
            if (startIteration < 0 && config.windowStart() == WindowStart.AUTOMATIC
                    && slope.addAndTest(m.score())) {
                startIteration = iteration + 1;
                startReason = "automatic: the smoothed loss stopped falling (slope within 2 standard errors of 0)"
                        + " at iteration " + iteration;
            }
            iteration++;
            finishNow = startIteration >= 0 && !finished && config.windowIterations() > 0
                    && iteration - startIteration >= config.windowIterations();
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            failSoftly(e);
        } finally {
            nanosCallbacks += System.nanoTime() - t0;
            callbacks++;
        }
        if (finishNow) {
            finish("window end after " + config.windowIterations() + " iterations", true);
        }
    }

    @Override
    public void onEpochEnd(Model m) {
        epochsDone++;
        dataOrder.epochEnded();
        if (!finished && adapter != null && m == model && finishAfterEpochs > 0 && epochsDone >= finishAfterEpochs) {
            finish("training end after epoch " + (epochsDone - 1), true);
        }
    }

    // ------------------------------------------------------------------ reporting

    /**
     * Finalises now (on demand, e.g. after {@code fit} returned) unless the window already ended, and
     * returns the report.
     *
     * @throws IllegalStateException when no training iteration was seen yet
     */
    public ObservatoryReport report() {
        if (finished) {
            if (lastReport == null) {
                throw new IllegalStateException("SGD Observatory failed to assemble its report at the end of the"
                        + " window: " + assemblyFailure, assemblyFailure);
            }
            return lastReport;
        }
        if (adapter == null) {
            throw new IllegalStateException("the listener has seen no training iteration yet: attach it with "
                    + "net.addListeners(listener) (or listener.attachTo(net)) and call fit before report()"
                    + (inert ? "; it was disabled: " + findings : ""));
        }
        finish("on demand after " + iteration + " iterations", false);
        return lastReport;
    }

    /** The report of the last finalisation, if any. */
    public Optional<ObservatoryReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /**
     * Finalises: probes, report, file, summary. From a training callback a failure is logged and recorded,
     * never thrown (training goes on); {@link #report()} then explains it.
     */
    private void finish(String endReason, boolean fromCallback) {
        long t0 = System.nanoTime();
        finished = true;
        try {
            if (startIteration >= 0 && config.windowIterations() > 0
                    && iteration - startIteration < config.windowIterations()) {
                findings.add(new Finding(Finding.Severity.WARNING, "WINDOW_LONGER_THAN_TRAINING",
                        "the window of " + config.windowIterations() + " iterations starting at iteration "
                                + startIteration + " is longer than the training seen: only "
                                + (iteration - startIteration) + " iterations were observed; shorten"
                                + " windowIterations or train longer"));
            }
            LiveNetworkState before = LiveNetworkState.of(adapter);
            ReportAssembler assembler = new ReportAssembler(config, adapter, tracked, moments, predictor,
                    probeData, List.copyOf(reservoir), dataOrder, closeUps, findings);
            lastReport = assembler.assemble(new ReportAssembler.RunFacts(startIteration, lastObserved, startReason,
                    endReason, miniBatchSize, learningRateMin, learningRateMax, lastDl4jIteration, lastDl4jEpoch,
                    nanosCallbacks, System.nanoTime() - t0 + nanosProbes, callbacks, bytesHeld()));
            lastReport = checkUntouched(before, lastReport);
            nanosProbes += System.nanoTime() - t0;
            config.reportFile().ifPresent(this::write);
            ReportAssembler.logSummary(lastReport, LOG);
        } catch (RuntimeException | OutOfMemoryError e) {
            assemblyFailure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            LOG.error("SGD Observatory could not assemble its report; training is not affected", e);
            if (!fromCallback) {
                throw new IllegalStateException("SGD Observatory could not assemble its report: " + e, e);
            }
        }
    }

    /**
     * Compares the training network with its fingerprint from before the probes. ND4J's random generator state
     * is restored if it moved; any other difference is an ERROR finding (it would be a bug of the observatory).
     */
    private ObservatoryReport checkUntouched(LiveNetworkState before, ObservatoryReport report) {
        LiveNetworkState after = LiveNetworkState.of(adapter);
        String changed = after.differencesFrom(before);
        if (changed.isEmpty()) {
            return report;
        }
        if (after.randomRootState() != before.randomRootState() || after.randomNodeState() != before.randomNodeState()) {
            org.nd4j.linalg.factory.Nd4j.getRandom().setStates(before.randomRootState(), before.randomNodeState());
        }
        LOG.error("SGD Observatory: the training network changed while the report was assembled ({}); please"
                + " report this as a bug", changed);
        return report.withFinding(new Finding(Finding.Severity.ERROR, "NETWORK_ALTERED", "the training network's "
                + changed + " changed while the observatory assembled its report (the random generator state, if"
                + " listed, was restored); this is a bug of the observatory, please report it with this report"));
    }

    private void write(Path path) {
        try {
            new org.sgdobservatory.listener.report.ReportWriter().write(lastReport, path);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("SGD Observatory could not write its report to {}: {}", path, e.toString());
        }
    }

    // ------------------------------------------------------------------ internals

    private boolean ensureAttached(Model m) {
        if (inert) {
            return false;
        }
        if (model == null) {
            try {
                adapter = NetworkAdapter.of(m);
            } catch (IllegalArgumentException e) {
                inert = true;
                findings.add(new Finding(Finding.Severity.ERROR, "NOT_OBSERVABLE", e.getMessage()));
                LOG.error("SGD Observatory disabled itself: {}", e.getMessage());
                return false;
            }
            model = m;
            setUp();
        } else if (model != m) {
            throw new IllegalStateException("this ObservatoryListener already observes another network ("
                    + adapter + "); create one listener per network");
        }
        return true;
    }

    private void setUp() {
        long perParam = bytesPerTrackedParameter();
        long byMemory = Math.max(1, (long) (config.memoryBudgetMegabytes() * 1024 * 1024 / perParam));
        long maxTracked = Math.min(byMemory, config.maxTrackedParameters());
        tracked = new TrackedParameters(adapter.blocks(), maxTracked, config.seed(), adapter.params().dataType());
        if (tracked.size() < adapter.numParams()) {
            String limit = byMemory <= config.maxTrackedParameters()
                    ? "the memory budget of " + config.memoryBudgetMegabytes() + " MB at " + perParam
                            + " bytes per parameter" : "maxTrackedParameters = " + config.maxTrackedParameters();
            findings.add(new Finding(Finding.Severity.INFO, "SUBSET_TRACKED", limit + " tracks " + tracked.size()
                    + " of " + adapter.numParams() + " parameters (seeded random subset per layer); raise "
                    + (byMemory <= config.maxTrackedParameters() ? "memoryBudgetMegabytes" : "maxTrackedParameters")
                    + " to track more"));
        }
        int block = config.windowIterations() > 0
                ? Math.max(1, config.windowIterations() / config.every() / 64) : 1;
        moments = new TraceMoments(tracked.size(), block, MAX_BLOCKS);
        closeUps = CloseUpRecorder.choose(tracked.slices(), config.closeUps(), config.seed(), config.maxLag());
        thetaBefore = new double[tracked.size()];
        update = new double[tracked.size()];
        LOG.info("SGD Observatory attached to {}: tracking {} of {} parameters", adapter, tracked.size(),
                adapter.numParams());
    }

    private void maybeStart() {
        if (startIteration >= 0) {
            return;
        }
        if (config.windowStart() == WindowStart.ITERATION && iteration >= config.startAt()) {
            startIteration = iteration;
            startReason = "user: start at iteration " + config.startAt();
        } else if (config.windowStart() == WindowStart.EPOCH && epochsDone >= config.startAt()) {
            startIteration = iteration;
            startReason = "user: start at epoch " + config.startAt();
        }
    }

    private void observeMiniBatch() {
        Optional<INDArray> features = adapter.currentFeatures();
        if (features.isEmpty()) {
            return;
        }
        if (dataOrder.wantsMore()) {
            dataOrder.observe(features.get());
        }
        boolean near = startIteration >= 0 || config.windowStart() != WindowStart.ITERATION
                || iteration + 2L * config.reservoirBatches() >= config.startAt();
        long stride = config.windowIterations() > 0
                ? Math.max(1, config.windowIterations() / config.reservoirBatches()) : 1;
        if (!finished && near && iteration % stride == 0 && needsReservoir()) {
            Optional<INDArray> labels = adapter.currentLabels().or(() -> Optional.ofNullable(labelsOfBackwardPass));
            int capacity = labels.isPresent() ? reservoirCapacity(features.get(), labels.get()) : -1;
            // a larger minibatch lowers the capacity; below 2 nothing is kept
            while (capacity >= 0 && reservoir.size() > (capacity >= 2 ? capacity : 0)) {
                reservoir.removeFirst();
            }
            if (capacity >= 2) {
                // a full reservoir recycles the batch it evicts (its arrays are overwritten, no allocation)
                reservoir.addLast(reservoir.size() == capacity
                        ? reservoir.removeFirst().refill(features.get(), labels.get())
                        : new MiniBatch(features.get(), labels.get()));
            }
        }
    }

    /**
     * How many minibatches like this one the reservoir may hold: {@code reservoirBatches}, or fewer when their
     * DOUBLE copies would exceed {@code reservoirMegabytes} (sized by the largest minibatch seen). Reports the
     * limit once as a finding.
     */
    private int reservoirCapacity(INDArray features, INDArray labels) {
        long bytes = 8L * (features.length() + labels.length());
        if (bytes > largestReservoirBatch) {
            largestReservoirBatch = bytes;
            long budget = (long) (config.reservoirMegabytes() * 1024 * 1024);
            reservoirCapacity = (int) Math.min(config.reservoirBatches(), budget / bytes);
            String each = String.format(java.util.Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
            if (reservoirCapacity < 2) {
                findings.removeIf(f -> f.code().equals("RESERVOIR_LIMITED"));
                findings.add(new Finding(Finding.Severity.WARNING, "RESERVOIR_OVER_BUDGET", "a training minibatch"
                        + " takes " + each + " as the probes' DOUBLE copy, so reservoirMegabytes = "
                        + config.reservoirMegabytes() + " holds fewer than the 2 the noise probe needs: no minibatches"
                        + " are kept and the probes are skipped; raise reservoirMegabytes to at least "
                        + String.format(java.util.Locale.ROOT, "%.2f", 2 * bytes / (1024.0 * 1024.0))
                        + " or give probeData(...)"));
            } else if (reservoirCapacity < config.reservoirBatches()) {
                findings.removeIf(f -> f.code().equals("RESERVOIR_LIMITED"));
                findings.add(new Finding(Finding.Severity.INFO, "RESERVOIR_LIMITED", "the probe reservoir keeps "
                        + reservoirCapacity + " of reservoirBatches = " + config.reservoirBatches() + " minibatches ("
                        + each + " each as DOUBLE copies) within reservoirMegabytes = " + config.reservoirMegabytes()
                        + "; the minibatch noise comes from " + reservoirCapacity + " minibatches (relative standard"
                        + " error sqrt(2/(K-1)) = " + String.format(java.util.Locale.ROOT, "%.2f",
                        Math.sqrt(2.0 / (reservoirCapacity - 1))) + ")"));
            }
        }
        return reservoirCapacity;
    }

    private boolean needsReservoir() {
        return probeData.isEmpty() && !config.probes().isEmpty();
    }

    private void nonFinite(String what) {
        nonFiniteSamples++;
        if (nonFiniteSamples == 1) {
            findings.add(new Finding(Finding.Severity.ERROR, "NON_FINITE_GRADIENT", "NaN or infinite " + what
                    + " first seen at iteration " + iteration + "; such samples are excluded from the statistics"
                    + " (lower the learning rate or check the data for NaN)"));
            LOG.warn("SGD Observatory: NaN/Infinite {} at iteration {}; sample skipped", what, iteration);
        }
        if (config.stopOnNonFinite()) {
            throw new IllegalStateException("SGD Observatory: NaN or infinite " + what + " at iteration "
                    + iteration + " and stopOnNonFinite(true) was requested");
        }
    }

    private void failSoftly(RuntimeException e) {
        if (loggedErrors++ < MAX_LOGGED_ERRORS) {
            LOG.error("SGD Observatory failed inside a callback; it disables itself, training continues", e);
        }
        findings.add(new Finding(Finding.Severity.ERROR, "LISTENER_FAILURE", e.toString()));
        inert = true;
    }

    /**
     * Bytes held per tracked parameter: the trace statistics plus two sample buffers (theta before the step and the
     * update) and the gather indices (long and int), all on the heap.
     */
    static long bytesPerTrackedParameter() {
        return TraceMoments.bytesPerParameter(MAX_BLOCKS) + 2 * 8 + 12;
    }

    /** Number of samples that were NaN/Infinite and excluded. */
    public long nonFiniteSamples() {
        return nonFiniteSamples;
    }

    private long bytesHeld() {
        long b = tracked == null ? 0 : tracked.bytesHeld() + 16L * tracked.size();
        if (moments != null) {
            b += moments.bytesPerParameter() * moments.size();
        }
        for (MiniBatch mb : reservoir) {
            b += mb.bytes();
        }
        return b + dataOrder.bytesHeld() + (closeUps == null ? 0 : closeUps.bytesHeld());
    }

    @Override
    public String toString() {
        return "ObservatoryListener[" + config.windowStart() + (config.windowStart() == WindowStart.AUTOMATIC ? ""
                : " " + config.startAt()) + ", window " + config.windowIterations() + ", every " + config.every()
                + (finished ? ", finished" : startIteration >= 0 ? ", observing" : ", waiting") + "]";
    }

    /**
     * Builds an {@link ObservatoryListener}. Every setter validates its argument and names the remedy.
     * Defaults: automatic start, open window (until {@link ObservatoryListener#report()}), every iteration,
     * maxLag 32, 64 MB, at most 32 768 tracked parameters, seed 12345, detected data order, all probes, 64 reservoir
     * minibatches within 64 MB, 512 per-example gradients, 32 Hutchinson probes, step 6e-6, minimum ESS 20, 6
     * close-ups with loss slices.
     */
    public static final class Builder {
        private WindowStart windowStart = WindowStart.AUTOMATIC;
        private int startAt;
        private int windowIterations;
        private int every = 1;
        private int maxLag = 32;
        private double memoryBudgetMegabytes = 64;
        private int maxTrackedParameters = DEFAULT_MAX_TRACKED;
        private long seed = 12345;
        private DataOrder dataOrder = DataOrder.UNKNOWN;
        private EnumSet<Probe> probes = EnumSet.allOf(Probe.class);
        private int reservoirBatches = 64;
        private double reservoirMegabytes = 64;
        private int perExampleGradients = 512;
        private int hutchinsonProbes = 32;
        private double finiteDifferenceStep = 6e-6;
        private double minEffectiveSampleSize = 20;
        private Path reportFile;
        private boolean stopOnNonFinite;
        private long expectedTrainingIterations;
        private DataSet probeData;
        private StationaryPredictor predictor = new SimCorePredictor();
        private int finishAfterEpochs;
        private int fullBlockMaxParameters;
        private int closeUps = 6;
        private boolean lossSlices = true;

        private Builder() {
        }

        /** Starts observing at iteration {@code iteration} (0-based). */
        public Builder startAtIteration(int iteration) {
            if (!(iteration >= 0)) {
                throw new IllegalArgumentException("startAtIteration must be >= 0, was " + iteration);
            }
            this.windowStart = WindowStart.ITERATION;
            this.startAt = iteration;
            return this;
        }

        /** Starts observing at the first iteration of epoch {@code epoch} (0-based). */
        public Builder startAtEpoch(int epoch) {
            if (!(epoch >= 0)) {
                throw new IllegalArgumentException("startAtEpoch must be >= 0, was " + epoch);
            }
            this.windowStart = WindowStart.EPOCH;
            this.startAt = epoch;
            return this;
        }

        /** Starts once the smoothed loss stops falling (the default). */
        public Builder startAutomatically() {
            this.windowStart = WindowStart.AUTOMATIC;
            this.startAt = 0;
            return this;
        }

        /** Observes for {@code iterations} iterations, then finalises (0 = until report()). */
        public Builder windowIterations(int iterations) {
            if (!(iterations >= 0)) {
                throw new IllegalArgumentException("windowIterations must be >= 0 (0 = until report()), was "
                        + iterations);
            }
            this.windowIterations = iterations;
            return this;
        }

        /** Observes every {@code k}-th iteration (k >= 1). */
        public Builder every(int k) {
            if (!(k >= 1)) {
                throw new IllegalArgumentException("every must be >= 1 iteration, was " + k);
            }
            this.every = k;
            return this;
        }

        /**
         * Largest lag of the close-ups' autocorrelation plots (1..1024). Autocorrelation times of every tracked
         * parameter come from multi-level batch means, which need no lags.
         */
        public Builder maxLag(int lag) {
            if (!(lag >= 1 && lag <= 1024)) {
                throw new IllegalArgumentException("maxLag must be in 1..1024, was " + lag
                        + "; it sets only the close-ups' autocorrelation plots");
            }
            this.maxLag = lag;
            return this;
        }

        /** Memory budget in MB for per-parameter statistics; caps tracked parameters per layer. */
        public Builder memoryBudgetMegabytes(double megabytes) {
            if (!(megabytes > 0 && Double.isFinite(megabytes))) {
                throw new IllegalArgumentException("memoryBudgetMegabytes must be finite and > 0, was " + megabytes);
            }
            this.memoryBudgetMegabytes = megabytes;
            return this;
        }

        /** Seed for the tracked subset, fingerprints and probe vectors. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** States the data order instead of detecting it ({@link DataOrder#UNKNOWN} = detect). */
        public Builder dataOrder(DataOrder order) {
            this.dataOrder = Objects.requireNonNull(order, "dataOrder");
            return this;
        }

        /** The probes to run (none: observe only, no predictions). */
        public Builder probes(Probe... which) {
            this.probes = which.length == 0 ? EnumSet.noneOf(Probe.class) : EnumSet.copyOf(Arrays.asList(which));
            return this;
        }

        /** Recent training minibatches kept for probes ({@code >= 2} when probes run without probeData). */
        public Builder reservoirBatches(int batches) {
            if (!(batches >= 2)) {
                throw new IllegalArgumentException("reservoirBatches must be >= 2 to estimate a variance, was "
                        + batches);
            }
            this.reservoirBatches = batches;
            return this;
        }

        /**
         * Cap on the probe reservoir's memory (default 64 MB): the minibatches are kept as DOUBLE copies for the
         * double-precision probes, so {@code reservoirBatches} minibatches of large inputs (images) could take
         * gigabytes. When they do not fit, fewer are kept (a RESERVOIR_LIMITED finding), and when fewer than 2 fit
         * none are (RESERVOIR_OVER_BUDGET; the probes are skipped unless {@link #probeData} is given).
         */
        public Builder reservoirMegabytes(double mb) {
            if (!(mb > 0) || !Double.isFinite(mb)) {
                throw new IllegalArgumentException("reservoirMegabytes must be positive and finite, was " + mb);
            }
            this.reservoirMegabytes = mb;
            return this;
        }

        /** Cap on per-example gradients in the noise probe. */
        public Builder perExampleGradients(int cap) {
            if (!(cap >= 0)) {
                throw new IllegalArgumentException("perExampleGradients must be >= 0, was " + cap);
            }
            this.perExampleGradients = cap;
            return this;
        }

        /** Rademacher probes for the Hutchinson Hessian diagonal (>= 2). */
        public Builder hutchinsonProbes(int probes) {
            if (!(probes >= 2)) {
                throw new IllegalArgumentException("hutchinsonProbes must be >= 2, was " + probes);
            }
            this.hutchinsonProbes = probes;
            return this;
        }

        /** Central finite-difference step in double precision (THEORY-NOTES 6.2: ~6e-6). */
        public Builder finiteDifferenceStep(double step) {
            if (!(step > 0 && step < 1)) {
                throw new IllegalArgumentException("finiteDifferenceStep must be in (0, 1), was " + step
                        + "; about 6e-6 is optimal in double precision");
            }
            this.finiteDifferenceStep = step;
            return this;
        }

        /** Parameters with fewer effective samples are reported as "too few samples", not predicted. */
        public Builder minEffectiveSampleSize(double ess) {
            if (!(ess >= 2)) {
                throw new IllegalArgumentException("minEffectiveSampleSize must be >= 2, was " + ess);
            }
            this.minEffectiveSampleSize = ess;
            return this;
        }

        /**
         * Also predicts small groups (at most {@code maxParameters}, fully tracked) from their full Hessian and
         * noise covariance blocks, which costs {@code 2k} gradient evaluations plus one per example. 0 = off.
         */
        public Builder fullBlockPredictions(int maxParameters) {
            if (!(maxParameters >= 0 && maxParameters <= 1000)) {
                throw new IllegalArgumentException("fullBlockPredictions must be in 0..1000 parameters, was "
                        + maxParameters + "; larger blocks need the simulator, not a dense Lyapunov solve");
            }
            this.fullBlockMaxParameters = maxParameters;
            return this;
        }

        /**
         * Gives {@code count} tracked parameters a close look in the report (trace thinned to at most 2000 points,
         * histogram of all observed values, autocorrelation, predicted and Gibbs densities): seeded picks,
         * round-robin over the groups. 0 = off.
         */
        public Builder closeUps(int count) {
            if (!(count >= 0 && count <= 1000)) {
                throw new IllegalArgumentException("closeUps must be in 0..1000 (0 = off), was " + count
                        + "; each close-up holds about 17 kB and costs 41 probe-set loss evaluations");
            }
            this.closeUps = count;
            return this;
        }

        /**
         * Whether close-ups get a 1-D loss slice on the probe copy (41 probe-set score evaluations each) and the
         * Gibbs density on it; default true (only meaningful with {@code closeUps > 0}).
         */
        public Builder lossSlices(boolean slices) {
            this.lossSlices = slices;
            return this;
        }

        /** Writes the JSON report atomically to {@code file} when the window ends. */
        public Builder reportFile(Path file) {
            this.reportFile = Objects.requireNonNull(file, "reportFile");
            return this;
        }

        /** Throws from the callback (stopping training) on NaN/Infinite values instead of recording them. */
        public Builder stopOnNonFinite(boolean stop) {
            this.stopOnNonFinite = stop;
            return this;
        }

        /**
         * The number of training iterations the run will make, if known: lets {@link #build()} reject a
         * window that cannot fit.
         */
        public Builder expectedTrainingIterations(long iterations) {
            if (!(iterations >= 1)) {
                throw new IllegalArgumentException("expectedTrainingIterations must be >= 1, was " + iterations);
            }
            this.expectedTrainingIterations = iterations;
            return this;
        }

        /**
         * Finalises at the end of epoch {@code epochs - 1}, i.e. at the end of training when the run is
         * {@code fit(iterator, epochs)} (DL4J has no "training ended" callback).
         */
        public Builder finishAfterEpochs(int epochs) {
            if (!(epochs >= 1)) {
                throw new IllegalArgumentException("finishAfterEpochs must be >= 1, was " + epochs);
            }
            this.finishAfterEpochs = epochs;
            return this;
        }

        /** Probes use this data (all of it for the Hessian, random minibatches of it for noise). */
        public Builder probeData(DataSet data) {
            this.probeData = Objects.requireNonNull(data, "probeData");
            return this;
        }

        /**
         * At most this many parameters are tracked (a seeded random subset per layer beyond it; default 32 768).
         * Each tracked parameter costs about 10 ns per observed iteration: three reads of the network's parameter
         * and gradient buffers, which the training step has just pushed out of the cache, and the statistics
         * (BENCHMARKS.md, "Listener figures with the compact trace statistics"); and about 1 kB in the JSON report.
         * The default keeps a 1.9M-parameter MLP at about 1.05x the training time when every iteration is observed,
         * while every group keeps thousands of parameters for its summaries.
         */
        public Builder maxTrackedParameters(int n) {
            if (!(n >= 1)) {
                throw new IllegalArgumentException("maxTrackedParameters must be >= 1, was " + n);
            }
            this.maxTrackedParameters = n;
            return this;
        }

        /** Replaces the theory behind predictions (default: sim-core's closed forms). */
        public Builder predictor(StationaryPredictor p) {
            this.predictor = Objects.requireNonNull(p, "predictor");
            return this;
        }

        ObservatoryConfig toConfig() {
            return new ObservatoryConfig(windowStart, startAt, windowIterations, every, maxLag, memoryBudgetMegabytes,
                    maxTrackedParameters, seed, dataOrder, probes, reservoirBatches, reservoirMegabytes, perExampleGradients,
                    hutchinsonProbes,
                    finiteDifferenceStep, minEffectiveSampleSize, fullBlockMaxParameters, Optional.ofNullable(reportFile),
                    stopOnNonFinite, closeUps, lossSlices);
        }

        /**
         * Builds the listener.
         *
         * @throws IllegalArgumentException when the window cannot fit in the expected training
         */
        public ObservatoryListener build() {
            if (expectedTrainingIterations > 0 && windowStart == WindowStart.ITERATION
                    && (long) startAt + windowIterations > expectedTrainingIterations) {
                throw new IllegalArgumentException("window longer than the training: startAtIteration(" + startAt
                        + ") + windowIterations(" + windowIterations + ") = " + ((long) startAt + windowIterations)
                        + " > expectedTrainingIterations(" + expectedTrainingIterations + "); start earlier,"
                        + " shorten the window or train longer");
            }
            if (expectedTrainingIterations > 0 && windowIterations > expectedTrainingIterations) {
                throw new IllegalArgumentException("window longer than the training: windowIterations("
                        + windowIterations + ") > expectedTrainingIterations(" + expectedTrainingIterations
                        + "); shorten the window or train longer");
            }
            if (windowIterations > 0 && windowIterations / every < 2 * maxLag) {
                throw new IllegalArgumentException("windowIterations(" + windowIterations + ")/every(" + every
                        + ") gives fewer than 2*maxLag = " + 2 * maxLag + " observations; lengthen the window,"
                        + " observe more often or lower maxLag");
            }
            return new ObservatoryListener(this);
        }
    }
}
