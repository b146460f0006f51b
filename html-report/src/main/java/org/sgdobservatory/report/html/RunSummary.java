package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The run-level numbers behind the verdicts and the comparison table, computed from one run of the example
 * report (its listener report's groups and parameters). Absent values are NaN or empty.
 *
 * @param label the run's label ("SGD")
 * @param optimizer the optimizer family ("sgd", "rmsprop", "varnorm"; from the updater when absent)
 * @param groups groups reported
 * @param settledGroups groups whose verdict is "settled"
 * @param parameters tracked parameters reported
 * @param fractionDrifting fraction of parameters whose drift test fires
 * @param predicted parameters with a finite observed/predicted ratio
 * @param medianRatio median observed/predicted variance over predicted parameters
 * @param fractionIntervalCoversOne fraction of predicted parameters whose 95% ratio interval contains 1
 * @param commonReason the most common reason a parameter is not predicted, if any
 * @param temperatureFit fit of {@code log10 T} on {@code log10 sigma^2_B} over parameters where both are positive
 * @param theorySlope the theory's slope for this optimizer (1 SGD, 1/2 RMSProp, 0 varnorm), NaN if unknown
 * @param medianMeasuredAlpha median {@code T/(lr sigma^2_B)} over Sgd parameters (NaN for other updaters,
 *     where {@code lr} is not the effective rate)
 * @param orderFactor median {@code predictedVariance / predictedVarianceIid}: how much the data order changes
 *     the prediction
 * @param orderPairs parameters behind {@link #orderFactor}
 * @param iidOnly parameters with the i.i.d. prediction but no prediction for the order used
 * @param medianFdr median fluctuation-dissipation ratio
 * @param medianTau median integrated autocorrelation time (iterations observed)
 * @param medianLimitCycleRatio median observed/predicted limit-cycle spread (fixed cyclic order), NaN otherwise
 * @param dataOrderUsed the order predictions assume
 * @param dataOrderDetected the order the fingerprints show
 */
record RunSummary(String label, String optimizer, int groups, int settledGroups, int parameters,
                  double fractionDrifting, int predicted, double medianRatio, double fractionIntervalCoversOne,
                  Optional<String> commonReason, Optional<SlopeFit> temperatureFit, double theorySlope,
                  double medianMeasuredAlpha, double orderFactor, int orderPairs, int iidOnly, double medianFdr,
                  double medianTau, double medianLimitCycleRatio, String dataOrderUsed,
                  String dataOrderDetected) {

    /** The summary of {@code run} (one element of the example report's {@code runs}). */
    static RunSummary of(JsonNode run, int position) {
        JsonNode obs = Json.object(run, "observatory").orElse(null);
        List<JsonNode> groupNodes = Json.array(obs, "groups");
        List<JsonNode> params = Json.array(obs, "parameters");
        int settled = (int) groupNodes.stream().filter(g -> Json.bool(g, "settled").orElse(false)).count();

        List<Double> ratios = new ArrayList<>();
        int covering = 0;
        int withInterval = 0;
        int drifting = 0;
        int driftKnown = 0;
        Map<String, Integer> reasons = new HashMap<>();
        List<Double> logNoise = new ArrayList<>();
        List<Double> logTemp = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        List<Double> orderFactors = new ArrayList<>();
        int iidOnly = 0;
        List<Double> fdrs = new ArrayList<>();
        List<Double> taus = new ArrayList<>();
        List<Double> cycles = new ArrayList<>();
        for (JsonNode p : params) {
            double ratio = Json.number(p, "ratio");
            if (Double.isFinite(ratio)) {
                ratios.add(ratio);
                double lo = Json.number(p, "ratioLow95");
                double hi = Json.number(p, "ratioHigh95");
                if (Double.isFinite(lo) && Double.isFinite(hi)) {
                    withInterval++;
                    if (lo <= 1 && 1 <= hi) {
                        covering++;
                    }
                }
            } else {
                Json.text(p, "prediction").map(RunSummary::reasonHead).ifPresent(r -> reasons.merge(r, 1, Integer::sum));
            }
            Optional<Boolean> drift = Json.bool(p, "drifting");
            if (drift.isPresent()) {
                driftKnown++;
                drifting += drift.get() ? 1 : 0;
            }
            double t = Json.number(p, "temperature");
            double s2 = Json.number(p, "gradientNoiseVariance");
            if (t > 0 && s2 > 0) {
                logTemp.add(Math.log10(t));
                logNoise.add(Math.log10(s2));
            }
            if ("Sgd".equals(Json.text(p, "updater").orElse(""))) {
                addFinite(alphas, Json.number(p, "measuredAlpha"));
            }
            double pv = Json.number(p, "predictedVariance");
            double pvIid = Json.number(p, "predictedVarianceIid");
            if (pv > 0 && pvIid > 0) {
                orderFactors.add(pv / pvIid);
            } else if (pvIid > 0) {
                iidOnly++;
            }
            addFinite(fdrs, Json.number(p, "fluctuationDissipationRatio"));
            addFinite(taus, Json.number(p, "integratedAutocorrelationTime"));
            double cyc = Json.number(p, "limitCycleSpread");
            double cycPred = Json.number(p, "predictedLimitCycleSpread");
            if (cyc >= 0 && cycPred > 0) {
                cycles.add(cyc / cycPred);
            }
        }
        String optimizer = Json.text(run, "optimizer").map(s -> s.toLowerCase(Locale.ROOT))
                .orElseGet(() -> params.isEmpty() ? "" : Json.text(params.get(0), "updater").orElse("")
                        .toLowerCase(Locale.ROOT));
        Optional<String> common = reasons.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
        JsonNode order = Json.object(obs, "dataOrder").orElse(null);
        return new RunSummary(Json.text(run, "label").orElse("run " + (position + 1)), optimizer,
                groupNodes.size(), settled, params.size(),
                driftKnown == 0 ? Double.NaN : (double) drifting / driftKnown, ratios.size(), median(ratios),
                withInterval == 0 ? Double.NaN : (double) covering / withInterval, common,
                SlopeFit.of(logNoise, logTemp), theorySlope(optimizer), median(alphas), median(orderFactors),
                orderFactors.size(), iidOnly, median(fdrs), median(taus), median(cycles),
                Json.text(order, "used").orElse("UNKNOWN"), Json.text(order, "detected").orElse("UNKNOWN"));
    }

    /** THEORY.md 2: d log T / d log sigma^2 is 1 for SGD, about 1/2 for RMSProp, 0 for eta'/sigma^2. */
    static double theorySlope(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> 1.0;
            case "rmsprop" -> 0.5;
            case "varnorm" -> 0.0;
            default -> Double.NaN;
        };
    }

    /** Median of finite values; NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
    }

    private static void addFinite(List<Double> list, double value) {
        if (Double.isFinite(value)) {
            list.add(value);
        }
    }

    /** "too few effective samples: ESS = 13.2 < 20" becomes "too few effective samples". */
    private static String reasonHead(String prediction) {
        int colon = prediction.indexOf(':');
        return colon > 0 ? prediction.substring(0, colon) : prediction;
    }
}
