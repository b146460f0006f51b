package org.sgdobservatory.report.model;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a report came from.
 *
 * @param versions versions of the software involved
 * @param seed the listener's seed (subset selection, probes, simulations)
 * @param networkType MultiLayerNetwork or ComputationGraph
 * @param numParams parameters of the network
 * @param listenerConfiguration the listener's full configuration as JSON (every setting)
 * @param networkConfiguration the network configuration as Deeplearning4j's own JSON
 */
public record Provenance(Versions versions, long seed, String networkType, long numParams,
                         JsonNode listenerConfiguration, String networkConfiguration) {

    /** Validates. */
    public Provenance {
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    }

    /**
     * Software versions.
     *
     * @param observatory this project's version
     * @param deeplearning4j Deeplearning4j on the class path
     * @param nd4jBackend ND4J backend class
     * @param java JVM version
     */
    public record Versions(String observatory, String deeplearning4j, String nd4jBackend, String java) {
    }
}
