package org.sgdobservatory.sim.theory;

import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.RmsPropTableGrid.Axis;

/**
 * The exact stationary variance of Deeplearning4j's {@code RmsProp} on a 1-D quadratic with additive Gaussian
 * noise, interpolated in a precomputed table: {@code O(1)} per parameter instead of a simulation.
 *
 * <p><b>What is tabulated.</b> By the scaling law of {@link RmsPropScaling},
 * {@code Var(x) = (sigma^2/h^2) f(a, rho, e)} exactly, with {@code a = lr h/sigma}, {@code e = epsilon/sigma},
 * {@code rho} the {@code rmsDecay}. The table holds {@code R = f/F}, the exact variance over the mean-field one
 * ({@code F(a, e)}, closed form in {@link RmsPropScaling}), which is smooth and within a few percent of 1
 * wherever it is tabulated (0.95 to 1 at {@code rho = 0.9}, 0.97 to 1 at 0.95: the fluctuation of {@code v} and
 * its correlation with the current gradient make RMSProp slightly colder than its mean field). The nodes are
 * the product of three axes, {@code 1 - rho}, the mean field {@code F} in noise units and the root share
 * {@code p = sqrt(1 + F)/(sqrt(1 + F) + e)} ({@link RmsPropTableGrid} says why and how each is interpolated;
 * docs/theory.md#rmsprop-stationary-table gives the grid). Nodes where {@code R} is not smooth enough for the
 * interpolation to hold its bound (epsilon-dominated and close to SGD's stability edge,
 * {@code E = 2F/(1 + F) -> 2}) are {@link Source#OMITTED}: a query whose cell touches one is not answered.
 *
 * <p><b>Uncertainty.</b> Each simulated node carries its Monte Carlo relative standard error (from independent
 * groups of chains, see the generator's description in the metadata); the interpolated value's Monte Carlo error
 * is {@code sqrt(sum_c w_c^2 SE_c^2)/R} over the corners {@code c} with weights {@code w_c} (the nodes are
 * independent simulations). The interpolation error bound is measured, not derived: the metadata key
 * {@value #INTERPOLATION_ERROR_BOUND} is the 99th percentile of {@code |table/simulation - 1|} over fresh
 * simulations at random off-grid points (Monte Carlo error of both included, so it is conservative). The
 * relative standard error of a {@link Lookup} counts that bound as two standard errors:
 * {@code sqrt(mc^2 + (bound/2)^2)}.
 *
 * <p><b>Outside the table</b> (and for inputs the scaling does not cover: weight decay, L1, zero noise) the
 * answer is a {@link Prediction.NotApplicable} whose explanation names the number and the range; the reason is
 * {@link Prediction.Reason#UNSUPPORTED_OPTIMIZER} ("use the simulator") except for invalid inputs
 * ({@code INVALID_INPUT}) and {@code h <= 0} ({@code NON_POSITIVE_CURVATURE}). A caller falls back to the group
 * simulation for those parameters.
 *
 * <p>Life cycle: {@link #shipped()} loads sim-core's resource once; {@link #read} and {@link #builder}
 * ({@link RmsPropTableBuilder}) make others (the generator, tests). Immutable and thread-safe.
 */
public final class RmsPropStationaryTable {

    /** The classpath resource of the shipped table. */
    public static final String RESOURCE = "/org/sgdobservatory/sim/theory/rmsprop-stationary-table.txt";
    /** Metadata key of the interpolation error bound, a fraction ({@code 0.005} = 0.5%). */
    public static final String INTERPOLATION_ERROR_BOUND = "interpolation-error-bound";

    /** Where a node's value comes from. */
    public enum Source {
        /** A simulation of the scaled chain with sim-core's {@code Simulation} (fused RMSProp step). */
        SIMULATED,
        /** The {@code a -> 0} limit {@link RmsPropSmallStepLimit} (Monte Carlo of the {@code v} recursion). */
        SMALL_STEP_LIMIT,
        /** {@code p = 0}: epsilon dominates, RMSProp is SGD with rate {@code lr/epsilon}, {@code R = 1} exactly. */
        SGD_LIMIT,
        /** Not tabulated; queries whose cell touches this node are not answered. */
        OMITTED
    }

