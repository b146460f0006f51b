package org.sgdobservatory.listener.judge;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.report.model.Verdict;

/**
 * One parameter's verdict ({@code docs/verdicts.md#parameter-verdicts}): not judged when the updater has no theory,
 * the data order is a fixed cycle, nothing was observed, the window does not resolve the autocorrelation time or
 * gives fewer than the minimum effective samples, the trace drifts, or there is no prediction; otherwise consistent
 * when the 95% interval of observed/predicted contains 1, inconsistent when it does not.
 *
 * <p>The ratio's interval combines both sides in log space: the observed variance's 95% interval (chi-square with
 * {@code 2/rse^2} degrees of freedom, asymmetric) widened on each side in quadrature by the prediction's
 * {@code 1.96 SE_pred / V_pred}: {@code ln(hi/r) = sqrt(ln(hi_obs/V_obs)^2 + (1.96 rse_pred)^2)}, likewise below.
 * Its standard error is {@code r sqrt(rse_obs^2 + rse_pred^2)}. Stateless.
 */
public final class ParameterJudge {

    private static final double Z95 = 1.959964;

    private ParameterJudge() {
    }

    /**
     * Observed over predicted with the interval described above; {@link Interval#NONE} when not predicted or the
     * observed interval is not finite.
     */
    public static Interval ratio(Interval observed, PredictionReport prediction) {
        double pv = prediction.variance().value();
        if (!prediction.predicted() || !(pv > 0) || !(observed.value() > 0)) {
            return Interval.NONE;
        }
        double r = observed.value() / pv;
        double rsePred = prediction.variance().relativeStandardError();
        double rseObs = observed.standardError() / observed.value();
        double p = Double.isFinite(rsePred) ? Z95 * rsePred : 0;
        double below = Math.log(observed.value() / observed.low95());
        double above = Math.log(observed.high95() / observed.value());
        if (!Double.isFinite(below) || !Double.isFinite(above)) {
            return new Interval(r, r * Math.sqrt(sq(rseObs) + sq(p / Z95)), Double.NaN, Double.NaN);
        }
        return new Interval(r, r * Math.sqrt(sq(rseObs) + sq(p / Z95)), r * Math.exp(-Math.hypot(below, p)),
                r * Math.exp(Math.hypot(above, p)));
    }

    /**
     * The verdict of one parameter.
     *
     * @param updater its updater family
     * @param order the data order predictions assume
     * @param estimates the window's estimates
     * @param i its tracked position
     * @param minEffectiveSampleSize the ESS a judgement needs
     * @param prediction its prediction
     * @param ratio its observed/predicted interval
     */
    public static Verdict verdict(UpdaterKind updater, DataOrder order, TraceEstimates estimates, int i,
                                  double minEffectiveSampleSize, PredictionReport prediction, Interval ratio) {
        return notJudged(updater, order, estimates, i, minEffectiveSampleSize, prediction)
                .map(Verdict::notJudged)
                .orElseGet(() -> ratio.contains(1.0) ? Verdict.consistent() : Verdict.inconsistent());
    }

    /** Why a parameter is not judged, in the order of the class comment; empty when it is judged. */
    static java.util.Optional<NotJudgedReason> notJudged(UpdaterKind updater, DataOrder order,
                                                        TraceEstimates estimates, int i, double minEss,
                                                        PredictionReport prediction) {
        NotJudgedReason r = null;
        if (updater == UpdaterKind.UNSUPPORTED) {
            r = NotJudgedReason.UNSUPPORTED_UPDATER;
        } else if (order == DataOrder.FIXED_CYCLIC) {
            r = NotJudgedReason.LIMIT_CYCLE;
        } else if (estimates.samples() < 2 || !(estimates.variance(i) > 0)) {
            r = NotJudgedReason.NO_SAMPLES;
        } else if (!estimates.autocorrelationResolved(i)) {
            r = NotJudgedReason.AUTOCORRELATION_UNRESOLVED;
        } else if (!(estimates.effectiveSampleSize(i) >= minEss)) {
            r = NotJudgedReason.WINDOW_TOO_SHORT;
        } else if (estimates.drifting(i)) {
            r = NotJudgedReason.DRIFTING;
        } else if (!prediction.predicted()) {
            r = NotJudgedReason.NOT_PREDICTED;
        }
        return java.util.Optional.ofNullable(r);
    }

    private static double sq(double x) {
        return x * x;
    }
}
