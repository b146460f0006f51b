/**
 * Command-line tools that produce sim-core's shipped data and measure it, kept in the test tree so that they run
 * with the test classpath (the ND4J CPU backend) and ship in no jar: {@link
 * org.sgdobservatory.sim.tools.RmsPropTableGenerator} writes the RMSProp stationary-variance table
 * ({@code benchmarks/run-rmsprop-table.sh}); {@link org.sgdobservatory.sim.tools.RmsPropTableBenchmark} times it
 * against the group simulation it replaces ({@code benchmarks/run-rmsprop-table-benchmark.sh});
 * {@link org.sgdobservatory.sim.tools.RmsPropReshufflingStudy} measures the reshuffling approximation for RMSProp
 * ({@code benchmarks/run-rmsprop-reshuffling-study.sh}). {@code benchmarks/sim-core-tool.sh} runs any of them.
 */
package org.sgdobservatory.sim.tools;
