package org.sgdobservatory.report.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One observed run: the listener's report, the same as Java records and as JSON ({@link ReportJson}). A document
 * with one component per section, in the order a reader meets them.
 *
 * @param schemaVersion version of this schema ({@link #SCHEMA_VERSION})
 * @param provenance versions, seed, configurations
 * @param cost what observing cost
 * @param window the observation window
 * @param dataOrder detected and used minibatch order
 * @param probes what the probes ran on and how
 * @param summary the run's verdict and the numbers behind it
 * @param groups per DL4J parameter block
 * @param directions the spread along the top Hessian eigen-directions, when they were computed
 * @param blockPredictions full-block predictions of small groups (when requested)
 * @param parameters per tracked parameter; in a report file with more rows than the listener's
 *     {@code jsonParameterRows}, empty, the rows being in the {@code parameterSidecar} file (which
 *     {@link ReportJson#readFile} loads back here)
 * @param parameterSidecar the gzipped CSV file beside the report file that holds the per-parameter rows, when they
 *     were written there
 * @param closeUps close looks at a few tracked parameters
 * @param findings everything the user should know
 */
public record ObservatoryReport(int schemaVersion, Provenance provenance, ListenerCost cost, WindowReport window,
                                DataOrderReport dataOrder, ProbeReport probes, RunSummary summary,
                                List<GroupReport> groups, Optional<SpectralReport> directions,
                                List<BlockPredictionReport> blockPredictions,
                                List<ParameterReport> parameters, Optional<ParameterSidecar> parameterSidecar,
                                List<CloseUpReport> closeUps, List<Finding> findings) {

    /** The current schema version; raised on any incompatible change ({@code docs/report-schema.md#versions}). */
    public static final int SCHEMA_VERSION = 8;

    /** Validates and copies the lists. */
    public ObservatoryReport {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dataOrder, "dataOrder");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(summary, "summary");
        groups = List.copyOf(groups);
        Objects.requireNonNull(directions, "directions");
        blockPredictions = List.copyOf(blockPredictions);
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(parameterSidecar, "parameterSidecar");
        if (parameterSidecar.isPresent() && !parameters.isEmpty() && parameters.size() != parameterSidecar.get().rows()) {
            throw new IllegalArgumentException("the report holds " + parameters.size() + " parameters, its sidecar "
                    + parameterSidecar.get().rows() + " rows");
        }
        closeUps = List.copyOf(closeUps);
        findings = List.copyOf(findings);
    }

    /** A report whose per-parameter rows are all in {@code parameters} (no sidecar file). */
    public ObservatoryReport(int schemaVersion, Provenance provenance, ListenerCost cost, WindowReport window,
                             DataOrderReport dataOrder, ProbeReport probes, RunSummary summary, List<GroupReport> groups,
                             Optional<SpectralReport> directions, List<BlockPredictionReport> blockPredictions,
                             List<ParameterReport> parameters, List<CloseUpReport> closeUps, List<Finding> findings) {
        this(schemaVersion, provenance, cost, window, dataOrder, probes, summary, groups, directions, blockPredictions,
                parameters, Optional.empty(), closeUps, findings);
    }

    /** This report with one more finding. */
    public ObservatoryReport withFinding(Finding finding) {
        List<Finding> more = new ArrayList<>(findings);
        more.add(Objects.requireNonNull(finding, "finding"));
        return new ObservatoryReport(schemaVersion, provenance, cost, window, dataOrder, probes, summary, groups,
                directions, blockPredictions, parameters, parameterSidecar, closeUps, more);
    }

    /**
     * This report with its per-parameter rows in a sidecar file: {@code parameters} are the rows this record holds
     * (all of them, or none in the JSON form of the file).
     */
    public ObservatoryReport withParameters(List<ParameterReport> parameters, Optional<ParameterSidecar> sidecar) {
        return new ObservatoryReport(schemaVersion, provenance, cost, window, dataOrder, probes, summary, groups,
                directions, blockPredictions, parameters, sidecar, closeUps, findings);
    }

    /** The group of a DL4J parameter key, e.g. {@code 0_W}. */
    public Optional<GroupReport> group(String key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst();
    }

    /** Whether any finding carries {@code code}. */
    public boolean hasFinding(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }

    /** The findings that carry {@code code}. */
    public List<Finding> findings(FindingCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }
}