    /**
     * A table answer with its uncertainty.
     *
     * @param prediction the stationary variance of {@code x}, or why the table does not answer
     * @param relativeStandardError {@code sqrt(mc^2 + (bound/2)^2)}; NaN when not applicable
     * @param monteCarloRelativeError the Monte Carlo relative standard error of the interpolated node values;
     *     NaN when not applicable
     * @param interpolationErrorBound the table's measured interpolation error bound (a fraction); NaN when not
     *     applicable
     * @param curvatureElasticity {@code d ln Var / d ln h} of the interpolated answer (exact derivative of the
     *     interpolant through the scaling law, {@code RmsPropScalingElasticities}); NaN when not applicable or not known
     * @param noiseElasticity {@code d ln Var / d ln sigma^2} of the interpolated answer; NaN when not applicable or
     *     not known
     */
    public record Lookup(Prediction prediction, double relativeStandardError, double monteCarloRelativeError,
            double interpolationErrorBound, double curvatureElasticity, double noiseElasticity) {

        /** Checks that a stationary answer has finite errors and a not-applicable one has none. */
        public Lookup {
            Objects.requireNonNull(prediction, "prediction");
            boolean finite = relativeStandardError >= 0 && monteCarloRelativeError >= 0
                    && interpolationErrorBound >= 0 && Double.isFinite(relativeStandardError);
            boolean none = Double.isNaN(relativeStandardError) && Double.isNaN(monteCarloRelativeError)
                    && Double.isNaN(interpolationErrorBound);
            if (prediction.isApplicable() ? !finite : !none) {
                throw new IllegalArgumentException("a stationary lookup needs finite errors >= 0 and a"
                        + " not-applicable one NaN errors, were " + relativeStandardError + ", "
                        + monteCarloRelativeError + ", " + interpolationErrorBound + " for " + prediction);
            }
        }

        static Lookup notApplicable(Prediction.Reason reason, String explanation) {
            return new Lookup(new Prediction.NotApplicable(reason, explanation), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }

        /**
         * The variance as an {@link Estimate}: standard error {@code variance * relativeStandardError}, effective
         * sample size {@code 2/relativeStandardError^2} (the number of independent Gaussian samples whose sample
         * variance has that relative error). Empty when not applicable.
         */
        public Optional<Estimate> estimate() {
            if (!(prediction instanceof Prediction.Stationary s)) {
                return Optional.empty();
            }
            double rel = relativeStandardError;
            return Optional.of(new Estimate(s.variance(), s.variance() * rel,
                    rel > 0 ? 2 / (rel * rel) : Double.POSITIVE_INFINITY));
        }
    }

    private static final class Shipped {
        static final RmsPropStationaryTable TABLE = read(RmsPropTableText.shippedResource(RESOURCE,
                "the table is generated by benchmarks/run-rmsprop-table.sh"));
    }

    private final RmsPropTableGrid grid;
    private final RmsPropTableQuery query;
    private final Map<String, String> metadata;
    private final double interpolationErrorBound;
    private final double maxNodeError;
    private final String method;

    RmsPropStationaryTable(double[] oneMinusRho, double[] meanField, double[] rootShare, double[] ratio,
            double[] relativeError, Source[] source, Map<String, String> metadata) {
        this.grid = new RmsPropTableGrid(oneMinusRho, meanField, rootShare, ratio, relativeError, source);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.interpolationErrorBound = RmsPropTableText.interpolationErrorBound(metadata,
                "set the metadata '" + INTERPOLATION_ERROR_BOUND + "' to the measured bound (a fraction)");
        this.maxNodeError = grid.maxNodeRelativeStandardError();
        this.method = String.format(java.util.Locale.ROOT, "RMSProp stationary table %s (exact scaled variance"
                + " f(lr h/sigma, rho, eps/sigma) over its mean field, interpolated; node Monte Carlo SE <= %.2f%%,"
                + " interpolation error <= %.2f%%)", metadata.getOrDefault("table-id", "(unnamed)"),
                100 * maxNodeError, 100 * interpolationErrorBound);
        this.query = new RmsPropTableQuery(grid, interpolationErrorBound, method);
    }

    /**
     * The table shipped in sim-core's jar ({@value #RESOURCE}), loaded on first use.
     *
     * @throws IllegalStateException if the resource is missing or unreadable (a broken build)
     */
    public static RmsPropStationaryTable shipped() {
        return Shipped.TABLE;
    }

    /**
     * Reads a table in the text format documented in {@code RmsPropTableText} (and the sim-core README).
     *
     * @param in the text; closed when read
     * @return the table
     * @throws IllegalArgumentException naming the line if the text is not a valid table
     * @throws UncheckedIOException if reading fails
     */
    public static RmsPropStationaryTable read(Reader in) {
        return RmsPropTableText.read(in);
    }

    /**
     * Writes this table in the text format that {@link #read} reads.
     *
     * @param out the destination; flushed, not closed
     * @throws UncheckedIOException if writing fails
     */
    public void write(Writer out) {
        RmsPropTableText.write(this, out);
    }

    /**
     * The stationary variance of {@code x} (same as {@link #lookup}, without the errors).
     *
     * @param learningRate {@code lr}
     * @param curvature {@code h}, L2 included
     * @param noiseVariance {@code sigma^2}, the minibatch gradient noise variance
     * @param rmsDecay {@code rho}
     * @param epsilon RMSProp's epsilon ({@code >= 0})
     * @return the prediction; never throws
     */
    public Prediction predict(double learningRate, double curvature, double noiseVariance, double rmsDecay,
            double epsilon) {
        return lookup(learningRate, curvature, noiseVariance, rmsDecay, epsilon, 0, 0).prediction();
    }

    /**
     * The stationary variance of {@code x} with its uncertainty, without L1 and weight decay.
     *
     * @see #lookup(double, double, double, double, double, double, double)
     */
    public Lookup lookup(double learningRate, double curvature, double noiseVariance, double rmsDecay,
            double epsilon) {
        return lookup(learningRate, curvature, noiseVariance, rmsDecay, epsilon, 0, 0);
    }

    /**
     * The stationary variance {@code Var(x) = (sigma^2/h^2) R F} of one parameter under DL4J's RmsProp with
     * i.i.d. minibatches, with its uncertainty (class comment). Never throws: invalid or uncovered inputs give a
     * {@link Prediction.NotApplicable} with NaN errors.
     *
     * @param learningRate {@code lr > 0}
     * @param curvature {@code h > 0}, with the L2 coefficient added (L2 enters the gradient before the updater)
     * @param noiseVariance {@code sigma^2 > 0}
     * @param rmsDecay {@code rho}; the table covers {@code 1 - rho} in its axis range (0.9 to 0.999 shipped)
     * @param epsilon {@code >= 0}
     * @param l1 the L1 coefficient; {@code > 0} is not covered (a sign term with its own scale)
     * @param weightDecay the weight-decay coefficient; {@code > 0} is not covered (it acts on the update after
     *     the updater, with the scale of {@code x}, and breaks the scaling law)
     * @return the answer
     */
    public Lookup lookup(double learningRate, double curvature, double noiseVariance, double rmsDecay,
            double epsilon, double l1, double weightDecay) {
        return query.lookup(learningRate, curvature, noiseVariance, rmsDecay, epsilon, l1, weightDecay);
    }

    /** The {@code 1 - rho} axis (a copy). */
    public double[] oneMinusRhoAxis() {
        return grid.axis(Axis.ONE_MINUS_RHO);
    }

    /** The {@code F} axis (a copy); node 0 is {@code F = 0}, the small-step limit. */
    public double[] meanFieldAxis() {
        return grid.axis(Axis.MEAN_FIELD);
    }

    /** The {@code p} axis (a copy). */
    public double[] rootShareAxis() {
        return grid.axis(Axis.ROOT_SHARE);
    }

    /** The tabulated {@code R = f/F} at node {@code (k, i, j)} (NaN if omitted). */
    public double nodeRatio(int k, int i, int j) {
        return grid.ratio(k, i, j);
    }

    /** The Monte Carlo relative standard error of node {@code (k, i, j)} (0 for exact nodes). */
    public double nodeRelativeStandardError(int k, int i, int j) {
        return grid.relativeStandardError(k, i, j);
    }

    /** The source of node {@code (k, i, j)}. */
    public Source nodeSource(int k, int i, int j) {
        return grid.source(k, i, j);
    }

    /** The provenance and error metadata, in file order (unmodifiable). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The measured interpolation error bound (a fraction). */
    public double interpolationErrorBound() {
        return interpolationErrorBound;
    }

    /** The largest Monte Carlo relative standard error of a tabulated node. */
    public double maxNodeRelativeStandardError() {
        return maxNodeError;
    }

    /** The method string of every stationary answer. */
    public String method() {
        return method;
    }

    @Override
    public String toString() {
        return "RmsPropStationaryTable[" + metadata.getOrDefault("table-id", "unnamed") + ", " + grid.shape()
                + " nodes]";
    }

    /**
     * A builder over three axes (see the class comment): every node must be set once.
     *
     * @param oneMinusRho ascending values of {@code 1 - rho} in {@code (0, 1)}, at least two
     * @param meanField ascending values of {@code F}, the first 0, at least two
     * @param rootShare ascending values of {@code p} in {@code [0, 1]}, at least two
     * @return the builder
     * @throws IllegalArgumentException if an axis is invalid
     */
    public static RmsPropTableBuilder builder(double[] oneMinusRho, double[] meanField, double[] rootShare) {
        return new RmsPropTableBuilder(oneMinusRho, meanField, rootShare);
    }
}
