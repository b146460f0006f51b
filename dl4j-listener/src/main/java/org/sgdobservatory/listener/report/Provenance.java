package org.sgdobservatory.listener.report;

/**
 * Where a report came from.
 *
 * @param listenerVersion this module's version
 * @param dl4jVersion Deeplearning4j version on the class path
 * @param nd4jBackend ND4J backend class
 * @param javaVersion JVM version
 * @param seed the listener's seed (subset selection, probes)
 * @param networkType MultiLayerNetwork or ComputationGraph
 * @param numParams parameters of the network
 * @param listenerConfiguration the listener's configuration ({@code toString} of its record)
 * @param networkConfiguration the network configuration as DL4J JSON
 */
public record Provenance(String listenerVersion, String dl4jVersion, String nd4jBackend, String javaVersion,
                         long seed, String networkType, long numParams, String listenerConfiguration,
                         String networkConfiguration) {
}
