package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.sample.TrackingPlan;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Builds a validated {@link ObservatoryConfig}, or directly an {@link ObservatoryListener}. Every setter checks
 * its argument and throws an {@link ObservatorySetupException} naming the option, the value and the remedy.
 * Defaults: automatic start, open window (until {@link ObservatoryListener#report()}), every iteration, 64 MB
 * and at most 32 768 tracked parameters, seed 12345, detected data order, all probes, 64 reservoir minibatches
 * within 64 MB, 512 per-example gradients, 32 Hutchinson probes, step 6e-6, 16 Hessian eigen-directions within
 * 512 MB sampled at a stride costing at most 3% of training time, minimum ESS 20, 6 close-ups with loss slices
 * and autocorrelation plots to lag 32.
 */
public final class ObservatoryBuilder {
    private ObservatoryConfig.WindowStart start = ObservatoryConfig.WindowStart.AUTOMATIC;
    private int startAt;
    private int windowIterations;
    private int every = 1;
    private int finishAfterEpochs;
    private long expectedTrainingIterations;
    private double memoryBudgetMegabytes = 64;
    private int maxTrackedParameters = 32_768;
    private int closeUps = 6;
    private int maxLag = 32;
    private boolean lossSlices = true;
    private Set<ObservatoryConfig.Probe> probes = EnumSet.allOf(ObservatoryConfig.Probe.class);
    private int reservoirBatches = 64;
    private double reservoirMegabytes = 64;
    private int perExampleGradients = 512;
    private int hutchinsonProbes = 32;
    private double finiteDifferenceStep = 6e-6;
    private int fullBlockMaxParameters;
    private Optional<DataSet> probeData = Optional.empty();
    private int directions = 16;
    private double directionMegabytes = 512;
    private int directionsEvery;
    private boolean htmlReport = true;
    private long extendUpTo;
    private int livePort = -1;
    private String liveAddress = "127.0.0.1";
    private DataOrder dataOrder = DataOrder.UNKNOWN;
    private double minEffectiveSampleSize = 20;
    private StationaryPredictor predictor = new SimCorePredictor();
    private long seed = 12345;
    private Optional<Path> reportFile = Optional.empty();
    private boolean stopOnNonFinite;
    private int jsonParameterRows = DEFAULT_JSON_PARAMETER_ROWS;

    ObservatoryBuilder() {
    }

    /** Starts observing at iteration {@code iteration} (0-based). */
    public ObservatoryBuilder startAtIteration(int iteration) {
        ObservatorySetupException.require(iteration >= 0, "startAtIteration", iteration, ">= 0",
                "iterations count from 0; use startAutomatically() to let the loss decide");
        this.start = ObservatoryConfig.WindowStart.ITERATION;
        this.startAt = iteration;
        return this;
    }

    /** Starts observing at the first iteration of epoch {@code epoch} (0-based). */
    public ObservatoryBuilder startAtEpoch(int epoch) {
        ObservatorySetupException.require(epoch >= 0, "startAtEpoch", epoch, ">= 0",
                "epochs count from 0; use startAutomatically() to let the loss decide");
        this.start = ObservatoryConfig.WindowStart.EPOCH;
        this.startAt = epoch;
        return this;
    }

    /** Starts once the smoothed loss stops falling (the default). */
    public ObservatoryBuilder startAutomatically() {
        this.start = ObservatoryConfig.WindowStart.AUTOMATIC;
        this.startAt = 0;
        return this;
    }

    /** Observes for {@code iterations} iterations, then finalises (0 = until {@code report()}). */
    public ObservatoryBuilder windowIterations(int iterations) {
        ObservatorySetupException.require(iterations >= 0, "windowIterations", iterations, ">= 0",
                "0 observes until report()");
        this.windowIterations = iterations;
        return this;
    }

    /** Observes every {@code k}-th iteration. */
    public ObservatoryBuilder every(int k) {
        ObservatorySetupException.require(k >= 1, "every", k, ">= 1 iteration",
                "1 observes every iteration, 10 every tenth");
        this.every = k;
        return this;
    }

    /**
     * Finalises at the end of epoch {@code epochs - 1}, i.e. at the end of training when the run is
     * {@code fit(iterator, epochs)} (DL4J has no "training ended" callback).
     */
    public ObservatoryBuilder finishAfterEpochs(int epochs) {
        ObservatorySetupException.require(epochs >= 1, "finishAfterEpochs", epochs, ">= 1",
                "give the number of epochs passed to fit(iterator, epochs), or call report() yourself");
        this.finishAfterEpochs = epochs;
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
        ObservatorySetupException.require(maxIterations >= 0, "extendWindowUpTo", maxIterations,
                ">= windowIterations (0 = never extend)", "0 keeps the window at windowIterations");
        this.extendUpTo = maxIterations;
        return this;
    }

    /** The number of training iterations the run will make, if known: lets {@link #config()} reject a window
     * that cannot fit. */
    public ObservatoryBuilder expectedTrainingIterations(long iterations) {
        ObservatorySetupException.require(iterations >= 1, "expectedTrainingIterations", iterations, ">= 1",
                "give the number of minibatches the run will train on, or leave it unset when unknown");
        this.expectedTrainingIterations = iterations;
        return this;
    }

    /** Memory budget in MB for per-parameter statistics; caps tracked parameters per layer. */
    public ObservatoryBuilder memoryBudgetMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "memoryBudgetMegabytes",
                megabytes, "finite and > 0", "each tracked parameter takes " + TrackingPlan.bytesPerTrackedParameter()
                        + " bytes; the default is 64");
        this.memoryBudgetMegabytes = megabytes;
        return this;
    }

    /**
     * At most this many parameters are tracked (a seeded random subset per layer beyond it; default 32 768).
     * Each costs about 10 ns per observed iteration and about 1 kB in the JSON report.
     */
    public ObservatoryBuilder maxTrackedParameters(int n) {
        ObservatorySetupException.require(n >= 1, "maxTrackedParameters", n, ">= 1",
                "the default is 32768; fewer cost less time per observed iteration");
        this.maxTrackedParameters = n;
        return this;
    }

    /**
     * Gives {@code count} tracked parameters a close look in the report (trace thinned to at most 2000 points,
     * histogram, autocorrelation, predicted and Gibbs densities); 0 = off.
     */
    public ObservatoryBuilder closeUps(int count) {
        ObservatorySetupException.require(count >= 0 && count <= 1000, "closeUps", count, "in 0..1000",
                "each close-up holds about 17 kB and costs 41 probe-set loss evaluations");
        this.closeUps = count;
        return this;
    }

    /** Largest lag of the close-ups' autocorrelation plots (1..1024). */
    public ObservatoryBuilder maxLag(int lag) {
        ObservatorySetupException.require(lag >= 1 && lag <= 1024, "maxLag", lag, "in 1..1024",
                "it sets only the close-ups' autocorrelation plots");
        this.maxLag = lag;
        return this;
    }

    /** Whether close-ups get a 1-D loss slice on the probe copy and the Gibbs density on it (default true). */
    public ObservatoryBuilder lossSlices(boolean slices) {
        this.lossSlices = slices;
        return this;
    }

    /** The probes to run (none: observe only, no predictions). */
    public ObservatoryBuilder probes(ObservatoryConfig.Probe... which) {
        ObservatorySetupException.require(which != null && Arrays.stream(which).allMatch(Objects::nonNull),
                "probes", which == null ? "null" : Arrays.toString(which), "ObservatoryConfig.Probe values without null",
                "call probes() with no argument to observe only");
        this.probes = which.length == 0 ? EnumSet.noneOf(ObservatoryConfig.Probe.class) : EnumSet.copyOf(Arrays.asList(which));
        return this;
    }

    /** Training minibatches kept for probes ({@code >= 2} to estimate a variance). */
    public ObservatoryBuilder reservoirBatches(int batches) {
        ObservatorySetupException.require(batches >= 2, "reservoirBatches", batches, ">= 2",
                "two minibatches are the least a variance needs");
        this.reservoirBatches = batches;
        return this;
    }

    /**
     * Cap on the probe reservoir's memory (default 64 MB): fewer minibatches are kept when they do not fit
     * (finding RESERVOIR_LIMITED), none when fewer than 2 fit (RESERVOIR_OVER_BUDGET; the probes are skipped
     * unless {@link #probeData} is given).
     */
    public ObservatoryBuilder reservoirMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "reservoirMegabytes",
                megabytes, "positive and finite", "the default is 64; give probeData(...) to need no reservoir");
        this.reservoirMegabytes = megabytes;
        return this;
    }

    /** Cap on per-example gradients in the noise probe. */
    public ObservatoryBuilder perExampleGradients(int cap) {
        ObservatorySetupException.require(cap >= 0, "perExampleGradients", cap, ">= 0", "0 skips them");
        this.perExampleGradients = cap;
        return this;
    }

    /** Rademacher probes where the Hessian diagonal is estimated by Hutchinson (>= 2). */
    public ObservatoryBuilder hutchinsonProbes(int count) {
        ObservatorySetupException.require(count >= 2, "hutchinsonProbes", count, ">= 2",
                "a standard error needs two probes; the default is 32");
        this.hutchinsonProbes = count;
        return this;
    }

    /** Relative finite-difference step in double precision (about 6e-6 is optimal). */
    public ObservatoryBuilder finiteDifferenceStep(double step) {
        ObservatorySetupException.require(step > 0 && step < 1, "finiteDifferenceStep", step, "in (0, 1)",
                "about 6e-6 is optimal in double precision");
        this.finiteDifferenceStep = step;
        return this;
    }

    /**
     * Also predicts small groups (at most {@code maxParameters}, fully tracked) from their full Hessian and noise
     * covariance blocks, which costs {@code 2k} gradient evaluations plus one per example. 0 = off.
     */
    public ObservatoryBuilder fullBlockPredictions(int maxParameters) {
        ObservatorySetupException.require(maxParameters >= 0 && maxParameters <= 1000, "fullBlockPredictions",
                maxParameters, "in 0..1000 parameters", "larger blocks need the simulator, not a dense solve");
        this.fullBlockMaxParameters = maxParameters;
        return this;
    }

    /** Probes use this data (all of it for the Hessian, random minibatches of it for the noise). */
    public ObservatoryBuilder probeData(DataSet data) {
        ObservatorySetupException.require(data != null && data.getFeatures() != null && data.getLabels() != null,
                "probeData", data == null ? "null" : "a DataSet without " + (data.getFeatures() == null ? "features"
                        : "labels"), "a DataSet with features and labels", "leave it unset to probe on a reservoir"
                        + " of training minibatches");
        ObservatorySetupException.require(data.getFeatures().size(0) == data.getLabels().size(0), "probeData",
                data.getFeatures().size(0) + " feature rows and " + data.getLabels().size(0) + " label rows",
                "one label row per example", "pass the features and labels of the same examples");
        ObservatorySetupException.require(data.numExamples() >= 2, "probeData", data.numExamples() + " examples",
                "a DataSet of at least 2 examples", "a variance needs two; a few hundred give useful precision");
        this.probeData = Optional.of(data);
        return this;
    }

    /**
     * Observes the spread along the top {@code k} eigen-directions of the Hessian (of the preconditioned Hessian for
     * RmsProp and the eta'/sigma^2 rule), found by Lanczos once the window has its first minibatches; 0 = off.
     */
    public ObservatoryBuilder directions(int k) {
        ObservatorySetupException.require(k >= 0 && k <= 256, "directions", k, "in 0..256 (0 = off)",
                "each direction costs a row of the projection matrix read per sampled iteration and two forward"
                        + " passes at the end");
        this.directions = k;
        return this;
    }

    /**
     * Budget in MB for the Lanczos basis and the directions kept during the window (default 512): the peak is about
     * {@code (16 k + 24) P} bytes for {@code k} directions of {@code P} FLOAT parameters; fewer directions are
     * found when {@code k} do not fit.
     */
    public ObservatoryBuilder directionMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "directionMegabytes",
                megabytes, "positive and finite", "the default is 512; use directions(0) to turn the directions off");
        this.directionMegabytes = megabytes;
        return this;
    }

    /**
     * Samples the directions' projections every {@code n}-th iteration (rounded up to a multiple of
     * {@code every}); 0 (the default) chooses the smallest stride at which projecting costs at most 3% of the
     * training time, from the projection and iteration times measured when the basis is found. A fixed stride
     * makes the run's statistics independent of the machine's speed.
     */
    public ObservatoryBuilder directionsEvery(int n) {
        ObservatorySetupException.require(n >= 0, "directionsEvery", n, ">= 0 (0 = automatic)",
                "0 lets the listener choose the stride from the measured cost");
        this.directionsEvery = n;
        return this;
    }

    /** States the data order instead of detecting it ({@link DataOrder#UNKNOWN} = detect, the default). */
    public ObservatoryBuilder dataOrder(DataOrder order) {
        ObservatorySetupException.require(order != null, "dataOrder", "null", "a DataOrder",
                "UNKNOWN lets the listener detect it");
        this.dataOrder = order;
        return this;
    }

    /** Parameters with fewer effective samples are not judged (window too short). */
    public ObservatoryBuilder minEffectiveSampleSize(double ess) {
        ObservatorySetupException.require(ess >= 2 && Double.isFinite(ess), "minEffectiveSampleSize", ess,
                "finite and >= 2", "the default is 20; a variance from fewer effective samples is not judged");
        this.minEffectiveSampleSize = ess;
        return this;
    }

    /** Replaces the theory behind predictions (default: sim-core's closed forms and simulations). */
    public ObservatoryBuilder predictor(StationaryPredictor p) {
        ObservatorySetupException.require(p != null, "predictor", "null", "a StationaryPredictor",
                "leave it unset for sim-core's SimCorePredictor");
        this.predictor = p;
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
        ObservatorySetupException.require(file != null, "reportFile", "null", "a file path",
                "e.g. Path.of(\"observatory/report.json\")");
        ObservatorySetupException.require(file.getFileName() != null && !file.getFileName().toString().isEmpty(),
                "reportFile", "'" + file + "'", "a path that names a file", "e.g. Path.of(\"observatory/report.json\")");
        ObservatorySetupException.require(!java.nio.file.Files.isDirectory(file), "reportFile", file,
                "a file, not an existing directory", "give a file in it, e.g. " + file.resolve("report.json"));
        this.reportFile = Optional.of(file);
        return this;
    }

    /**
     * At most this many per-parameter rows go into the JSON report (default {@value #DEFAULT_JSON_PARAMETER_ROWS});
     * with more tracked parameters all rows go to a gzipped CSV file beside it, which the JSON names and
     * {@code ReportJson.readFile} loads back. 0 puts every row in the CSV file.
     */
    public ObservatoryBuilder jsonParameterRows(int rows) {
        ObservatorySetupException.require(rows >= 0, "jsonParameterRows", rows, ">= 0",
                "0 writes every per-parameter row to the CSV file, the default is " + DEFAULT_JSON_PARAMETER_ROWS);
        this.jsonParameterRows = rows;
        return this;
    }

    /** The default of {@link #jsonParameterRows(int)}. */
    public static final int DEFAULT_JSON_PARAMETER_ROWS = 2000;

    /**
     * Also writes the report's page, {@code index.html}, in the directory of the JSON report (default true; only
     * with a {@link #reportFile}): one directory per run.
     */
    public ObservatoryBuilder htmlReport(boolean write) {
        this.htmlReport = write;
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
        ObservatorySetupException.require(port >= 0 && port <= 65_535, "liveView", port, "a TCP port in 0..65535"
                + " (0 = any free port)", "0 takes any free port; see liveViewUri() for the one bound");
        this.livePort = port;
        return this;
    }

    /**
     * Binds the live view to {@code address} instead of {@code 127.0.0.1}, e.g. {@code 0.0.0.0} to be reachable
     * from other machines (the page has no authentication: only on networks you trust).
     */
    public ObservatoryBuilder liveViewAddress(String address) {
        ObservatorySetupException.require(address != null && !address.isBlank(), "liveViewAddress", address,
                "a host name or IP address", "e.g. 127.0.0.1 or 0.0.0.0");
        this.liveAddress = address;
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
        long end = (start == ObservatoryConfig.WindowStart.ITERATION ? startAt : 0L) + windowIterations;
        if (expectedTrainingIterations > 0 && end > expectedTrainingIterations) {
            throw new ObservatorySetupException("window longer than the training: "
                    + (start == ObservatoryConfig.WindowStart.ITERATION ? "startAtIteration(" + startAt + ") + " : "")
                    + "windowIterations(" + windowIterations + ") = " + end + " > expectedTrainingIterations("
                    + expectedTrainingIterations + "); start earlier, shorten the window or train longer");
        }
        ObservatorySetupException.require(extendUpTo == 0 || windowIterations > 0 && extendUpTo >= windowIterations,
                "extendWindowUpTo", extendUpTo, ">= windowIterations = " + windowIterations + " (and a window"
                        + " of known length)", "raise it, or set windowIterations first");
        ObservatorySetupException.require(windowIterations == 0 || windowIterations / every >= 2 * maxLag,
                "windowIterations/every", windowIterations + "/" + every, ">= 2*maxLag = " + 2 * maxLag
                        + " observations", "lengthen the window, observe more often or lower maxLag");
        return new ObservatoryConfig(
                new ObservatoryConfig.Window(start, startAt, windowIterations, every, finishAfterEpochs, expectedTrainingIterations,
                        extendUpTo),
                new ObservatoryConfig.Tracking(memoryBudgetMegabytes, maxTrackedParameters, closeUps, maxLag, lossSlices),
                new ObservatoryConfig.Probing(probes, reservoirBatches, reservoirMegabytes, perExampleGradients, hutchinsonProbes,
                        finiteDifferenceStep, fullBlockMaxParameters, probeData),
                new ObservatoryConfig.Spectral(directions, directionMegabytes, directionsEvery),
                new ObservatoryConfig.Judging(dataOrder, minEffectiveSampleSize, predictor), seed, reportFile, htmlReport,
                livePort < 0 ? Optional.empty() : Optional.of(new ObservatoryConfig.Live(livePort, liveAddress)), stopOnNonFinite,
                jsonParameterRows);
    }

    /** Builds the listener from {@link #config()}. */
    public ObservatoryListener build() {
        return ObservatoryListener.of(config());
    }
}
