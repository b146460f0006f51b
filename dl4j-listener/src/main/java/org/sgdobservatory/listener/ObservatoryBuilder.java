package org.sgdobservatory.listener;

import java.nio.file.Path;

import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.report.model.DataOrder;

/**
 * Builds a validated {@link ObservatoryConfig}, or directly an {@link ObservatoryListener}. Every setter checks
 * its argument and throws an {@link ObservatorySetupException} naming the option, the value and the remedy.
 * Defaults: automatic start, open window (until {@link ObservatoryListener#report()}), every iteration, 64 MB
 * and at most 32 768 tracked parameters, seed 12345, detected data order, all probes, 64 reservoir minibatches
 * within 64 MB, 512 per-example gradients, 32 Hutchinson probes, step 6e-6, 16 Hessian eigen-directions within
 * 512 MB sampled at a stride costing at most 0.25% of training time where the training thread projects (3% where
 * the product runs on another thread), minimum ESS 20, 6 close-ups with loss slices and autocorrelation plots to
 * lag 32.
 */
public final class ObservatoryBuilder {
    private final WindowOptions window = new WindowOptions();
    private final TrackingOptions tracking = new TrackingOptions();
    private final ProbingOptions probing = new ProbingOptions();
    private final SpectralOptions spectral = new SpectralOptions();
    private final JudgingOptions judging = new JudgingOptions();
    private final OutputOptions output = new OutputOptions();
    private long seed = 12345;
    private boolean stopOnNonFinite;
    private boolean rehearse;

    ObservatoryBuilder() {
    }

    /** Starts observing at iteration {@code iteration} (0-based). */
    public ObservatoryBuilder startAtIteration(int iteration) {
        window.startAtIteration(iteration);
        return this;
    }

    /** Starts observing at the first iteration of epoch {@code epoch} (0-based). */
    public ObservatoryBuilder startAtEpoch(int epoch) {
        window.startAtEpoch(epoch);
        return this;
    }

    /** Starts once the smoothed loss stops falling (the default). */
    public ObservatoryBuilder startAutomatically() {
        window.startAutomatically();
        return this;
    }

    /** Observes for {@code iterations} iterations, then finalises (0 = until {@code report()}). */
    public ObservatoryBuilder windowIterations(int iterations) {
        window.windowIterations(iterations);
        return this;
    }

    /** Observes every {@code k}-th iteration. */
    public ObservatoryBuilder every(int k) {
        window.every(k);
        return this;
    }

    /**
     * Finalises at the end of epoch {@code epochs - 1}, i.e. at the end of training when the run is
     * {@code fit(iterator, epochs)} (DL4J has no "training ended" callback).
     */
    public ObservatoryBuilder finishAfterEpochs(int epochs) {
        window.finishAfterEpochs(epochs);
        return this;
    }

    /**
     * Lets the window extend itself when its {@code windowIterations} end before what it observes can be judged:
     * while the median effective sample size of the eigen-directions (of the tracked parameters when there are
     * no directions) is below {@code minEffectiveSampleSize}, it observes about as many more iterations as the
     * measured autocorrelation needs, up to {@code maxIterations} in all (default 0: no extension). The report's
     * window says how far it was extended and why it stopped.
     */
    public ObservatoryBuilder extendWindowUpTo(long maxIterations) {
        window.extendWindowUpTo(maxIterations);
        return this;
    }

    /** The number of training iterations the run will make, if known: lets {@link #config()} reject a window
     * that cannot fit. */
    public ObservatoryBuilder expectedTrainingIterations(long iterations) {
        window.expectedTrainingIterations(iterations);
        return this;
    }

    /** Memory budget in MB for per-parameter statistics; caps tracked parameters per layer. */
    public ObservatoryBuilder memoryBudgetMegabytes(double megabytes) {
        tracking.memoryBudgetMegabytes(megabytes);
        return this;
    }

    /**
     * At most this many parameters are tracked (a seeded random subset per layer beyond it; default 32 768).
     * Each costs about 10 ns per observed iteration and about 1 kB in the JSON report.
     */
    public ObservatoryBuilder maxTrackedParameters(int n) {
        tracking.maxTrackedParameters(n);
        return this;
    }

    /**
     * Gives {@code count} tracked parameters a close look in the report (trace thinned to at most 2000 points,
     * histogram, autocorrelation, predicted and Gibbs densities); 0 = off.
     */
    public ObservatoryBuilder closeUps(int count) {
        tracking.closeUps(count);
        return this;
    }

    /** Largest lag of the close-ups' autocorrelation plots (1..1024). */
    public ObservatoryBuilder maxLag(int lag) {
        tracking.maxLag(lag);
        return this;
    }

