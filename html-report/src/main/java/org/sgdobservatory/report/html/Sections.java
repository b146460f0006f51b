package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server-rendered parts of the page (header, verdicts, findings, tables): plain HTML that reads without
 * JavaScript. Every string from the report goes through {@link Html#escape}; numbers through
 * {@link Html#number}. Stateless and thread-safe.
 */
final class Sections {

    private Sections() {
    }

    /** Title, description, data and attribution, generation time, versions. */
    static void header(StringBuilder out, JsonNode report, Assets assets) {
        JsonNode example = Json.object(report, "example").orElse(null);
        String title = Json.text(example, "title").or(() -> Json.text(example, "name")).orElse("Example report");
        out.append("<header>\n<p class=\"kicker\">SGD Observatory · diagnostic report</p>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        Json.text(example, "description").ifPresent(d -> out.append("<p class=\"lead\">").append(Html.escape(d))
                .append("</p>\n"));
        out.append("<dl class=\"facts\">\n");
        Json.text(example, "name").ifPresent(n -> fact(out, "example",
                n + Json.text(example, "task").map(t -> " (" + t + ")").orElse("")));
        JsonNode data = Json.object(example, "data").orElse(null);
        if (data != null) {
            String size = Double.isFinite(Json.number(data, "rows"))
                    ? " — " + Html.count(Json.number(data, "rows")) + " rows × " + Html.count(Json.number(data, "features"))
                    + " features" : "";
            fact(out, "data", Json.text(data, "name").orElse(Html.MISSING) + size);
            fact(out, "source", Json.text(data, "source").orElse(null));
            fact(out, "license", Json.text(data, "license").orElse(null));
            fact(out, "cite", Json.text(data, "citation").orElse(null));
        }
        fact(out, "generated at", Json.text(report, "generatedAt").orElse(null));
        List<JsonNode> runs = Json.array(report, "runs");
        JsonNode prov = runs.isEmpty() ? null
                : Json.object(runs.get(0), "observatory").flatMap(o -> Json.object(o, "provenance")).orElse(null);
        StringBuilder versions = new StringBuilder("SGD Observatory ")
                .append(Json.text(report, "observatoryVersion").orElse(Html.MISSING));
        Json.text(prov, "dl4jVersion").ifPresent(v -> versions.append(" · Deeplearning4j ").append(v));
        Json.text(prov, "nd4jBackend").ifPresent(v -> versions.append(" · ND4J ").append(v));
        Json.text(prov, "javaVersion").ifPresent(v -> versions.append(" · Java ").append(v));
        versions.append(" · uPlot ").append(assets.uplotVersion());
        fact(out, "versions", versions.toString());
        out.append("</dl>\n</header>\n");
    }

    private static void fact(StringBuilder out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value))
                    .append("</dd>\n");
        }
    }

    /** The verdict cards, one per run, then the runs' settings and training results. */
    static void verdicts(StringBuilder out, List<JsonNode> runs, List<RunSummary> summaries) {
        out.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n");
        if (runs.isEmpty()) {
            out.append("<p class=\"empty\">The report holds no runs.</p>\n</section>\n");
            return;
        }
        out.append("<div class=\"cards\">\n");
        for (int i = 0; i < runs.size(); i++) {
            RunSummary s = summaries.get(i);
            out.append("<article class=\"card\">\n<h3>").append(Html.escape(s.label())).append(" <span class=\"opt\">")
                    .append(Html.escape(s.optimizer())).append("</span></h3>\n<ul class=\"verdicts\">\n");
            for (Verdict v : Verdict.of(s)) {
                out.append("<li class=\"verdict ").append(v.level().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\"><span class=\"q\">").append(Html.escape(v.question()))
                        .append("</span> <span class=\"a\">").append(Html.escape(v.answer()))
                        .append("</span><div class=\"d\">").append(Html.escape(v.detail())).append("</div></li>\n");
            }
            out.append("</ul>\n");
            runFacts(out, runs.get(i));
            out.append("</article>\n");
        }
        out.append("</div>\n</section>\n");
    }

    private static void runFacts(StringBuilder out, JsonNode run) {
        out.append("<dl class=\"facts small\">\n");
        Json.object(run, "settings").ifPresent(s -> fact(out, "settings", keyValues(s)));
        Json.object(run, "training").ifPresent(t -> {
            if (Double.isFinite(Json.number(t, "iterations")) || Double.isFinite(Json.number(t, "seconds"))) {
                fact(out, "training", Html.count(Json.number(t, "iterations")) + " iterations, "
                        + Html.count(Json.number(t, "epochs")) + " epochs, " + Html.number(Json.number(t, "seconds"))
                        + " s");
            }
            Json.object(t, "metrics").ifPresent(m -> fact(out, "metrics", keyValues(m)));
        });
        JsonNode window = Json.object(run, "observatory").flatMap(o -> Json.object(o, "window")).orElse(null);
        if (window != null) {
            fact(out, "window", "iterations " + Html.count(Json.number(window, "startIteration")) + "–"
                    + Html.count(Json.number(window, "lastIteration")) + ", " + Html.count(Json.number(window, "samples"))
                    + " samples, every " + Html.count(Json.number(window, "every")) + "; "
                    + Json.text(window, "startReason").orElse(Html.MISSING));
        }
        out.append("</dl>\n");
    }

    private static String keyValues(JsonNode object) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            parts.add(e.getKey() + " = " + (v.isIntegralNumber() ? v.asText() : v.isNumber() ? Html.number(v) : v.isNull() ? Html.MISSING : v.isValueNode()
                    ? v.asText() : v.toString()));
        }
        return String.join(", ", parts);
    }

    /** The report's own findings and each run's listener findings, errors first. */
    static void findings(StringBuilder out, JsonNode report, List<JsonNode> runs, List<RunSummary> summaries) {
        out.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        List<String[]> rows = new ArrayList<>();
        for (JsonNode f : Json.array(report, "findings")) {
            rows.add(findingRow("report", f));
        }
        for (int i = 0; i < runs.size(); i++) {
            String label = summaries.get(i).label();
            for (JsonNode f : Json.array(Json.object(runs.get(i), "observatory").orElse(null), "findings")) {
                rows.add(findingRow(label, f));
            }
        }
        if (rows.isEmpty()) {
            out.append("<p class=\"empty\">No findings.</p>\n</section>\n");
            return;
        }
        rows.sort(java.util.Comparator.comparingInt(r -> severityRank(r[1])));
        List<String[]> main = rows.stream().filter(r -> !NON_FINITE.equals(r[2])).toList();
        List<String[]> nonFinite = rows.stream().filter(r -> NON_FINITE.equals(r[2])).toList();
        if (!main.isEmpty()) {
            findingTable(out, main);
        }
        if (!nonFinite.isEmpty()) {
            out.append("<details><summary>").append(nonFinite.size()).append(" ").append(NON_FINITE)
                    .append(" findings: fields written as null (not estimable or not predicted)</summary>\n");
            findingTable(out, nonFinite);
            out.append("</details>\n");
        }
        out.append("</section>\n");
    }

    private static final String NON_FINITE = "NON_FINITE_VALUE";

    private static void findingTable(StringBuilder out, List<String[]> rows) {
        out.append("<table class=\"findings\">\n<thead><tr><th>run</th><th>severity</th><th>code</th><th>message</th>"
                + "</tr></thead>\n<tbody>\n");
        for (String[] r : rows) {
            out.append("<tr class=\"sev-").append(Html.escape(r[1].toLowerCase(java.util.Locale.ROOT))).append("\">");
            for (String cell : r) {
                out.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static String[] findingRow(String run, JsonNode f) {
        return new String[] {run, Json.text(f, "severity").orElse(Html.MISSING), Json.text(f, "code").orElse(Html.MISSING),
                Json.text(f, "message").orElse(Html.MISSING)};
    }

    private static int severityRank(String severity) {
        return switch (severity) {
            case "ERROR" -> 0;
            case "WARNING" -> 1;
            case "INFO" -> 2;
            default -> 3;
        };
    }

    /** One table of groups per run, and the full-block predictions when the run has any. */
    static void groupTables(StringBuilder out, List<JsonNode> runs, List<RunSummary> summaries) {
        out.append("<section id=\"groups\">\n<h2>Parameter groups</h2>\n<p class=\"how\">One row per DL4J parameter"
                + " block (layer × kind). Ratio = observed / predicted variance (1 = the theory's spread); FDR ="
                + " fluctuation-dissipation ratio (1 when stationary); T = h·Var; alpha = T/(lr·σ²_B) (theory 1/2);"
                + " slope = d log T / d log σ²_B across the group (1 SGD, ~1/2 RMSProp, 0 one temperature).</p>\n");
        for (int i = 0; i < runs.size(); i++) {
            JsonNode obs = Json.object(runs.get(i), "observatory").orElse(null);
            out.append("<h3>").append(Html.escape(summaries.get(i).label())).append("</h3>\n");
            List<JsonNode> groups = Json.array(obs, "groups");
            if (groups.isEmpty()) {
                out.append("<p class=\"empty\">No groups reported.</p>\n");
                continue;
            }
            out.append("<div class=\"scroll\"><table class=\"num\">\n<thead><tr><th>group</th><th>updater</th>"
                    + "<th>tracked / total</th><th>predicted</th><th>median ratio</th><th>median FDR</th>"
                    + "<th>drifting</th><th>median T</th><th>median alpha</th><th>slope ± SE</th><th>settled</th>"
                    + "</tr></thead>\n<tbody>\n");
            for (JsonNode g : groups) {
                out.append("<tr><td class=\"key\">").append(Html.text(g.get("key"))).append("</td><td>")
                        .append(Html.text(g.get("updater"))).append("</td><td>")
                        .append(Html.count(Json.number(g, "trackedParameters"))).append(" / ")
                        .append(Html.count(Json.number(g, "totalParameters"))).append("</td><td>")
                        .append(Html.count(Json.number(g, "predictedParameters"))).append("</td><td>")
                        .append(Html.number(g.get("medianRatio"))).append("</td><td>")
                        .append(Html.number(g.get("medianFluctuationDissipationRatio"))).append("</td><td>")
                        .append(Html.percent(Json.number(g, "fractionDrifting"))).append("</td><td>")
                        .append(Html.number(g.get("medianTemperature"))).append("</td><td>")
                        .append(Html.number(g.get("medianMeasuredAlpha"))).append("</td><td>")
                        .append(Html.number(g.get("temperatureNoiseSlope"))).append(" ± ")
                        .append(Html.number(g.get("temperatureNoiseSlopeStandardError"))).append("</td><td>")
                        .append(Json.bool(g, "settled").map(b -> b ? "yes" : "no").orElse(Html.MISSING))
                        .append("</td></tr>\n<tr class=\"verdict-row\"><td colspan=\"11\">")
                        .append(Html.text(g.get("verdict"))).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table></div>\n");
            List<JsonNode> blocks = Json.array(obs, "blockPredictions");
            if (!blocks.isEmpty()) {
                out.append("<h4>Full-block predictions</h4>\n<div class=\"scroll\"><table class=\"num\">\n<thead><tr>"
                        + "<th>group</th><th>parameters</th><th>median observed / full</th>"
                        + "<th>median diagonal / full</th><th class=\"text\">basis</th></tr></thead>\n<tbody>\n");
                for (JsonNode b : blocks) {
                    out.append("<tr><td class=\"key\">").append(Html.text(b.get("key"))).append("</td><td>")
                            .append(Html.count(Json.number(b, "parameters"))).append("</td><td>")
                            .append(Html.number(b.get("medianRatioObservedToFull"))).append("</td><td>")
                            .append(Html.number(b.get("medianRatioDiagonalToFull"))).append("</td><td class=\"text\">")
                            .append(Html.text(b.get("basis"))).append("</td></tr>\n");
                }
                out.append("</tbody>\n</table></div>\n");
            }
        }
        out.append("</section>\n");
    }

    /** Run-level numbers side by side (only when the report holds two runs or more). */
    static void comparisonTable(StringBuilder out, List<JsonNode> runs, List<RunSummary> summaries) {
        out.append("<table class=\"num compare\">\n<thead><tr><th></th>");
        for (RunSummary s : summaries) {
            out.append("<th>").append(Html.escape(s.label())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        row(out, "optimizer", summaries.stream().map(s -> Html.escape(s.optimizer())).toList());
        row(out, "learning rate", runs.stream().map(r -> Html.number(Json.number(
                Json.object(r, "settings").orElse(null), "learningRate"))).toList());
        row(out, "slope of log T vs log σ²_B (± SE)", summaries.stream().map(s -> s.temperatureFit()
                .map(f -> Html.number(f.slope()) + " ± " + Html.number(f.standardError())).orElse(Html.MISSING)).toList());
        row(out, "theory slope", summaries.stream().map(s -> Html.number(s.theorySlope())).toList());
        row(out, "median observed / predicted", summaries.stream().map(s -> Html.number(s.medianRatio())
                + " (" + s.predicted() + " predicted)").toList());
        row(out, "median measured alpha (Sgd)", summaries.stream().map(s -> Html.number(s.medianMeasuredAlpha())).toList());
        row(out, "median FDR ratio", summaries.stream().map(s -> Html.number(s.medianFdr())).toList());
        row(out, "median autocorrelation time", summaries.stream().map(s -> Html.number(s.medianTau())).toList());
        row(out, "parameters drifting", summaries.stream().map(s -> Html.percent(s.fractionDrifting())).toList());
        row(out, "groups settled", summaries.stream().map(s -> s.settledGroups() + " / " + s.groups()).toList());
        row(out, "data order used", summaries.stream().map(s -> Html.escape(s.dataOrderUsed())).toList());
        out.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder out, String name, List<String> escapedCells) {
        out.append("<tr><th>").append(Html.escape(name)).append("</th>");
        for (String c : escapedCells) {
            out.append("<td>").append(c).append("</td>");
        }
        out.append("</tr>\n");
    }
}
