package org.sgdobservatory.listener;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Every setting of an {@link ObservatoryListener}, validated by its {@link ObservatoryBuilder}: {@code ObservatoryListener.of(
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
 * @param jsonParameterRows at most this many per-parameter rows in the JSON report file; beyond, all go to a gzipped
 *     CSV file beside it
 * @param rehearse warm the end of the window's code up in the background, once per JVM, on a small copy of the
 *     network ({@code Rehearsal})
 */
public record ObservatoryConfig(Window window, Tracking tracking, Probing probing, Spectral spectral,
                                Judging judging, long seed, Optional<Path> reportFile, boolean htmlReport,
                                Optional<Live> live, boolean stopOnNonFinite, int jsonParameterRows,
                                boolean rehearse) {

    /** Validates references. */
    public ObservatoryConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(probing, "probing");
        Objects.requireNonNull(spectral, "spectral");
        Objects.requireNonNull(judging, "judging");
        Objects.requireNonNull(reportFile, "reportFile");
        Objects.requireNonNull(live, "live");
        if (jsonParameterRows < 0) {
            throw new IllegalArgumentException("jsonParameterRows must be >= 0, was " + jsonParameterRows);
        }
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
    public static ObservatoryBuilder builder() {
        return new ObservatoryBuilder();
    }

    /**
     * The rehearsal's configuration ({@code Rehearsal}): this one's probes and judging, with a window of
     * {@code iterations} observed from the first iteration, at most {@code maxTracked} tracked parameters within
     * {@code megabytes} and {@code closeUps} close-ups (enough to have the code compiled, not the user's sizes), no
     * eigen-directions (the solve runs during the real window, so its code is warm at the end), its probes on its own
     * thread alone (it runs beside training), no live view, no rehearsal of its own, the report and page written to
     * {@code reportFile}.
     */
    public ObservatoryConfig rehearsal(int iterations, int maxTracked, int closeUps, double megabytes,
                                       Path reportFile) {
        Window w = new Window(WindowStart.ITERATION, 0, iterations, 1, 0, 0, 0);
        Tracking t = new Tracking(Math.min(tracking.memoryBudgetMegabytes(), megabytes),
                Math.min(tracking.maxTrackedParameters(), maxTracked), Math.min(tracking.closeUps(), closeUps),
                Math.min(tracking.maxLag(), Math.max(1, iterations / 2)), tracking.lossSlices());
        Probing p = new Probing(probing.probes(), probing.reservoirBatches(), probing.reservoirMegabytes(),
                probing.perExampleGradients(), probing.hutchinsonProbes(), probing.finiteDifferenceStep(),
                probing.fullBlockMaxParameters(), 1, Optional.empty());
        return new ObservatoryConfig(w, t, p, new Spectral(0, spectral.megabytes(), spectral.every()), judging, seed,
                Optional.of(reportFile), htmlReport, Optional.empty(), false, jsonParameterRows, false);
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
     *     differences, the Hessian blocks central ones; the eigen-directions use exact products or their own step)
     * @param fullBlockMaxParameters groups of at most this many fully tracked parameters get a full-block prediction
     * @param threads the most threads the probes' independent passes are shared among, the training thread's
     *     included; 0: as many as the cores ND4J's BLAS leaves idle ({@code ProbeThreads#of})
     * @param probeData data for the probes instead of the reservoir, if given
     */
    public record Probing(Set<Probe> probes, int reservoirBatches, double reservoirMegabytes, int perExampleGradients,
                          int hutchinsonProbes, double finiteDifferenceStep, int fullBlockMaxParameters, int threads,
                          @JsonIgnore Optional<DataSet> probeData) {

        /** Copies the set; checks the thread count. */
        public Probing {
            if (threads < 0) {
                throw new IllegalArgumentException("threads >= 0 (0 = automatic), not " + threads);
            }
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
     *     {@code every}); 0 = the smallest stride at which projecting costs at most a share of the training time
     *     ({@link org.sgdobservatory.listener.ObservatoryBuilder#directionsEvery})
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

}
