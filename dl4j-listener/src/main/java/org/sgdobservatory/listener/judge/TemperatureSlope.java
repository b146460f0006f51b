package org.sgdobservatory.listener.judge;

import java.util.List;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.Verdict;

/**
 * The temperature-versus-noise slope ({@code docs/theory.md#temperature-versus-noise}): the least-squares slope of
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
     * The observed slope over the parameters with positive temperature and noise, and the expected slope over those
     * of them that have a prediction.
     *
     * @param nominal the lecture's slope for the optimizer, for the basis text (NaN when it has none)
     * @param context the optimizer and data order, for the basis text
     */
    public static Slope of(List<ParameterReport> params, double nominal, String context) {
        SimpleRegression observed = new SimpleRegression();
        SimpleRegression expected = new SimpleRegression();
        SimpleRegression difference = new SimpleRegression();
        for (ParameterReport p : params) {
            double s2 = p.probed().noiseVariance().value();
            double t = p.comparison().temperature();
            if (!(s2 > 0 && t > 0 && Double.isFinite(s2) && Double.isFinite(t))) {
                continue;
            }
            observed.addData(Math.log(s2), Math.log(t));
            double tPred = p.probed().curvature().value() * p.prediction().variance().value();
            if (tPred > 0 && Double.isFinite(tPred)) {
                expected.addData(Math.log(s2), Math.log(tPred));
                difference.addData(Math.log(s2), Math.log(t / tPred));
            }
        }
        double value = slope(observed);
        double se = observed.getN() >= 3 ? observed.getSlopeStdErr() : Double.NaN;
        double exp = expected.getN() >= 3 ? slope(expected) : Double.NaN;
        String basis = Double.isFinite(exp)
                ? "the same fit on the predicted temperatures h V_pred of " + expected.getN() + " parameters ("
                        + context + "; the lecture's value is " + (Double.isFinite(nominal) ? nominal : "none") + ")"
                : "no expected slope: fewer than 3 parameters with a prediction (" + context + ")";
        double diffSe = difference.getN() >= 3 ? difference.getSlopeStdErr() : Double.NaN;
        Verdict verdict;
        if (!Double.isFinite(exp) || !Double.isFinite(value) || !(diffSe > 0)) {
            verdict = Verdict.notJudged(Double.isFinite(exp) ? NotJudgedReason.TOO_FEW_JUDGED
                    : NotJudgedReason.NOT_PREDICTED);
        } else {
            verdict = Math.abs(value - exp) <= Z95 * diffSe ? Verdict.consistent() : Verdict.inconsistent();
        }
        return new Slope(value, Double.isFinite(value) ? se : Double.NaN, (int) observed.getN(), exp, basis, diffSe,
                verdict);
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

    private static double slope(SimpleRegression r) {
        if (r.getN() < 3) {
            return Double.NaN;
        }
        double b = r.getSlope();
        return Double.isFinite(b) && r.getXSumSquares() > 0 ? b : Double.NaN;
    }
}