    /** Whether close-ups get a 1-D loss slice on the probe copy and the Gibbs density on it (default true). */
    public ObservatoryBuilder lossSlices(boolean slices) {
        tracking.lossSlices(slices);
        return this;
    }

    /** The probes to run (none: observe only, no predictions). */
    public ObservatoryBuilder probes(ObservatoryConfig.Probe... which) {
        probing.probes(which);
        return this;
    }

    /** Training minibatches kept for probes ({@code >= 2} to estimate a variance). */
    public ObservatoryBuilder reservoirBatches(int batches) {
        probing.reservoirBatches(batches);
        return this;
    }

    /**
     * Cap on the probe reservoir's memory (default 64 MB): fewer minibatches are kept when they do not fit
     * (finding RESERVOIR_LIMITED), none when fewer than 2 fit (RESERVOIR_OVER_BUDGET; the probes are skipped
     * unless {@link #probeData} is given).
     */
    public ObservatoryBuilder reservoirMegabytes(double megabytes) {
        probing.reservoirMegabytes(megabytes);
        return this;
    }

    /** Cap on per-example gradients in the noise probe. */
    public ObservatoryBuilder perExampleGradients(int cap) {
        probing.perExampleGradients(cap);
        return this;
    }

    /** Rademacher probes where the Hessian diagonal is estimated by Hutchinson (>= 2). */
    public ObservatoryBuilder hutchinsonProbes(int count) {
        probing.hutchinsonProbes(count);
        return this;
    }

    /** Relative finite-difference step in double precision (about 6e-6 is optimal). */
    public ObservatoryBuilder finiteDifferenceStep(double step) {
        probing.finiteDifferenceStep(step);
        return this;
    }

    /**
     * Also predicts small groups (at most {@code maxParameters}, fully tracked) from their full Hessian and noise
     * covariance blocks, which costs {@code 2k} gradient evaluations plus one per example. 0 = off.
     */
    public ObservatoryBuilder fullBlockPredictions(int maxParameters) {
        probing.fullBlockPredictions(maxParameters);
        return this;
    }

    /**
     * The most threads each group of the window end's independent passes runs on, the training thread's included:
     * the noise along the eigen-directions (from the moment the probe copy exists, beside the other probes) and the
     * exact curvature's backward passes (its output classes in two groups); the report's numbers are the same for any
     * count. 0, the default: as
     * many as the physical cores ND4J's BLAS leaves idle, JavaCPP's count of physical cores divided by ND4J's threads
     * (2 on a two-core machine with {@code OMP_NUM_THREADS=1}, 1 where ND4J already uses every core), and 1 off
     * ND4J's CPU backend. 1 keeps them on the training thread. Above 1, with a report file and without
     * {@link #rehearse rehearse(true)}, the JVM's first window start also warms up the report's writing code on a
     * daemon thread (a report of made-up numbers written to a temporary directory, then deleted; Java only).
     */
    public ObservatoryBuilder probeThreads(int threads) {
        probing.threads(threads);
        return this;
    }

    /** Probes use this data (all of it for the Hessian, random minibatches of it for the noise). */
    public ObservatoryBuilder probeData(DataSet data) {
        probing.probeData(data);
        return this;
    }

    /**
     * Observes the spread along the top {@code k} eigen-directions of the Hessian (of the preconditioned Hessian for
     * RmsProp and the eta'/sigma^2 rule), found by Lanczos once the window has its first minibatches; 0 = off.
     */
    public ObservatoryBuilder directions(int k) {
        spectral.directions(k);
        return this;
    }

    /**
     * Budget in MB for the Lanczos basis and the directions kept during the window (default 512): the peak is about
     * {@code (16 k + 24) P} bytes for {@code k} directions of {@code P} FLOAT parameters; fewer directions are
     * found when {@code k} do not fit.
     */
    public ObservatoryBuilder directionMegabytes(double megabytes) {
        spectral.directionMegabytes(megabytes);
        return this;
    }

    /**
     * Samples the directions' projections every {@code n}-th iteration (rounded up to a multiple of
     * {@code every}); 0 (the default) chooses the smallest stride at which projecting costs at most a share of the
     * training time: on a small network, where the training thread projects, 0.25%, as timed there over the
     * directions' first 16 sampled steps (the statistics restart at the stride they settle); on a large one, whose
     * product runs on another thread, 3%, as timed when the basis is found
     * ({@code docs/dl4j-behaviour.md#the-directions-sampling-stride}). A fixed stride makes the run's statistics
     * independent of the machine's speed, and {@code directionsEvery(1)} samples the directions as often as the
     * parameters.
     */
    public ObservatoryBuilder directionsEvery(int n) {
        spectral.directionsEvery(n);
        return this;
    }

