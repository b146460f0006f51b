package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Every setting of an {@link ObservatoryListener}, validated by its {@link Builder}: {@code ObservatoryListener.of(
 * config)} rebuilds an identical listener, and {@link #toJson()} is what the report's provenance records.
 *
 * @param window when observation starts and ends
 * @param tracking which parameters are tracked, with what memory, and which get a close look
 * @param probing the probes at the end of the window
 * @param spectral the eigen-directions of the Hessian whose spread is observed
 * @param judging the theory and the thresholds of the verdicts
 * @param seed the user's seed, from which every random stream of the observatory is split
 *     ({@link SeedStream})
 * @param reportFile where to write the JSON report when the window ends, if anywhere
 * @param htmlReport also write the report's page, {@code index.html}, beside the JSON report
 * @param live the live view's address, if it serves one
 * @param stopOnNonFinite throw from the callback (stopping training) on NaN/Infinite gradients or parameters
 */
public record ObservatoryConfig(Window window, Tracking tracking, Probing probing, Spectral spectral,
                                Judging judging, long seed, Optional<Path> reportFile, boolean htmlReport,
                                Optional<Live> live, boolean stopOnNonFinite) {

    /** Validates references. */
    public ObservatoryConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(probing, "probing");
        Objects.requireNonNull(spectral, "spectral");
        Objects.requireNonNull(judging, "judging");
        Objects.requireNonNull(reportFile, "reportFile");
        Objects.requireNonNull(live, "live");
    }

    /**
     * Where the live view serves its page while training runs.
     *
     * @param port the TCP port, 0 = any free port
     * @param address the address to bind, {@code 127.0.0.1} unless asked otherwise
     */
    public record Live(int port, String address) {

        /** Validates. */
        public Live {
            Objects.requireNonNull(address, "address");
        }
    }

    /** A builder with the defaults described on each method. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration as JSON (every setting; the probe data by its size, the predictor by its name). */
    public JsonNode toJson() {
        return ReportJson.mapper().valueToTree(this);
    }

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
        /** The Hessian diagonal (exact where the network allows, else estimated). */
        HESSIAN_DIAGONAL
    }

    /**
     * When observation starts and ends.
     *
     * @param start how observation starts
     * @param startAt the iteration or epoch for {@link WindowStart#ITERATION} / {@link WindowStart#EPOCH}
     * @param iterations iterations to observe; 0 = until {@link ObservatoryListener#report()}
     * @param every observe every k-th iteration
     * @param finishAfterEpochs finalise at the end of this many epochs (0 = not at an epoch)
     * @param expectedTrainingIterations the training length, when known (0 = unknown)
     * @param extendUpTo when positive, the window extends itself beyond {@code iterations}, up to this many
     *     iterations, until what it observes can be judged ({@code docs/verdicts.md#not-judged})
     */
    public record Window(WindowStart start, int startAt, int iterations, int every, int finishAfterEpochs,
                         long expectedTrainingIterations, long extendUpTo) {
    }

    /**
     * Which parameters are tracked and which get a close look.
     *
     * @param memoryBudgetMegabytes budget for per-parameter statistics
     * @param maxTrackedParameters cap on tracked parameters (each costs time per observed iteration)
     * @param closeUps tracked parameters given a close look (trace, histogram, densities); 0 = off
     * @param maxLag largest lag of the close-ups' autocorrelation plots
     * @param lossSlices whether close-ups get a 1-D loss slice and a Gibbs density
     */
    public record Tracking(double memoryBudgetMegabytes, int maxTrackedParameters, int closeUps, int maxLag,
                           boolean lossSlices) {
    }

    /**
     * The probes at the end of the window.
     *
     * @param probes the probes to run
     * @param reservoirBatches training minibatches kept for the probes
     * @param reservoirMegabytes cap on the reservoir's memory
     * @param perExampleGradients cap on per-example gradients in the noise probe
     * @param hutchinsonProbes Rademacher vectors where the Hessian diagonal is estimated by Hutchinson
     * @param finiteDifferenceStep relative finite-difference step in double precision (Hutchinson uses forward
     *     differences, the Hessian blocks and the eigen-directions central ones)
     * @param fullBlockMaxParameters groups of at most this many fully tracked parameters get a full-block prediction
     * @param probeData data for the probes instead of the reservoir, if given
     */
    public record Probing(Set<Probe> probes, int reservoirBatches, double reservoirMegabytes, int perExampleGradients,
                          int hutchinsonProbes, double finiteDifferenceStep, int fullBlockMaxParameters,
                          @JsonIgnore Optional<DataSet> probeData) {

        /** Copies the set. */
        public Probing {
            probes = probes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(probes));
            Objects.requireNonNull(probeData, "probeData");
        }

        /** Examples in the probe data, 0 when none is given (for the JSON form). */
        @JsonProperty("probeDataExamples")
        public long probeDataExamples() {
            return probeData.map(DataSet::numExamples).orElse(0);
        }
    }

    /**
     * The eigen-directions of the (preconditioned) Hessian whose stationary spread is observed
     * ({@code docs/theory.md#spectral-directions}).
     *
     * @param directions eigenpairs to find (the largest eigenvalues); 0 = off
     * @param megabytes budget for the Lanczos basis and the directions kept during the window; beyond it fewer
     *     Lanczos vectors are used, and when not even the directions fit they are skipped with a finding
     * @param every iterations between samples of the projections (rounded up to a multiple of the window's
     *     {@code every}); 0 = the smallest stride at which projecting costs at most 3% of the training time
     */
    public record Spectral(int directions, double megabytes, int every) {
    }

    /**
     * The theory and the thresholds of the verdicts.
     *
     * @param dataOrder the order the user states, {@link DataOrder#UNKNOWN} to detect it
     * @param minEffectiveSampleSize below this ESS a parameter is not judged (window too short)
     * @param predictor the theory behind predictions
     */
    public record Judging(DataOrder dataOrder, double minEffectiveSampleSize, @JsonIgnore StationaryPredictor predictor) {

        /** Validates references. */
        public Judging {
            Objects.requireNonNull(dataOrder, "dataOrder");
            Objects.requireNonNull(predictor, "predictor");
        }

        /** The predictor's name (for the JSON form). */
        @JsonProperty("predictorName")
        public String predictorName() {
            return predictor.toString();
        }
    }

    /**
     * Builds a validated {@link ObservatoryConfig}, or directly an {@link ObservatoryListener}. Every setter checks
     * its argument and throws an {@link ObservatorySetupException} naming the option, the value and the remedy.
     * Defaults: automatic start, open window (until {@link ObservatoryListener#report()}), every iteration, 64 MB
     * and at most 32 768 tracked parameters, seed 12345, detected data order, all probes, 64 reservoir minibatches
     * within 64 MB, 512 per-example gradients, 32 Hutchinson probes, step 6e-6, 16 Hessian eigen-directions within
     * 512 MB sampled at a stride costing at most 3% of training time, minimum ESS 20, 6 close-ups with loss slices
     * and autocorrelation plots to lag 32.
     */
    public static final class Builder {
        private WindowStart start = WindowStart.AUTOMATIC;
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
        private Set<Probe> probes = EnumSet.allOf(Probe.class);
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

        private Builder() {
        }

        /** Starts observing at iteration {@code iteration} (0-based). */
        public Builder startAtIteration(int iteration) {
            ObservatorySetupException.require(iteration >= 0, "startAtIteration", iteration, ">= 0", "");
            this.start = WindowStart.ITERATION;
            this.startAt = iteration;
            return this;
        }

        /** Starts observing at the first iteration of epoch {@code epoch} (0-based). */
        public Builder startAtEpoch(int epoch) {
            ObservatorySetupException.require(epoch >= 0, "startAtEpoch", epoch, ">= 0", "");
            this.start = WindowStart.EPOCH;
            this.startAt = epoch;
            return this;
        }

        /** Starts once the smoothed loss stops falling (the default). */
        public Builder startAutomatically() {
            this.start = WindowStart.AUTOMATIC;
            this.startAt = 0;
            return this;
        }

        /** Observes for {@code iterations} iterations, then finalises (0 = until {@code report()}). */
        public Builder windowIterations(int iterations) {
            ObservatorySetupException.require(iterations >= 0, "windowIterations", iterations, ">= 0",
                    "0 observes until report()");
            this.windowIterations = iterations;
            return this;
        }

        /** Observes every {@code k}-th iteration. */
        public Builder every(int k) {
            ObservatorySetupException.require(k >= 1, "every", k, ">= 1 iteration", "");
            this.every = k;
            return this;
        }

        /**
         * Finalises at the end of epoch {@code epochs - 1}, i.e. at the end of training when the run is
         * {@code fit(iterator, epochs)} (DL4J has no "training ended" callback).
         */
        public Builder finishAfterEpochs(int epochs) {
            ObservatorySetupException.require(epochs >= 1, "finishAfterEpochs", epochs, ">= 1", "");
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
        public Builder extendWindowUpTo(long maxIterations) {
            ObservatorySetupException.require(maxIterations >= 0, "extendWindowUpTo", maxIterations,
                    ">= windowIterations (0 = never extend)", "");
            this.extendUpTo = maxIterations;
            return this;
        }

        /** The number of training iterations the run will make, if known: lets {@link #config()} reject a window
         * that cannot fit. */
        public Builder expectedTrainingIterations(long iterations) {
            ObservatorySetupException.require(iterations >= 1, "expectedTrainingIterations", iterations, ">= 1", "");
            this.expectedTrainingIterations = iterations;
            return this;
        }

        /** Memory budget in MB for per-parameter statistics; caps tracked parameters per layer. */
        public Builder memoryBudgetMegabytes(double megabytes) {
            ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "memoryBudgetMegabytes",
                    megabytes, "finite and > 0", "");
            this.memoryBudgetMegabytes = megabytes;
            return this;
        }

        /**
         * At most this many parameters are tracked (a seeded random subset per layer beyond it; default 32 768).
         * Each costs about 10 ns per observed iteration and about 1 kB in the JSON report.
         */
        public Builder maxTrackedParameters(int n) {
            ObservatorySetupException.require(n >= 1, "maxTrackedParameters", n, ">= 1", "");
            this.maxTrackedParameters = n;
            return this;
        }

        /**
         * Gives {@code count} tracked parameters a close look in the report (trace thinned to at most 2000 points,
         * histogram, autocorrelation, predicted and Gibbs densities); 0 = off.
         */
        public Builder closeUps(int count) {
            ObservatorySetupException.require(count >= 0 && count <= 1000, "closeUps", count, "in 0..1000",
                    "each close-up holds about 17 kB and costs 41 probe-set loss evaluations");
            this.closeUps = count;
            return this;
        }

        /** Largest lag of the close-ups' autocorrelation plots (1..1024). */
        public Builder maxLag(int lag) {
            ObservatorySetupException.require(lag >= 1 && lag <= 1024, "maxLag", lag, "in 1..1024",
                    "it sets only the close-ups' autocorrelation plots");
            this.maxLag = lag;
            return this;
        }

        /** Whether close-ups get a 1-D loss slice on the probe copy and the Gibbs density on it (default true). */
        public Builder lossSlices(boolean slices) {
            this.lossSlices = slices;
            return this;
        }

        /** The probes to run (none: observe only, no predictions). */
        public Builder probes(Probe... which) {
            this.probes = which.length == 0 ? EnumSet.noneOf(Probe.class) : EnumSet.copyOf(Arrays.asList(which));
            return this;
        }

        /** Training minibatches kept for probes ({@code >= 2} to estimate a variance). */
        public Builder reservoirBatches(int batches) {
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
        public Builder reservoirMegabytes(double megabytes) {
            ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "reservoirMegabytes",
                    megabytes, "positive and finite", "");
            this.reservoirMegabytes = megabytes;
            return this;
        }

        /** Cap on per-example gradients in the noise probe. */
        public Builder perExampleGradients(int cap) {
            ObservatorySetupException.require(cap >= 0, "perExampleGradients", cap, ">= 0", "0 skips them");
            this.perExampleGradients = cap;
            return this;
        }

        /** Rademacher probes where the Hessian diagonal is estimated by Hutchinson (>= 2). */
        public Builder hutchinsonProbes(int count) {
            ObservatorySetupException.require(count >= 2, "hutchinsonProbes", count, ">= 2", "");
            this.hutchinsonProbes = count;
            return this;
        }

        /** Relative finite-difference step in double precision (about 6e-6 is optimal). */
        public Builder finiteDifferenceStep(double step) {
            ObservatorySetupException.require(step > 0 && step < 1, "finiteDifferenceStep", step, "in (0, 1)",
                    "about 6e-6 is optimal in double precision");
            this.finiteDifferenceStep = step;
            return this;
        }

        /**
         * Also predicts small groups (at most {@code maxParameters}, fully tracked) from their full Hessian and noise
         * covariance blocks, which costs {@code 2k} gradient evaluations plus one per example. 0 = off.
         */
        public Builder fullBlockPredictions(int maxParameters) {
            ObservatorySetupException.require(maxParameters >= 0 && maxParameters <= 1000, "fullBlockPredictions",
                    maxParameters, "in 0..1000 parameters", "larger blocks need the simulator, not a dense solve");
            this.fullBlockMaxParameters = maxParameters;
            return this;
        }

        /** Probes use this data (all of it for the Hessian, random minibatches of it for the noise). */
        public Builder probeData(DataSet data) {
            ObservatorySetupException.require(data != null && data.numExamples() >= 2, "probeData",
                    data == null ? "null" : data.numExamples() + " examples", "a DataSet of at least 2 examples", "");
            this.probeData = Optional.of(data);
            return this;
        }

        /**
         * Observes the spread along the top {@code k} eigen-directions of the Hessian (of the preconditioned Hessian for
         * RmsProp and the eta'/sigma^2 rule), found by Lanczos once the window has its first minibatches; 0 = off.
         */
        public Builder directions(int k) {
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
        public Builder directionMegabytes(double megabytes) {
            ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "directionMegabytes",
                    megabytes, "positive and finite", "");
            this.directionMegabytes = megabytes;
            return this;
        }

        /**
         * Samples the directions' projections every {@code n}-th iteration (rounded up to a multiple of
         * {@code every}); 0 (the default) chooses the smallest stride at which projecting costs at most 3% of the
         * training time, from the projection and iteration times measured when the basis is found. A fixed stride
         * makes the run's statistics independent of the machine's speed.
         */
        public Builder directionsEvery(int n) {
            ObservatorySetupException.require(n >= 0, "directionsEvery", n, ">= 0 (0 = automatic)", "");
            this.directionsEvery = n;
            return this;
        }

        /** States the data order instead of detecting it ({@link DataOrder#UNKNOWN} = detect, the default). */
        public Builder dataOrder(DataOrder order) {
            ObservatorySetupException.require(order != null, "dataOrder", "null", "a DataOrder",
                    "UNKNOWN lets the listener detect it");
            this.dataOrder = order;
            return this;
        }

        /** Parameters with fewer effective samples are not judged (window too short). */
        public Builder minEffectiveSampleSize(double ess) {
            ObservatorySetupException.require(ess >= 2, "minEffectiveSampleSize", ess, ">= 2", "");
            this.minEffectiveSampleSize = ess;
            return this;
        }

        /** Replaces the theory behind predictions (default: sim-core's closed forms and simulations). */
        public Builder predictor(StationaryPredictor p) {
            ObservatorySetupException.require(p != null, "predictor", "null", "a StationaryPredictor", "");
            this.predictor = p;
            return this;
        }

        /** The seed every random stream of the observatory is split from (subset, probes, simulations). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Writes the JSON report atomically to {@code file} when the window ends. */
        public Builder reportFile(Path file) {
            ObservatorySetupException.require(file != null, "reportFile", "null", "a file path", "");
            this.reportFile = Optional.of(file);
            return this;
        }

        /**
         * Also writes the report's page, {@code index.html}, in the directory of the JSON report (default true; only
         * with a {@link #reportFile}): one directory per run.
         */
        public Builder htmlReport(boolean write) {
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
        public Builder liveView(int port) {
            ObservatorySetupException.require(port >= 0 && port <= 65_535, "liveView", port, "a TCP port in 0..65535"
                    + " (0 = any free port)", "");
            this.livePort = port;
            return this;
        }

        /**
         * Binds the live view to {@code address} instead of {@code 127.0.0.1}, e.g. {@code 0.0.0.0} to be reachable
         * from other machines (the page has no authentication: only on networks you trust).
         */
        public Builder liveViewAddress(String address) {
            ObservatorySetupException.require(address != null && !address.isBlank(), "liveViewAddress", address,
                    "a host name or IP address", "e.g. 127.0.0.1 or 0.0.0.0");
            this.liveAddress = address;
            return this;
        }

        /** Throws from the callback (stopping training) on NaN/Infinite values instead of recording them. */
        public Builder stopOnNonFinite(boolean stop) {
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
            long end = (start == WindowStart.ITERATION ? startAt : 0L) + windowIterations;
            if (expectedTrainingIterations > 0 && end > expectedTrainingIterations) {
                throw new ObservatorySetupException("window longer than the training: "
                        + (start == WindowStart.ITERATION ? "startAtIteration(" + startAt + ") + " : "")
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
                    new Window(start, startAt, windowIterations, every, finishAfterEpochs, expectedTrainingIterations,
                            extendUpTo),
                    new Tracking(memoryBudgetMegabytes, maxTrackedParameters, closeUps, maxLag, lossSlices),
                    new Probing(probes, reservoirBatches, reservoirMegabytes, perExampleGradients, hutchinsonProbes,
                            finiteDifferenceStep, fullBlockMaxParameters, probeData),
                    new Spectral(directions, directionMegabytes, directionsEvery),
                    new Judging(dataOrder, minEffectiveSampleSize, predictor), seed, reportFile, htmlReport,
                    livePort < 0 ? Optional.empty() : Optional.of(new Live(livePort, liveAddress)), stopOnNonFinite);
        }

        /** Builds the listener from {@link #config()}. */
        public ObservatoryListener build() {
            return ObservatoryListener.of(config());
        }
    }
}
