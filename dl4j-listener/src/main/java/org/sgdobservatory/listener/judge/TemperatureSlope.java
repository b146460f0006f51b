package org.sgdobservatory.listener.judge;

import java.util.List;

import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.stats.LogLogFit;

/**
 * The temperature-versus-noise slope ({@code docs/theory.md#temperature-against-noise}), by sim-core's
 * {@link LogLogFit}: the least-squares slope of
 * {@code log T} on {@code log sigma^2_B} across parameters, {@code T = h Var}, with its OLS standard error; and the
 * slope the theory expects for the same parameters, the same fit on the predicted temperatures
 * {@code h V_pred} — which is 1 for SGD with i.i.d. minibatches, about 1/2 for RMSProp and 0 for the
 * {@code eta'/sigma^2} rule, and whatever the data order and curvatures make it otherwise. The two are compared by
 * the slope of {@code log(T / T_pred)} on {@code log sigma^2_B}, which is 0 when the theory's temperatures follow the
 * noise as measured: consistent within 1.96 of its OLS standard errors. Stateless.
 */
public final class TemperatureSlope {

    private static final double Z95 = 1.959964;

    private TemperatureSlope() {
    }

    /**
     * The observed and expected slopes over the judged parameters with positive temperature and noise.
     *
     * @param nominal the lecture's slope for the optimizer, for the basis text (NaN when it has none)
     * @param context the optimizer and data order, for the basis text
     */
    public static Slope of(List<ParameterReport> params, double nominal, String context) {
        int n = params.size();
        double[] noise = new double[n];
        double[] observed = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            ParameterReport p = params.get(i);
            noise[i] = p.probed().noiseVariance().value();
            observed[i] = p.verdict().judged() ? p.comparison().temperature() : Double.NaN;
            predicted[i] = p.probed().curvature().value() * p.prediction().variance().value();
        }
        return of(noise, observed, predicted, nominal, context);
    }

    /**
     * The slope of {@code log T} on {@code log sigma^2} over points with positive values, the expected slope over
     * those that also have a predicted temperature, and the verdict on their difference.
     *
     * @param noise the noise variances
     * @param observedTemperature {@code T = h Var} per point (NaN for a point that was not judged)
     * @param predictedTemperature {@code h V_pred} per point (NaN when not predicted)
     */
    public static Slope of(double[] noise, double[] observedTemperature, double[] predictedTemperature, double nominal,
                           String context) {
        int n = noise.length;
        double[] observed = observedTemperature;
        double[] predicted = new double[n];
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            // only points with both temperatures enter the expected slope and the difference
            predicted[i] = observed[i] > 0 ? predictedTemperature[i] : Double.NaN;
            ratio[i] = observed[i] / predictedTemperature[i];
        }
        LogLogFit fit = LogLogFit.of(noise, observed);
        LogLogFit expected = LogLogFit.of(noise, predicted);
        LogLogFit difference = LogLogFit.of(noise, ratio);
        double value = slope(fit).value();
        double exp = slope(expected).value();
        double diffSe = slope(difference).standardError();
        int usable = fit instanceof LogLogFit.Line l ? l.usablePoints() : ((LogLogFit.NotFitted) fit).usablePoints();
        String basis = Double.isFinite(exp)
                ? "the same fit on the predicted temperatures h V_pred (" + context + "; the lecture's value is "
                        + (Double.isFinite(nominal) ? nominal : "none") + ")"
                : "no expected slope: fewer than 3 judged points with a prediction (" + context + ")";
        Verdict verdict;
        if (!Double.isFinite(exp) || !Double.isFinite(value) || !(diffSe > 0)) {
            verdict = Verdict.notJudged(Double.isFinite(exp) ? NotJudgedReason.TOO_FEW_JUDGED
                    : NotJudgedReason.NOT_PREDICTED);
        } else {
            verdict = Math.abs(value - exp) <= Z95 * diffSe ? Verdict.consistent() : Verdict.inconsistent();
        }
        return new Slope(value, slope(fit).standardError(), usable, exp, basis, diffSe, verdict);
    }

    private static Estimate slope(LogLogFit fit) {
        return fit.fittedSlope().orElse(new Estimate(Double.NaN, Double.NaN, 0));
    }

    /** The lecture's slope for an updater family: 1 SGD (and momentum), 1/2 RMSProp, 0 the eta'/sigma^2 rule. */
    public static double nominal(org.sgdobservatory.report.model.UpdaterKind kind) {
        return switch (kind) {
            case SGD, NESTEROVS -> 1.0;
            case RMSPROP -> 0.5;
            case VARNORM -> 0.0;
            case UNSUPPORTED -> Double.NaN;
        };
    }
}
