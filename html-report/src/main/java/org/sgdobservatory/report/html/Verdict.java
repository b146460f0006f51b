package org.sgdobservatory.report.html;

import java.util.List;

/**
 * One plain-language verdict line of a run (settled? prediction holds? Gibbs? data order?). The criteria
 * are stated in the text, so that the reader can disagree with them.
 *
 * @param question what is being answered ("Settled?")
 * @param level how it came out
 * @param answer the short answer ("yes", "no", "partly", "not Gibbs")
 * @param detail the numbers behind the answer (plain text, escaped when written)
 */
record Verdict(String question, Level level, String answer, String detail) {

    /** How a verdict came out; drives the badge colour only. */
    enum Level {
        /** As the theory needs it. */
        GOOD,
        /** Partly. */
        MIXED,
        /** Not as the theory needs it. */
        BAD,
        /** A fact, neither good nor bad (e.g. which data order). */
        NEUTRAL,
        /** Not enough data to say. */
        UNKNOWN
    }

    /** The four verdicts of a run, in the order the page shows them. */
    static List<Verdict> of(RunSummary s) {
        return List.of(settled(s), prediction(s), gibbs(s), dataOrder(s));
    }

    static Verdict settled(RunSummary s) {
        String q = "Settled?";
        if (s.groups() == 0) {
            return new Verdict(q, Level.UNKNOWN, "unknown", "the report has no parameter groups");
        }
        String drift = Double.isFinite(s.fractionDrifting())
                ? "; " + Html.percent(s.fractionDrifting()) + " of the " + s.parameters()
                + " tracked parameters drift (Geweke |z| > 3.29)"
                : "";
        String counts = s.settledGroups() + " of " + s.groups() + " groups settled" + drift
                + "; median FDR ratio " + Html.number(s.medianFdr()) + " (1 when stationary)";
        if (s.settledGroups() == s.groups()) {
            return new Verdict(q, Level.GOOD, "yes", counts);
        }
        return new Verdict(q, s.settledGroups() == 0 ? Level.BAD : Level.MIXED,
                s.settledGroups() == 0 ? "no" : "partly", counts);
    }

    static Verdict prediction(RunSummary s) {
        String q = "Prediction holds?";
        if (s.predicted() == 0) {
            return new Verdict(q, Level.UNKNOWN, "not predicted", "no parameter has a prediction"
                    + s.commonReason().map(r -> "; most common reason: " + r).orElse(""));
        }
        double m = s.medianRatio();
        double distance = Math.abs(Math.log(m));
        Level level = distance <= Math.log(1.5) ? Level.GOOD : distance <= Math.log(2) ? Level.MIXED : Level.BAD;
        String answer = switch (level) {
            case GOOD -> "yes (within a factor 1.5)";
            case MIXED -> "roughly (within a factor 2)";
            default -> "no (off by more than a factor 2)";
        };
        String cover = Double.isFinite(s.fractionIntervalCoversOne())
                ? "; the 95% interval of the ratio contains 1 for " + Html.percent(s.fractionIntervalCoversOne())
                + " of them" : "";
        String unpredicted = s.parameters() > s.predicted()
                ? "; " + (s.parameters() - s.predicted()) + " not predicted"
                + s.commonReason().map(r -> " (mostly: " + r + ")").orElse("") : "";
        return new Verdict(q, level, answer, "median observed/predicted variance " + Html.number(m) + " over "
                + s.predicted() + " predicted parameters" + cover + unpredicted);
    }

    static Verdict gibbs(RunSummary s) {
        String q = "Gibbs (one temperature)?";
        if (s.temperatureFit().isEmpty()) {
            return new Verdict(q, Level.UNKNOWN, "unknown", "fewer than 3 parameters with a positive temperature"
                    + " and noise, so log T vs log σ²_B cannot be fitted");
        }
        SlopeFit f = s.temperatureFit().get();
        boolean flat = Math.abs(f.slope()) <= 2 * f.standardError();
        String theory = Double.isFinite(s.theorySlope())
                ? "; theory for " + s.optimizer() + ": " + Html.number(s.theorySlope())
                + (Math.abs(f.slope() - s.theorySlope()) <= 2 * f.standardError() ? " (consistent, within 2 SE)"
                : " (" + Html.number(Math.abs(f.slope() - s.theorySlope()) / f.standardError()) + " SE away)")
                : "";
        String alpha = Double.isFinite(s.medianMeasuredAlpha())
                ? "; median measured alpha = T/(lr σ²_B) " + Html.number(s.medianMeasuredAlpha())
                + " (theory 1/2, the lecture's 1/10)" : "";
        String detail = "slope of log T vs log σ²_B " + Html.number(f.slope()) + " ± "
                + Html.number(f.standardError()) + " over " + f.points() + " parameters" + theory
                + "; one shared temperature (Gibbs) needs slope 0" + alpha;
        return new Verdict(q, Level.NEUTRAL, flat ? "consistent with one temperature" : "no: temperatures follow the noise",
                detail);
    }

    static Verdict dataOrder(RunSummary s) {
        String q = "Data order?";
        String used = s.dataOrderUsed();
        String base = "predictions assume " + used + " (fingerprints say " + s.dataOrderDetected() + ")";
        if ("FIXED_CYCLIC".equals(used)) {
            return new Verdict(q, Level.NEUTRAL, "fixed cyclic: a limit cycle, not a density", base
                    + (Double.isFinite(s.medianLimitCycleRatio())
                    ? "; median observed/predicted limit-cycle spread " + Html.number(s.medianLimitCycleRatio())
                    : "; no limit-cycle spread reported"));
        }
        if ("UNKNOWN".equals(used)) {
            return new Verdict(q, Level.UNKNOWN, "unknown", base + "; predictions, if any, assume i.i.d. minibatches");
        }
        if (s.orderPairs() == 0) {
            return new Verdict(q, Level.NEUTRAL, used.toLowerCase(java.util.Locale.ROOT), base + (s.iidOnly() > 0
                    ? "; there is no prediction for this order, so its effect is unknown: " + s.iidOnly()
                    + " parameters have only the lecture's i.i.d.-minibatch prediction (the charts use it)"
                    : "; no parameter has both the order-specific and the i.i.d. prediction"));
        }
        return new Verdict(q, Level.NEUTRAL, used.toLowerCase(java.util.Locale.ROOT),
                base + "; it changes the predicted variance by a median factor " + Html.number(s.orderFactor())
                        + " against the lecture's i.i.d.-minibatch model (predictedVariance / predictedVarianceIid"
                        + " over " + s.orderPairs() + " parameters)");
    }
}
