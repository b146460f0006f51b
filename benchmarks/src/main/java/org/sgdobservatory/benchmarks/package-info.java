/**
 * Speed benchmarks of sim-core (BENCHMARKS.md#sim-core-throughput): chain-steps per second of 1-D
 * SGD with Gaussian noise on {@code L = h x^2/2}, for sim-core's {@code Simulation}, a plain scalar
 * Java loop ({@link org.sgdobservatory.benchmarks.ScalarSgdLoop}) and a NumPy script, measured in
 * alternation in one JVM run ({@link org.sgdobservatory.benchmarks.SimBenchmark}); and a per-operation
 * breakdown of one sim-core step ({@link org.sgdobservatory.benchmarks.StepBreakdown}).
 *
 * <p>What the observatory listener costs (BENCHMARKS.md#what-observing-costs to #memory,
 * {@link org.sgdobservatory.benchmarks.ListenerBenchmark}): training time per iteration with the listener,
 * DL4J's {@code StatsListener} and {@code ScoreIterationListener} against no listener, on the digits MLP, a wide
 * MLP and a small CNN ({@link org.sgdobservatory.benchmarks.BenchNetwork}), measured in alternation
 * ({@link org.sgdobservatory.benchmarks.ListenerOverhead}); the probes
 * ({@link org.sgdobservatory.benchmarks.ProbeCost}); the predictor's RmsProp simulation
 * ({@link org.sgdobservatory.benchmarks.PredictionCost}); memory
 * ({@link org.sgdobservatory.benchmarks.ListenerMemory}); the window's end in a fresh JVM
 * ({@link org.sgdobservatory.benchmarks.Finalisation}) and what the work the listener starts beside training when
 * its window opens (the report's warm-up, the rehearsal) costs training
 * ({@link org.sgdobservatory.benchmarks.WindowStartCost}).
 */
package org.sgdobservatory.benchmarks;
