package org.sgdobservatory.sim.theory;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sgdobservatory.sim.stats.Estimate;

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
 * the product of three axes:
 * <ul>
 *   <li>{@code 1 - rho} (linear interpolation; the deviation {@code 1 - R} is close to proportional to it);</li>
 *   <li>{@code F}, the mean-field variance in noise units: node 0 is the limit {@code a -> 0}
 *       ({@link RmsPropSmallStepLimit}) and the segment {@code [0, F_1]} is interpolated linearly in {@code F}
 *       (the first correction is linear in {@code a}); above {@code F_1}, linearly in {@code log F}. {@code F}
 *       replaces {@code a} because it maps the whole range of {@code a}, from the noise-dominated
 *       {@code F ~ a/2} to the sign-like {@code F ~ a^2/4} of large steps, onto one axis on which {@code R} is
 *       smooth;</li>
 *   <li>{@code p = sqrt(1 + F)/(sqrt(1 + F) + e)}, the share of {@code sqrt(v)} in the denominator (linear):
 *       {@code p = 1} is a negligible epsilon, {@code p = 0} the limit where epsilon dominates and RMSProp is SGD
 *       with rate {@code lr/epsilon}, for which the mean field is exact ({@code R = 1}, source
 *       {@link Source#SGD_LIMIT}).</li>
 * </ul>
 * Nodes where {@code R} is not smooth enough for the interpolation to hold its bound (epsilon-dominated and close
 * to SGD's stability edge, {@code E = 2F/(1 + F) -> 2}) are {@link Source#OMITTED}: a query whose cell touches one
 * is not answered.
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
        static final RmsPropStationaryTable TABLE = load();

        private static RmsPropStationaryTable load() {
            InputStream in = RmsPropStationaryTable.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from sim-core's jar;"
                        + " rebuild sim-core (the table is generated by benchmarks/run-rmsprop-table.sh)");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    private final double[] oneMinusRho;
    private final double[] meanField;
    private final double[] logMeanField;
    private final double[] rootShare;
    private final double[] ratio;
    private final double[] relativeError;
    private final Source[] source;
    private final Map<String, String> metadata;
    private final double interpolationErrorBound;
    private final double maxNodeError;
    private final String method;

    RmsPropStationaryTable(double[] oneMinusRho, double[] meanField, double[] rootShare, double[] ratio,
            double[] relativeError, Source[] source, Map<String, String> metadata) {
        this.oneMinusRho = oneMinusRho.clone();
        this.meanField = meanField.clone();
        this.rootShare = rootShare.clone();
        this.ratio = ratio.clone();
        this.relativeError = relativeError.clone();
        this.source = source.clone();
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.logMeanField = new double[meanField.length];
        for (int i = 1; i < meanField.length; i++) {
            logMeanField[i] = Math.log(meanField[i]);
        }
        String bound = metadata.get(INTERPOLATION_ERROR_BOUND);
        this.interpolationErrorBound = Checks.nonNegative(INTERPOLATION_ERROR_BOUND,
                bound == null ? Double.NaN : Double.parseDouble(bound.split("\\s+")[0]),
                "set the metadata '" + INTERPOLATION_ERROR_BOUND + "' to the measured bound (a fraction)");
        double worst = 0;
        for (int n = 0; n < ratio.length; n++) {
            if (source[n] != Source.OMITTED) {
                worst = Math.max(worst, relativeError[n]);
            }
        }
        this.maxNodeError = worst;
        this.method = String.format(java.util.Locale.ROOT, "RMSProp stationary table %s (exact scaled variance"
                + " f(lr h/sigma, rho, eps/sigma) over its mean field, interpolated; node Monte Carlo SE <= %.2f%%,"
                + " interpolation error <= %.2f%%)", metadata.getOrDefault("table-id", "(unnamed)"),
                100 * maxNodeError, 100 * interpolationErrorBound);
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
        Optional<Prediction.NotApplicable> screened = Applicability.screen(learningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return Lookup.notApplicable(screened.get().reason(), screened.get().explanation());
        }
        if (!(noiseVariance > 0)) {
            return Lookup.notApplicable(Prediction.Reason.INVALID_INPUT, "noise variance sigma^2 = 0: without"
                    + " noise RMSProp is a deterministic sign-like map, which the table does not cover");
        }
        if (!(epsilon >= 0 && epsilon < Double.POSITIVE_INFINITY)) {
            return Lookup.notApplicable(Prediction.Reason.INVALID_INPUT, "epsilon = " + epsilon
                    + " is not finite and >= 0");
        }
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            return Lookup.notApplicable(Prediction.Reason.INVALID_INPUT, "rmsDecay = " + rmsDecay
                    + " is not in (0, 1)");
        }
        if (!(l1 == 0 && weightDecay == 0)) {
            return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "L1 = " + l1 + ", weight decay = "
                    + weightDecay + ": the table covers only L2 (added to the curvature); L1 and weight decay"
                    + " break the scaling Var = (sigma^2/h^2) f(lr h/sigma, rho, eps/sigma), simulate instead");
        }
        double d = 1 - rmsDecay;
        int k = cell(oneMinusRho, d);
        if (k < 0) {
            return outside("1 - rmsDecay = " + d, oneMinusRho);
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        if (!(a > 0 && a < Double.POSITIVE_INFINITY && e < Double.POSITIVE_INFINITY)) {
            return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "lr h/sigma = " + a
                    + ", eps/sigma = " + e + " overflow: outside the table, simulate instead");
        }
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double p = RmsPropScaling.rootShare(f, e);
        int i = cell(meanField, f);
        if (i < 0) {
            return outside("mean-field variance in noise units F = " + f + " (lr h/sigma = " + a + ")", meanField);
        }
        int j = cell(rootShare, p);
        if (j < 0) {
            return outside("root share p = sqrt(1+F)/(sqrt(1+F) + eps/sigma) = " + p, rootShare);
        }
        double tk = fraction(oneMinusRho[k], oneMinusRho[k + 1], d);
        double ti = i == 0 ? fraction(meanField[0], meanField[1], f)
                : fraction(logMeanField[i], logMeanField[i + 1], Math.log(f));
        double tj = fraction(rootShare[j], rootShare[j + 1], p);
        double value = 0;
        double mc2 = 0;
        double slopeI = 0;   // d value / d ti
        double slopeJ = 0;   // d value / d tj
        boolean slopesKnown = true;
        for (int corner = 0; corner < 8; corner++) {
            int ck = k + (corner & 1);
            int ci = i + ((corner >> 1) & 1);
            int cj = j + ((corner >> 2) & 1);
            double wk = (corner & 1) == 0 ? 1 - tk : tk;
            double wi = ((corner >> 1) & 1) == 0 ? 1 - ti : ti;
            double wj = ((corner >> 2) & 1) == 0 ? 1 - tj : tj;
            double w = wk * wi * wj;
            int n = index(ck, ci, cj);
            if (w == 0) {
                // no weight, but a slope across the cell: unknown next to an omitted node
                slopesKnown &= source[n] != Source.OMITTED;
                if (slopesKnown) {
                    slopeI += wk * wj * (ci == i ? -1 : 1) * ratio[n];
                    slopeJ += wk * wi * (cj == j ? -1 : 1) * ratio[n];
                }
                continue;
            }
            slopeI += wk * wj * (ci == i ? -1 : 1) * ratio[n];
            slopeJ += wk * wi * (cj == j ? -1 : 1) * ratio[n];
            if (source[n] == Source.OMITTED) {
                return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, String.format(
                        java.util.Locale.ROOT, "F = %.4g, p = %.4g, 1 - rho = %.4g lies in the untabulated region"
                                + " (epsilon dominates near SGD's stability edge, mean-field eta h = %.4g):"
                                + " simulate instead", f, p, d, 2 * f / (1 + f)));
            }
            value += w * ratio[n];
            double se = relativeError[n] * ratio[n];
            mc2 += w * w * se * se;
        }
        double mc = Math.sqrt(mc2) / value;
        double variance = noiseVariance / (curvature * curvature) * value * f;
        // d ln R / d ln F and d ln R / d p of the interpolant, from the slopes across the cell
        double tiPerLogF = i == 0 ? f / (meanField[1] - meanField[0]) : 1 / (logMeanField[i + 1] - logMeanField[i]);
        double tjPerP = 1 / (rootShare[j + 1] - rootShare[j]);
        RmsPropScalingElasticities el = slopesKnown
                ? RmsPropScalingElasticities.of(a, e, f, slopeI * tiPerLogF / value, slopeJ * tjPerP / value)
                : RmsPropScalingElasticities.UNKNOWN;
        return new Lookup(new Prediction.Stationary(variance, method),
                Math.sqrt(mc * mc + 0.25 * interpolationErrorBound * interpolationErrorBound), mc,
                interpolationErrorBound, el.curvature(), el.noiseVariance());
    }

    /** The cell {@code c} with {@code axis[c] <= x <= axis[c + 1]}, or -1 outside (rounding at the ends allowed). */
    private static int cell(double[] axis, double x) {
        int last = axis.length - 1;
        double slack = 1e-12 * Math.max(Math.abs(axis[last]), Math.abs(axis[0]));
        if (!(x >= axis[0] - slack && x <= axis[last] + slack)) {
            return -1;
        }
        int at = Arrays.binarySearch(axis, x);
        int c = at >= 0 ? at : -at - 2;
        return Math.max(0, Math.min(last - 1, c));
    }

    private static double fraction(double lo, double hi, double x) {
        return Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
    }

    private static Lookup outside(String what, double[] axis) {
        return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, what + " is outside the table's range ["
                + axis[0] + ", " + axis[axis.length - 1] + "]: simulate instead");
    }

    private int index(int k, int i, int j) {
        return (k * meanField.length + i) * rootShare.length + j;
    }

    /** The {@code 1 - rho} axis (a copy). */
    public double[] oneMinusRhoAxis() {
        return oneMinusRho.clone();
    }

    /** The {@code F} axis (a copy); node 0 is {@code F = 0}, the small-step limit. */
    public double[] meanFieldAxis() {
        return meanField.clone();
    }

    /** The {@code p} axis (a copy). */
    public double[] rootShareAxis() {
        return rootShare.clone();
    }

    /** The tabulated {@code R = f/F} at node {@code (k, i, j)} (NaN if omitted). */
    public double nodeRatio(int k, int i, int j) {
        return ratio[index(k, i, j)];
    }

    /** The Monte Carlo relative standard error of node {@code (k, i, j)} (0 for exact nodes). */
    public double nodeRelativeStandardError(int k, int i, int j) {
        return relativeError[index(k, i, j)];
    }

    /** The source of node {@code (k, i, j)}. */
    public Source nodeSource(int k, int i, int j) {
        return source[index(k, i, j)];
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
        return "RmsPropStationaryTable[" + metadata.getOrDefault("table-id", "unnamed") + ", "
                + oneMinusRho.length + " x " + meanField.length + " x " + rootShare.length + " nodes]";
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
