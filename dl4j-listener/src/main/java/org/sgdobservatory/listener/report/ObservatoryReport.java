package org.sgdobservatory.listener.report;

import java.util.List;

/**
 * The listener's report, the same as Java object and as JSON ({@link ReportWriter}).
 *
 * @param schemaVersion version of this schema ({@link #SCHEMA_VERSION})
 * @param provenance versions, seed, configurations
 * @param cost what observing cost
 * @param window the observation window
 * @param dataOrder detected and used minibatch order
 * @param noiseScaling the 1/B check, absent (null in JSON) when the probe did not run
 * @param groups per layer x parameter kind summaries
 * @param blockPredictions full-block predictions of small groups (when requested)
 * @param parameters per tracked parameter diagnostics
 * @param closeUps close looks at a few tracked parameters (traces, histograms, densities, loss slices)
 * @param findings everything the user should know
 */
public record ObservatoryReport(int schemaVersion, Provenance provenance, ListenerCost cost, WindowReport window,
                                DataOrderReport dataOrder, java.util.Optional<NoiseScalingReport> noiseScaling,
                                List<GroupReport> groups, List<BlockPredictionReport> blockPredictions,
                                List<ParameterReport> parameters, List<CloseUpReport> closeUps,
                                List<Finding> findings) {

    /** The current schema version; incremented on any incompatible change. */
    public static final int SCHEMA_VERSION = 2;

    /** Copies the lists. */
    public ObservatoryReport {
        groups = List.copyOf(groups);
        blockPredictions = List.copyOf(blockPredictions);
        parameters = List.copyOf(parameters);
        closeUps = List.copyOf(closeUps);
        findings = List.copyOf(findings);
    }

    /** This report with one more finding. */
    public ObservatoryReport withFinding(Finding finding) {
        List<Finding> more = new java.util.ArrayList<>(findings);
        more.add(finding);
        return new ObservatoryReport(schemaVersion, provenance, cost, window, dataOrder, noiseScaling, groups,
                blockPredictions, parameters, closeUps, more);
    }

    /** The group of a DL4J parameter key, e.g. {@code 0_W}. */
    public java.util.Optional<GroupReport> group(String key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst();
    }

    /** Whether any finding carries {@code code}. */
    public boolean hasFinding(String code) {
        return findings.stream().anyMatch(f -> f.code().equals(code));
    }
}