    /** States the data order instead of detecting it ({@link DataOrder#UNKNOWN} = detect, the default). */
    public ObservatoryBuilder dataOrder(DataOrder order) {
        judging.dataOrder(order);
        return this;
    }

    /** Parameters with fewer effective samples are not judged (window too short). */
    public ObservatoryBuilder minEffectiveSampleSize(double ess) {
        judging.minEffectiveSampleSize(ess);
        return this;
    }

    /** Replaces the theory behind predictions (default: sim-core's closed forms and simulations). */
    public ObservatoryBuilder predictor(StationaryPredictor p) {
        judging.predictor(p);
        return this;
    }

    /** The seed every random stream of the observatory is split from (subset, probes, simulations). */
    public ObservatoryBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Writes the JSON report atomically to {@code file} when the window ends (its directory is created if needed).
     * A file that cannot be written does not stop training: the report says so and stays in memory.
     */
    public ObservatoryBuilder reportFile(Path file) {
        output.reportFile(file);
        return this;
    }

    /**
     * At most this many per-parameter rows go into the JSON report (default {@value #DEFAULT_JSON_PARAMETER_ROWS});
     * with more tracked parameters all rows go to a gzipped CSV file beside it, which the JSON names and
     * {@code ReportJson.readFile} loads back. 0 puts every row in the CSV file.
     */
    public ObservatoryBuilder jsonParameterRows(int rows) {
        output.jsonParameterRows(rows);
        return this;
    }

    /** The default of {@link #jsonParameterRows(int)}. */
    public static final int DEFAULT_JSON_PARAMETER_ROWS = 2000;

    /**
     * Also writes the report's page, {@code index.html}, in the directory of the JSON report (default true; only
     * with a {@link #reportFile}): one directory per run.
     */
    public ObservatoryBuilder htmlReport(boolean write) {
        output.htmlReport(write);
        return this;
    }

    /**
     * Serves a live view of the run at {@code http://127.0.0.1:port/} from the JDK's own HTTP server while
     * training runs: the phase, the progress through the window, the loss curve, the running estimates and their
     * effective sample sizes, the data order, and the final report once it exists. 0 = any free port (see
     * {@link ObservatoryListener#liveViewUri()}). {@link #build()} binds the port and fails when it is in use;
     * {@link ObservatoryListener#close()} stops the server, which never keeps the JVM alive.
     */
    public ObservatoryBuilder liveView(int port) {
        output.liveView(port);
        return this;
    }

    /**
     * Binds the live view to {@code address} instead of {@code 127.0.0.1}, e.g. {@code 0.0.0.0} to be reachable
     * from other machines (the page has no authentication: only on networks you trust).
     */
    public ObservatoryBuilder liveViewAddress(String address) {
        output.liveViewAddress(address);
        return this;
    }

    /**
     * Whether the first listener of the JVM rehearses the window's end in the background (default false): when its
     * window starts, a daemon thread trains a copy of the network for 64 iterations on 16 rows of the current
     * minibatch and runs the probes, predictions, judging and report writing on it (4 096 tracked parameters, one
     * close-up), into a temporary directory it then deletes, so that the report at the real window's end finds its
     * code compiled and its libraries loaded instead of paying that warm-up (about a second in a fresh JVM). It
     * never touches the training network or its random stream and logs nothing, but it costs one copy of the network
     * and CPU time beside training: on a 2-core machine training loses more time while it runs than the report
     * gains. For a report as soon as possible after the window. Networks of more than 4 million parameters are not
     * rehearsed. With it on, the lighter warm-up of the report's writing code alone ({@link #probeThreads}) does not
     * run, even where the rehearsal then declines.
     */
    public ObservatoryBuilder rehearse(boolean rehearse) {
        this.rehearse = rehearse;
        return this;
    }

    /** Throws from the callback (stopping training) on NaN/Infinite values instead of recording them. */
    public ObservatoryBuilder stopOnNonFinite(boolean stop) {
        this.stopOnNonFinite = stop;
        return this;
    }

    /**
     * The validated configuration.
     *
     * @throws ObservatorySetupException when the window cannot fit the expected training or gives too few
     *     observations
     */
    public ObservatoryConfig config() {
        return new ObservatoryConfig(window.build(tracking.maxLag()), tracking.build(), probing.build(),
                spectral.build(), judging.build(), seed, output.reportFile(), output.htmlReport(), output.live(),
                stopOnNonFinite, output.jsonParameterRows(), rehearse);
    }

    /** Builds the listener from {@link #config()}. */
    public ObservatoryListener build() {
        return ObservatoryListener.of(config());
    }
}
