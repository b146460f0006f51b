package org.sgdobservatory.listener.judge;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.sgdobservatory.listener.stats.AutocorrelationTime;
import org.sgdobservatory.listener.stats.BatchMeansTau;
import org.sgdobservatory.listener.stats.BlockMeans;
import org.sgdobservatory.listener.stats.MultiLevelBatchMeans;
import org.sgdobservatory.listener.stats.TraceDiagnostics;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.listener.stats.WithinBlockVariance;
import org.sgdobservatory.report.model.AutocorrelationMethod;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * What the window's traces say about each tracked parameter (position {@code i} in tracked order): mean, variance
 * with its standard error and 95% interval (the standard error from batch means of the squared deviations
 * {@code (theta - mean)^2}: {@code Var(s^2) = Var((theta - mean)^2) tau_sq / n}, which holds whatever the shape of
 * the autocorrelation and includes the trace's kurtosis; with fewer than 8 blocks the AR(1) form
 * {@code Var sqrt(2 tau2/n)} is the fallback), integrated autocorrelation time and effective sample size, the
 * fluctuation-dissipation ratio and the Geweke drift statistic
 * ({@code docs/estimators.md#integrated-autocorrelation-time-and-ess},
 * {@code docs/estimators.md#standard-error-of-a-variance}, {@code docs/estimators.md#geweke-drift-test}). A holder of
 * arrays, hence a final class.
 */
public final class TraceEstimates {

    /** {@code |Geweke z|} above this flags drift: two-sided p = 0.001 under N(0,1). */
    public static final double DRIFT_Z = 3.29;

    private final long samples;
    private final double[] mean;
    private final double[] variance;
    private final AutocorrelationTime[] tau;
    private final double[] gewekeZ;
    private final double[] fdr;
    private final double[] varianceSe;
    private final double[] tauSquared;

    private TraceEstimates(long samples, double[] mean, double[] variance, AutocorrelationTime[] tau,
                           double[] gewekeZ, double[] fdr, double[] varianceSe, double[] tauSquared) {
        this.samples = samples;
        this.mean = mean;
        this.variance = variance;
        this.tau = tau;
        this.gewekeZ = gewekeZ;
        this.fdr = fdr;
        this.varianceSe = varianceSe;
        this.tauSquared = tauSquared;
    }

    /**
     * The estimates from the window's statistics.
     *
     * @param moments the trace statistics
     * @param theoryTau per tracked parameter, the relaxation time the theory predicts ({@code (2 - eta h)/(eta h)}
     *     with the parameter's step rate), NaN when there is none: a floor where the window only bounds tau from
     *     below, and a floor on the drift test's block length
     */
    public static TraceEstimates of(TraceMoments moments, double[] theoryTau) {
        int p = moments.size();
        double[] mean = moments.meanTheta();
        double[] var = moments.varianceTheta();
        double[] fdr = moments.fluctuationDissipationRatio();
        BlockMeans blocks = moments.blockMeans();
        BlockMeans squared = moments.squaredDeviationBlockMeans();
        double[] m4 = moments.fourthCentralMoment();
        long n = moments.count();
        AutocorrelationTime[] taus = new AutocorrelationTime[p];
        double[] z = new double[p];
        double[] se = new double[p];
        double[] tau2 = new double[p];
        // each parameter on its own (pure functions of its block means): across the cores, the caller waiting anyway
        IntStream.range(0, p).parallel().forEach(i -> {
            taus[i] = TraceDiagnostics.autocorrelationTime(MultiLevelBatchMeans.tau(blocks, i, var[i]), theoryTau[i]);
            z[i] = TraceDiagnostics.gewekeZ(blocks, i, var[i], theoryTau[i]);
            // Var(s^2) = Var((theta - mean)^2) tau_sq / n, tau_sq from batch means of the squared deviations
            double spread = m4[i] - var[i] * var[i];
            BatchMeansTau sq = MultiLevelBatchMeans.tau(squared, i, spread);
            if (sq.available() && spread > 0) {
                tau2[i] = Math.max(sq.tau(), 1e-3);
                se[i] = Math.sqrt(spread * tau2[i] / n);
            } else {
                tau2[i] = taus[i].tauSquared();
                se[i] = TraceDiagnostics.varianceStandardError(var[i], tau2[i], n);
            }
        });
        return new TraceEstimates(n, mean, var, taus, z, fdr, se, tau2);
    }

    /**
     * These estimates with trace {@code i}'s variance, its standard error, autocorrelation time and drift score
     * replaced by its within-block estimate wherever {@code within[i]} is present
     * ({@code docs/estimators.md#within-block-variance}); the mean and fluctuation-dissipation ratio stay the
     * window's.
     */
    public TraceEstimates withinBlocks(List<Optional<WithinBlockVariance.Estimate>> within) {
        double[] var = variance.clone();
        double[] se = varianceSe.clone();
        double[] z = gewekeZ.clone();
        double[] tau2 = tauSquared.clone();
        AutocorrelationTime[] taus = tau.clone();
        for (int i = 0; i < var.length; i++) {
            if (within.get(i).isPresent()) {
                WithinBlockVariance.Estimate e = within.get(i).get();
                var[i] = e.variance();
                se[i] = e.standardError();
                z[i] = e.driftZ();
                taus[i] = AutocorrelationTime.ar1(e.relaxationTime(), AutocorrelationTime.FAST_COMPONENT);
                tau2[i] = taus[i].tauSquared();
            }
        }
        return new TraceEstimates(samples, mean, var, taus, z, fdr, se, tau2);
    }

    /** Samples in the window. */
    public long samples() {
        return samples;
    }

    /** Window mean of parameter {@code i}. */
    public double mean(int i) {
        return mean[i];
    }

    /** The window means of all tracked parameters (a copy). */
    public double[] means() {
        return mean.clone();
    }

    /** Observed variance of parameter {@code i} (population, {@code 1/n}). */
    public double variance(int i) {
        return variance[i];
    }

    /** The observed variances of all tracked parameters (a copy). */
    public double[] variances() {
        return variance.clone();
    }

    /** Effective sample size {@code n / tau} of parameter {@code i}. */
    public double effectiveSampleSize(int i) {
        return samples / tau[i].tau();
    }

    /** Whether the window resolves parameter {@code i}'s autocorrelation time. */
    public boolean autocorrelationResolved(int i) {
        return !tau[i].unresolved();
    }

    /** The observed variance with its standard error and 95% interval. */
    public Interval varianceInterval(int i) {
        double[] ci = TraceDiagnostics.varianceInterval95(variance[i], varianceSe[i]);
        return new Interval(variance[i], varianceSe[i], ci[0], ci[1]);
    }

    /** Geweke's drift statistic of parameter {@code i}. */
    public double gewekeZ(int i) {
        return gewekeZ[i];
    }

    /** Whether parameter {@code i}'s drift test fires ({@code |z| > DRIFT_Z}). */
    public boolean drifting(int i) {
        return Math.abs(gewekeZ[i]) > DRIFT_Z;
    }

    /** The observed part of parameter {@code i}'s report (without the limit-cycle spread). */
    public ParameterReport.Observed observed(int i, double limitCycleSpread) {
        return new ParameterReport.Observed(mean[i], varianceInterval(i), tau[i].tau(), tauSquared[i],
                effectiveSampleSize(i), method(tau[i]), limitCycleSpread);
    }

    /** The drift checks of parameter {@code i}. */
    public ParameterReport.Drift drift(int i) {
        return new ParameterReport.Drift(fdr[i], gewekeZ[i], drifting(i));
    }

    /** Fluctuation-dissipation ratio of parameter {@code i}. */
    public double fluctuationDissipationRatio(int i) {
        return fdr[i];
    }

    /** Integrated autocorrelation time of parameter {@code i}. */
    public double integratedAutocorrelationTime(int i) {
        return tau[i].tau();
    }

    /** Number of tracked parameters. */
    public int size() {
        return mean.length;
    }

    private static AutocorrelationMethod method(AutocorrelationTime t) {
        if (!(t.tau() > 0)) {
            return AutocorrelationMethod.NONE;
        }
        return switch (t.method()) {
            case AutocorrelationTime.LOWER_BOUND -> AutocorrelationMethod.LOWER_BOUND;
            case AutocorrelationTime.THEORY_FLOOR -> AutocorrelationMethod.THEORY_FLOOR;
            case AutocorrelationTime.FAST_COMPONENT -> AutocorrelationMethod.FAST_COMPONENT;
            default -> AutocorrelationMethod.BATCH_MEANS;
        };
    }
}
